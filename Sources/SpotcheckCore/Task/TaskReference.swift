/// How a person names a task at the edge (a URL segment, a CLI argument): its id or its 文号.
/// Resolved once, by the workflow layer, into the task itself; everything past the edge holds a
/// ``TaskID``.
public enum TaskReference: Hashable, Sendable, CustomStringConvertible {
    case id(TaskID)
    case documentNumber(String)

    /// Digits are an id (within `Int`), anything else a 文号; surrounding spaces are ignored.
    public init(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let id = Int(trimmed), id > 0 { self = .id(TaskID(id)) } else { self = .documentNumber(trimmed) }
    }

    public var description: String {
        switch self {
        case let .id(id): id.description
        case let .documentNumber(number): number
        }
    }
}
