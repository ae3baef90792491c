/// How an enterprise or an inspector came into a task: drawn by the protocol at first, or drawn
/// as the protocol's replacement for one a department returned. The raw value is the stable code
/// stored in the database and exposed by the API (`selected`, as it has been stored since the
/// first draw); the Chinese `label` is what people read.
public enum DispatchOrigin: String, CaseIterable, Sendable, Codable {
    case selected
    case replacement

    public var label: String {
        switch self {
        case .selected: "抽中"
        case .replacement: "补抽"
        }
    }
}

/// A department's decision on an enterprise dispatched to it. The raw value is the stable code
/// stored in the database and exposed by the API.
public enum ConfirmationDecision: String, CaseIterable, Sendable, Codable {
    case confirmed
    case rejected

    /// The verb, as in "已作出决定（退回）".
    public var label: String {
        switch self {
        case .confirmed: "确认"
        case .rejected: "退回"
        }
    }
}

/// Why a department returned (退回) a dispatched enterprise: the department and its reason, kept
/// apart so views can name the department as they like.
public struct DispatchRejection: Sendable, Equatable, Hashable {
    /// The department's code; nil for a reason stored before the department was kept apart whose
    /// text could not be split.
    public var department: String?
    public var reason: String

    public init(department: String?, reason: String) {
        self.department = department
        self.reason = reason
    }

    /// The wording used before the reason was stored as data: `code：reason` (or the bare text).
    public var text: String { department.map { "\($0)：\(reason)" } ?? reason }

    /// The same with the department's name instead of its code where `names` knows it.
    public func text(names: [String: String]) -> String {
        department.map { "\(names[$0] ?? $0)：\(reason)" } ?? reason
    }
}
