/// Why the acting person may not do what they asked: no login, or a login without the right.
/// Pages turn the first into a login redirect and the second into a 403 page; the API answers
/// 401 and 403 problems (`ErrorMeaning`).
public enum AccessRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    case loginRequired
    case forbidden(String)

    public var description: String {
        switch self {
        case .loginRequired: "请先登录"
        case let .forbidden(message): message
        }
    }
}
