/// SAMR's monthly credit-risk classification (国市监信发〔2022〕6号).
///
/// The raw value is the letter stored in the database and in exports; the class
/// is frozen into the draw snapshot, so these letters must never be renamed.
public enum RiskClass: String, CaseIterable, Sendable, Codable, Comparable {
    case a = "A"
    case b = "B"
    case c = "C"
    case d = "D"

    /// The official wording shown to users.
    public var label: String {
        switch self {
        case .a: return "信用风险低"
        case .b: return "信用风险一般"
        case .c: return "信用风险较高"
        case .d: return "信用风险高"
        }
    }

    /// Accepts what offices type: `A`, `a`, `A类`, or the full label.
    /// Anything else is nil so the importer can report it.
    public init?(parsing text: String) {
        let trimmed = text.trimmingWhitespace()
        var letter = trimmed.uppercasedASCII()
        if letter.hasSuffix("类") { letter.removeLast() }
        if let value = RiskClass(rawValue: letter) {
            self = value
            return
        }
        guard let value = RiskClass.allCases.first(where: { $0.label == trimmed }) else { return nil }
        self = value
    }

    public static func < (lhs: RiskClass, rhs: RiskClass) -> Bool { lhs.rawValue < rhs.rawValue }
}
