/// The lifecycle of a 联合抽查任务 (product.md steps 2–11).
///
/// Why explicit states with a transition table: every step of the notice has a
/// precondition (no draw before publication, no matching before every department
/// has drawn its inspectors, …). Keeping the allowed moves in one table lets the
/// store refuse an illegal move with one clear message instead of scattering checks.
///
/// The raw value is the stable ASCII code stored in the database and exposed by the API;
/// the Chinese `label` is for people (pages, messages, the audit log's wording).
public enum TaskState: String, CaseIterable, Sendable, Codable {
    case draft
    case published
    case drawn
    case confirming
    case inspectorsDrawn = "inspectors_drawn"
    case matched
    case inspecting
    case completed
    case archived
    case cancelled

    /// The label shown to users.
    public var label: String {
        switch self {
        case .draft: "草稿"
        case .published: "已发布"
        case .drawn: "已抽取"
        case .confirming: "确认中"
        case .inspectorsDrawn: "人员已抽取"
        case .matched: "已匹配"
        case .inspecting: "检查中"
        case .completed: "已完成"
        case .archived: "已归档"
        case .cancelled: "已取消"
        }
    }

    /// States a task may move to from this one.
    public var successors: Set<TaskState> {
        switch self {
        case .draft: [.published, .cancelled]
        case .published: [.drawn, .cancelled]
        case .drawn: [.confirming, .cancelled]
        case .confirming: [.inspectorsDrawn, .cancelled]
        case .inspectorsDrawn: [.matched, .cancelled]
        case .matched: [.inspecting, .cancelled]
        case .inspecting: [.completed]
        case .completed: [.archived]
        case .archived, .cancelled: []
        }
    }

    /// Whether the draw inputs are frozen (published or later, cancelled included once published).
    public var isFrozen: Bool { self != .draft }

    /// Whether the enterprise draw has happened.
    public var isDrawn: Bool {
        switch self {
        case .draft, .published: false
        default: true
        }
    }

    /// Refuses a move the table does not allow, naming the action the user attempted.
    public func check(moveTo next: TaskState, action: String) throws(TaskTransitionError) {
        guard successors.contains(next) else { throw TaskTransitionError(from: self, action: action) }
    }
}

/// An action refused because of the task's state, worded for the person who tried it.
public struct TaskTransitionError: Error, Sendable, Equatable, CustomStringConvertible {
    public let from: TaskState
    public let action: String

    public init(from: TaskState, action: String) {
        self.from = from
        self.action = action
    }

    public var description: String { "任务当前状态为「\(from.label)」，不能\(action)" }
}
