/// 统一社会信用代码 (unified social credit code, GB 32100-2015).
///
/// Validation is separate from construction on purpose: a few genuine codes from
/// early pilot regions fail the check character, so stored records must be able
/// to hold them (flagged) while new entries are rejected. Callers decide which
/// policy applies by looking at ``USCC/validate(_:)``'s result.
public struct USCC: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The code as stored (normalised: upper case, no spaces). A typed value so that a task, an
    /// enterprise and a department cannot be passed in each other's places.
    public let rawValue: String

    /// A stored code, taken as it is (stored codes may fail the check character, see above).
    public init(rawValue: String) { self.rawValue = rawValue }

    /// A code typed by a person: normalised; refused when it is not 18 characters of the alphabet
    /// (the check character is the caller's policy, see ``validate(_:)``).
    public init?(typed text: String) {
        let code = USCC.normalized(text)
        guard code.count == 18, code.allSatisfy({ USCC.alphabet.contains($0) }) else { return nil }
        self.rawValue = code
    }

    public var description: String { rawValue }

    /// The 31 characters a code may contain, in value order (I, O, S, V, Z never appear).
    public static let alphabet: [Character] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")

    /// Weights for positions 1…17 (3^(i-1) mod 31).
    static let weights: [Int] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    /// ASCII byte → value 0…30, or -1. A table because this runs once per row
    /// of million-row imports.
    static let valueTable: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (value, character) in alphabet.enumerated() {
            table[Int(character.asciiValue!)] = Int8(value)
        }
        return table
    }()

    /// Checks length, charset and check character.
    ///
    /// Lower-case letters are not accepted: the standard prints codes in upper
    /// case, and normalising silently would hide data-entry errors. Callers that
    /// want leniency upper-case first (``normalized(_:)``).
    public static func validate(_ code: String) -> USCCValidation {
        var code = code
        return code.withUTF8 { validate(bytes: $0) }
    }

    /// `true` when ``validate(_:)`` returns `.valid`.
    public static func isValid(_ code: String) -> Bool {
        validate(code) == .valid
    }

    /// Trims surrounding white space and upper-cases ASCII letters; spreadsheet
    /// cells often carry a trailing space or a lower-case letter typed by hand.
    public static func normalized(_ code: String) -> String {
        code.trimmingWhitespace().uppercasedASCII()
    }

    /// Computes the check character for the first 17 characters, or `nil` when
    /// `prefix` is not 17 characters of the alphabet. Used to generate demo data.
    public static func checkCharacter(forPrefix prefix: String) -> Character? {
        let bytes = Array(prefix.utf8)
        guard bytes.count == 17 else { return nil }
        guard let value = bytes.withUnsafeBufferPointer({ checkValue(of: $0) }) else { return nil }
        return alphabet[value]
    }

    /// Appends the correct check character to a 17-character prefix.
    public static func complete(prefix: String) -> String? {
        checkCharacter(forPrefix: prefix).map { prefix + String($0) }
    }

    static func validate(bytes: UnsafeBufferPointer<UInt8>) -> USCCValidation {
        // Non-ASCII input: count characters, not bytes, so the reason matches
        // what the user sees (a full-width digit is one character, three bytes).
        if bytes.count != 18 || bytes.contains(where: { $0 >= 0x80 }) {
            let text = String(decoding: bytes, as: UTF8.self)
            guard text.count == 18 else { return .wrongLength(text.count) }
            return .invalidCharacter(firstInvalidCharacter(text) ?? "?")
        }
        // Runs for every row of million-row imports: the table is read through
        // a buffer pointer (no bounds checks) and weights are generated, not loaded.
        let result: Int? = valueTable.withUnsafeBufferPointer { table in
            var sum = 0
            var weight = 1  // W_i = 3^(i-1) mod 31, the table in ``weights``
            for index in 0..<17 {
                let value = Int(table[Int(bytes[index])])
                guard value >= 0 else { return nil }
                sum += value * weight
                weight = weight &* 3 % 31
            }
            let expected = (31 - sum % 31) % 31
            return Int(table[Int(bytes[17])]) == expected ? -1 : expected
        }
        guard let result else {
            let bad = bytes.first { valueTable[Int($0)] < 0 }!
            return .invalidCharacter(Character(Unicode.Scalar(bad)))
        }
        if result == -1 { return .valid }
        // An invalid 18th character also lands here unless it is caught first.
        if valueTable[Int(bytes[17])] < 0 { return .invalidCharacter(Character(Unicode.Scalar(bytes[17]))) }
        return .wrongCheckCharacter(expected: alphabet[result])
    }

    private static func firstInvalidCharacter(_ text: String) -> Character? {
        text.first { character in
            guard let ascii = character.asciiValue else { return true }
            return valueTable[Int(ascii)] < 0
        }
    }

    /// (31 − S mod 31) mod 31, or nil on a character outside the alphabet.
    static func checkValue(of prefix: UnsafeBufferPointer<UInt8>) -> Int? {
        var sum = 0
        for index in 0..<17 {
            let value = Int(valueTable[Int(prefix[index])])
            guard value >= 0 else { return nil }
            sum += value * weights[index]
        }
        return (31 - sum % 31) % 31
    }
}

/// Outcome of checking a 统一社会信用代码, with the reason in the words office staff use.
public enum USCCValidation: Sendable, Hashable {
    case valid
    /// The code does not have 18 characters; carries the count found.
    case wrongLength(Int)
    /// The first character outside `0-9 A-H J-N P-R T U W-Y`.
    case invalidCharacter(Character)
    /// Everything else is fine but the 18th character should be `expected`.
    case wrongCheckCharacter(expected: Character)

    public var isValid: Bool { self == .valid }

    /// Chinese reason for error messages, `nil` when valid.
    public var reason: String? {
        switch self {
        case .valid: return nil
        case .wrongLength: return "长度不是 18 位"
        case .invalidCharacter(let character): return "含非法字符 \(character)"
        case .wrongCheckCharacter(let expected): return "校验位错误（应为 \(expected)）"
        }
    }
}
