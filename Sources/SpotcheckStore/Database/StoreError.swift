/// Errors of the persistence layer, worded for the person who can fix them.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    case cannotOpen(String, String)
    case notFound(entity: String, key: String)
    case duplicate(entity: String, key: String)
    case invalid(String)
    case forbidden(String)

    public var description: String {
        switch self {
        case let .cannotOpen(url, reason): "无法打开数据库 \(url)：\(reason)"
        case let .notFound(entity, key): "\(entity)「\(key)」不存在"
        case let .duplicate(entity, key): "\(entity)「\(key)」已存在"
        case let .invalid(reason): reason
        case let .forbidden(reason): reason
        }
    }
}
