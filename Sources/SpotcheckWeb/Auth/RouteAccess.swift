import Hummingbird
import SpotcheckCore

/// Who may call a route. Every route is registered with one of these (see `SecuredRoutes`), so
/// a route that forgets its access rule does not compile.
public enum RouteAccess: Sendable, CustomStringConvertible {
    /// Anyone, logged in or not (public notices, login page).
    case publicAccess
    /// Any logged-in user.
    case anyUser
    /// Only these roles.
    case roles(Set<Role>)

    public static func only(_ roles: Role...) -> RouteAccess { .roles(Set(roles)) }

    public var description: String {
        switch self {
        case .publicAccess: "public"
        case .anyUser: "any user"
        case let .roles(roles): roles.map(\.rawValue).sorted().joined(separator: ",")
        }
    }

    /// Throws 401 when a login is needed and 403 when the role is not allowed.
    public func check(_ principal: Principal?) throws {
        switch self {
        case .publicAccess:
            return
        case .anyUser:
            guard principal != nil else { throw HTTPError(.unauthorized, message: "请先登录") }
        case let .roles(roles):
            guard let principal else { throw HTTPError(.unauthorized, message: "请先登录") }
            guard roles.contains(principal.role) else { throw HTTPError(.forbidden, message: "您的角色（\(principal.role.label)）无权访问此页面") }
        }
    }
}

/// Department isolation in one place: a department admin asking for another department's data
/// gets 403, whatever the route.
public enum DepartmentAccess {
    public static func requireRead(_ principal: Principal, departmentCode: String) throws {
        guard principal.mayRead(departmentCode: departmentCode) else {
            throw HTTPError(.forbidden, message: "无权查看其他部门的数据")
        }
    }

    public static func requireManage(_ principal: Principal, departmentCode: String) throws {
        guard principal.mayManage(departmentCode: departmentCode) else {
            throw HTTPError(.forbidden, message: "无权修改其他部门的数据")
        }
    }
}
