/// Byte-level clean-up of cell values from XLSX sheets and from rows handed to
/// ``ImportSession`` directly (CSV fields are trimmed by the parser itself).
/// Avoids Character iteration and returns `self` untouched when there is
/// nothing to trim.
extension String {
    /// Without surrounding ASCII white space and full-width spaces (U+3000),
    /// which Chinese spreadsheets leave around values.
    var trimmedCell: String {
        // Fast exit for the usual cell: nothing that could be white space at
        // either end (U+3000 starts with E3 and ends with 80).
        let view = utf8
        guard let first = view.first, let last = view.last else { return self }
        if !Self.isSpace(first) && first != 0xE3 && !Self.isSpace(last) && last != 0x80 { return self }
        var copy = self
        return copy.withUTF8 { buffer -> String in
            var start = 0
            var end = buffer.count
            while start < end {
                if Self.isSpace(buffer[start]) { start += 1 }
                else if start + 3 <= end, buffer[start] == 0xE3, buffer[start + 1] == 0x80, buffer[start + 2] == 0x80 { start += 3 }
                else { break }
            }
            while end > start {
                if Self.isSpace(buffer[end - 1]) { end -= 1 }
                else if end - 3 >= start, buffer[end - 3] == 0xE3, buffer[end - 2] == 0x80, buffer[end - 1] == 0x80 { end -= 3 }
                else { break }
            }
            if start == 0 && end == buffer.count { return self }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self)
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
