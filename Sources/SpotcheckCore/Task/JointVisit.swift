/// The joint visit of step 6 (issue 16): the lead department's team "在约定时间到达现场" with the
/// cooperating departments' teams. A visit is proposed for a date and a half-day (optionally a
/// time), every department at the enterprise accepts it, and it is then 已约定.

/// Morning or afternoon: the unit in which an inspector cannot be at two enterprises.
public enum VisitHalfDay: String, Sendable, Codable, CaseIterable {
    case morning = "am"
    case afternoon = "pm"

    public var label: String {
        switch self {
        case .morning: "上午"
        case .afternoon: "下午"
        }
    }

    /// The half-day a clock time falls in ("09:30" → 上午); nil unless HH:MM from 00:00 to 23:59.
    public static func of(time: String) -> VisitHalfDay? {
        let parts = time.split(separator: ":")
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
              let hour = Int(parts[0]), let minute = Int(parts[1]), (0...23).contains(hour), (0...59).contains(minute)
        else { return nil }
        return hour < 12 ? .morning : .afternoon
    }
}

/// Where a proposed visit stands.
public enum VisitState: String, Sendable, Codable, CaseIterable {
    /// Proposed; waiting for the other departments' teams.
    case proposed
    /// Every department at the enterprise accepted it.
    case agreed
    /// Another time was proposed instead (kept for the record).
    case replaced

    public var label: String {
        switch self {
        case .proposed: "待确认"
        case .agreed: "已约定"
        case .replaced: "已改约"
        }
    }
}
