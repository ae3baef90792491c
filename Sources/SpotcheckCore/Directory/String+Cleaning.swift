// Cell-value clean-up shared by the directory types. Kept internal: these are
// conveniences for spreadsheet input, not general String API.
extension String {
    /// Trims ASCII and full-width (U+3000) spaces, tabs and line breaks, which
    /// Chinese spreadsheets leave around cell values.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" || $0 == "\u{3000}" }
        guard let first = firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = lastIndex(where: { !isSpace($0) })!
        if first == startIndex && last == index(before: endIndex) { return self }
        return String(self[first...last])
    }

    func uppercasedASCII() -> String {
        guard utf8.contains(where: { $0 >= 0x61 && $0 <= 0x7A }) else { return self }
        return String(decoding: utf8.map { ($0 >= 0x61 && $0 <= 0x7A) ? $0 - 0x20 : $0 }, as: UTF8.self)
    }
}
