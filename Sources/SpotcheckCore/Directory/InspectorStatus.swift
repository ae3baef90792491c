/// Whether an inspector can be drawn: only 在岗 inspectors are eligible.
public enum InspectorStatus: String, CaseIterable, Sendable, Codable {
    case onDuty = "在岗"
    case onLeave = "休假"
    case departed = "离岗"

    public var label: String { rawValue }

    public var isEligible: Bool { self == .onDuty }

    /// Accepts the three labels and the English case names; unknown text is nil.
    public init?(parsing text: String) {
        let trimmed = text.trimmingWhitespace()
        if let value = InspectorStatus(rawValue: trimmed) {
            self = value
            return
        }
        switch trimmed.lowercased() {
        case "onduty", "on_duty", "on-duty": self = .onDuty
        case "onleave", "on_leave", "on-leave": self = .onLeave
        case "departed": self = .departed
        default: return nil
        }
    }
}
