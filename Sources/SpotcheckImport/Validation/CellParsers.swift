import SpotcheckCore

/// Parsing of individual cell kinds shared by the three lists. Each returns
/// nil (or a reason) instead of throwing, so a row collects all its problems.
enum CellParsers {
    /// Dates as offices type or Excel stores them: `2025-12-31`, `2025/12/31`,
    /// `2025.12.31`, `2025-1-5`, `2025年12月31日`, `20251231`, or an Excel serial
    /// number (a date cell read without its style).
    static func date(_ text: String) -> CivilDate? {
        if let date = CivilDate(text) { return date }
        let bytes = Array(text.utf8)
        if !bytes.isEmpty, bytes.allSatisfy(isDigit) {
            if bytes.count == 8 {
                return CivilDate(year: number(bytes[0..<4]), month: number(bytes[4..<6]), day: number(bytes[6..<8]))
            }
            // Serials of plausible certificate/inspection dates (1954…2119).
            if bytes.count == 5, let serial = Double(text) { return ExcelDate.date(fromSerial: serial) }
            return nil
        }
        var parts: [Int] = []
        var current: Int?
        for scalar in text.unicodeScalars {
            if ("0"..."9").contains(scalar) {
                current = (current ?? 0) * 10 + Int(scalar.value - 0x30)
                guard current! < 10_000 else { return nil }
            } else if ["-", "/", ".", "年", "月", "日"].contains(scalar) {
                guard let value = current else { return nil }
                parts.append(value)
                current = nil
            } else {
                return nil
            }
        }
        if let current { parts.append(current) }
        guard parts.count == 3, parts[0] >= 1000 else { return nil }
        return CivilDate(year: parts[0], month: parts[1], day: parts[2])
    }

    /// 6 digits (county) or 9 and more (town 9, village 12).
    static func isRegionCode(_ text: String) -> Bool {
        let count = text.utf8.count
        return (count == 6 || count >= 9) && text.utf8.allSatisfy(isDigit)
    }

    /// Mainland mobile: 11 digits starting 13–19, optionally after +86/86,
    /// with spaces or hyphens between groups.
    static func isMobile(_ text: String) -> Bool {
        // Allocation-free: only the digit count and the first four digits matter.
        var count = 0
        var head: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
        var index = -1
        for byte in text.utf8 {
            index += 1
            switch byte {
            case 0x30...0x39:
                switch count {
                case 0: head.0 = byte
                case 1: head.1 = byte
                case 2: head.2 = byte
                case 3: head.3 = byte
                default: break
                }
                count += 1
            case 0x20, UInt8(ascii: "-"): continue
            case UInt8(ascii: "+") where index == 0: continue
            default: return false
            }
        }
        let one = UInt8(ascii: "1")
        let three = UInt8(ascii: "3")
        if count == 13 && head.0 == UInt8(ascii: "8") && head.1 == UInt8(ascii: "6") { return head.2 == one && head.3 >= three }
        return count == 11 && head.0 == one && head.1 >= three
    }

    /// A mobile or a landline: `0319-1234567`, `(0319)1234567`, `03191234567`,
    /// local 7–8 digits, 400/800 numbers, with an optional extension
    /// (`-801`, `转801`).
    static func isPhone(_ text: String) -> Bool {
        if isMobile(text) { return true }
        var main = text
        // Foundation's `range(of:)` was a fifth of a million-row validation; look only when a
        // `#` or the first byte of 转 (E8 BD AC) is there at all.
        if text.utf8.contains(where: { $0 == 0x23 || $0 == 0xE8 }), let range = main.range(of: "转") ?? main.range(of: "#") {
            let extensionPart = main[range.upperBound...]
            guard !extensionPart.isEmpty, extensionPart.utf8.allSatisfy(isDigit) else { return false }
            main = String(main[..<range.lowerBound])
        }
        var groups = main.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == "(" || $0 == ")" || $0 == "（" || $0 == "）" })
            .map { Array($0.utf8) }
        guard !groups.isEmpty, groups.allSatisfy({ $0.allSatisfy(isDigit) }) else { return false }
        // A third group after an area code is an extension.
        if groups.count == 3, groups[0].first == UInt8(ascii: "0"), (1...6).contains(groups[2].count) { groups.removeLast() }
        let digits = groups.flatMap { $0 }
        switch digits.first {
        case UInt8(ascii: "0"): return (10...12).contains(digits.count)
        case UInt8(ascii: "4"), UInt8(ascii: "8"): return digits.count == 10 || (7...8).contains(digits.count)
        case .some: return (7...8).contains(digits.count) && digits.first != UInt8(ascii: "1")
        case .none: return false
        }
    }

    /// 是/否 and the usual spellings; empty is `false`.
    static func flag(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "", "否", "不是", "非专家", "n", "no", "false", "0", "×": return false
        case "是", "专家", "y", "yes", "true", "1", "√", "✓": return true
        default: return nil
        }
    }

    /// 抽查比例 → basis points: `5%`, `0.5%`, `5` (a bare number is a
    /// percentage, as the lists print it). Nil outside 0–100 %.
    static func ratioBasisPoints(_ text: String) -> Int? {
        var body = text
        for suffix in ["%", "％"] where body.hasSuffix(suffix) { body.removeLast() }
        guard let percent = Double(body.trimmedCell), percent.isFinite, (0...100).contains(percent) else { return nil }
        return Int((percent * 100).rounded())
    }

    /// Lists of tags or methods: `;`, `；`, `、` and `,`/`，` separate.
    static func tagList(_ text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        var text = text
        return text.withUTF8 { bytes in
            var items: [String] = []
            forEachListItem(in: bytes) { items.append(String(decoding: $0, as: UTF8.self)) }
            return items
        }
    }

    /// Calls `body` with each trimmed, non-empty item of a tag list. Byte-level
    /// because it runs for every row of big enterprise imports.
    static func forEachListItem(in bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var start = 0
        var index = 0
        func flush(_ end: Int) {
            var low = start
            var high = end
            while low < high, bytes[low] == 0x20 || bytes[low] == 0x09 { low += 1 }
            while high > low, bytes[high - 1] == 0x20 || bytes[high - 1] == 0x09 { high -= 1 }
            // Full-width spaces around items are trimmed too.
            while high - low >= 3, bytes[low] == 0xE3, bytes[low + 1] == 0x80, bytes[low + 2] == 0x80 { low += 3 }
            while high - low >= 3, bytes[high - 3] == 0xE3, bytes[high - 2] == 0x80, bytes[high - 1] == 0x80 { high -= 3 }
            if high > low { body(UnsafeBufferPointer(rebasing: bytes[low..<high])) }
        }
        while index < bytes.count {
            let byte = bytes[index]
            var width = 0
            if byte == UInt8(ascii: ";") || byte == UInt8(ascii: ",") {
                width = 1
            } else if byte >= 0xE3, index + 2 < bytes.count {
                let (second, third) = (bytes[index + 1], bytes[index + 2])
                // ；(EF BC 9B)  ，(EF BC 8C)  、(E3 80 81)
                if (byte == 0xEF && second == 0xBC && (third == 0x9B || third == 0x8C)) || (byte == 0xE3 && second == 0x80 && third == 0x81) {
                    width = 3
                }
            }
            if width > 0 {
                flush(index)
                index += width
                start = index
            } else {
                index += 1
            }
        }
        flush(bytes.count)
    }

    /// Lists of sentences (sub-items, materials), which contain `、` themselves:
    /// only `;`, `；` and line breaks separate.
    static func sentenceList(_ text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        return text.split(whereSeparator: { $0 == ";" || $0 == "；" || $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .map { String($0).trimmedCell }
            .filter { !$0.isEmpty }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func number(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }
}
