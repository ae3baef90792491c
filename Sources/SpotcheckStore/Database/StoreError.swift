/// Errors of the persistence layer, worded for the person who can fix them.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    case cannotOpen(String, String)
    case notFound(entity: String, key: String)
    case duplicate(entity: String, key: String)
    case invalid(String)
    case forbidden(String)
    /// The step is refused because of the record's current state (a result already approved, a
    /// decision already made — often by a concurrent request); the text names that state.
    case conflict(String)
    /// The record cannot be deleted because published tasks use it; the text names them.
    case inUse(String)

    public var description: String {
        switch self {
        case let .cannotOpen(url, reason): "无法打开数据库 \(url)：\(reason)"
        case let .notFound(entity, key): "\(entity)「\(key)」不存在"
        case let .duplicate(entity, key): "\(entity)「\(key)」已存在"
        case let .invalid(reason): reason
        case let .forbidden(reason): reason
        case let .conflict(reason): reason
        case let .inUse(reason): reason
        }
    }
}
