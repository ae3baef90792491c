/// Strict UTF-8 validation without building a String.
///
/// Used to decide between UTF-8 and GB18030 on files of up to a few hundred
/// megabytes, so it skips ASCII eight bytes at a time; the multi-byte checks
/// follow the Unicode well-formed byte sequences table (no overlongs, no
/// surrogates, nothing above U+10FFFF).
enum UTF8Validation {
    static func isValid(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { isValid($0) }
    }

    static func isValid(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = buffer.baseAddress else { return true }
        let count = buffer.count
        var index = 0
        while index < count {
            // ASCII fast path: most of a CSV is digits, commas and Latin letters.
            if index + 8 <= count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    index += 8
                    continue
                }
            }
            let lead = base[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            // Fast path for the three-byte sequences of CJK text (U+1000–U+CFFF,
            // U+E000–U+FFFF), where any continuation bytes are valid.
            if (lead >= 0xE1 && lead <= 0xEC) || lead >= 0xEE && lead <= 0xEF, index + 2 < count {
                guard base[index + 1] & 0xC0 == 0x80, base[index + 2] & 0xC0 == 0x80 else { return false }
                index += 3
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return false
            }
            guard index + length <= count else { return false }
            let second = base[index + 1]
            guard second >= low, second <= high else { return false }
            var offset = 2
            while offset < length {
                let next = base[index + offset]
                guard next >= 0x80, next <= 0xBF else { return false }
                offset += 1
            }
            index += length
        }
        return true
    }
}
