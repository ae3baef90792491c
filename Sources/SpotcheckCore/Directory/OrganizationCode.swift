/// 组织机构代码 (GB 11714), which forms positions 9–17 of a 统一社会信用代码.
///
/// Kept apart from ``USCC`` because it is a second, independent check: a code can
/// pass the GB 32100 check character and still carry a broken organisation code
/// (typed from an old certificate), which is worth flagging but not rejecting.
public enum OrganizationCode {
    static let weights: [Int] = [3, 7, 9, 10, 5, 8, 4, 2]

    /// The 9-character organisation code inside an 18-character USCC, or nil.
    public static func extract(fromUSCC code: String) -> String? {
        let characters = Array(code)
        guard characters.count == 18 else { return nil }
        return String(characters[8..<17])
    }

    /// The check character for the first 8 characters of an organisation code,
    /// or nil when one of them is neither a digit nor an upper-case letter.
    public static func checkCharacter(forBody body: String) -> Character? {
        let bytes = Array(body.utf8)
        guard bytes.count == 8 else { return nil }
        var sum = 0
        for (index, byte) in bytes.enumerated() {
            guard let value = value(of: byte) else { return nil }
            sum += value * weights[index]
        }
        switch 11 - sum % 11 {
        case 10: return "X"
        case 11: return "0"
        case let digit: return Character(String(digit))
        }
    }

    /// `true` when the 9th character matches the check computed from the first 8.
    public static func isValid(_ code: String) -> Bool {
        let characters = Array(code)
        guard characters.count == 9 else { return false }
        return checkCharacter(forBody: String(characters[0..<8])) == characters[8]
    }

    /// `true` when positions 9–17 of `uscc` form a valid organisation code.
    public static func isValid(inUSCC uscc: String) -> Bool {
        extract(fromUSCC: uscc).map { isValid($0) } ?? false
    }

    /// Digits are 0–9, letters A=10 … Z=35 (all 26 letters, unlike the USCC alphabet).
    private static func value(of byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return Int(byte - UInt8(ascii: "A")) + 10
        default: return nil
        }
    }
}
