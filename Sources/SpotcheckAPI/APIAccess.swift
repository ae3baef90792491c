import SpotcheckCore

/// Who may call an API operation: the API's side of the web layer's `RouteAccess`. Each operation
/// of openapi.yaml has exactly one rule in `APIAccess.rules`; `APIAccessMiddleware` enforces it
/// before the request is decoded and refuses operations without a rule, so a new operation that
/// forgets its rule fails closed. Department isolation (a department admin reading another
/// department) is checked again in the handlers, which know the department.
public enum APIAccess: Sendable, Equatable {
    /// No token needed.
    case publicAccess
    /// Any valid token.
    case anyUser
    /// A valid token of one of these roles.
    case roles(Set<Role>)

    public static func only(_ roles: Role...) -> APIAccess { .roles(Set(roles)) }

    /// One operation: its method and path under the server URL, and its rule.
    public struct Rule: Sendable {
        public let operationID: String
        public let method: String
        public let path: String
        public let access: APIAccess
    }

    /// The server URL of openapi.yaml; the operations' paths are relative to it.
    public static let basePath = "/api/v1"

    public static let rules: [Rule] = {
        let readers = APIAccess.only(.officeAdmin, .auditor, .deptAdmin)
        let office = APIAccess.only(.officeAdmin)
        return [
            Rule(operationID: Operations.GetHealth.id, method: "GET", path: "/health", access: .publicAccess),
            Rule(operationID: Operations.GetMe.id, method: "GET", path: "/me", access: .anyUser),
            Rule(operationID: Operations.ListMyTokens.id, method: "GET", path: "/me/tokens", access: .anyUser),
            Rule(operationID: Operations.CreateMyToken.id, method: "POST", path: "/me/tokens", access: .anyUser),
            Rule(operationID: Operations.RevokeMyToken.id, method: "DELETE", path: "/me/tokens/{id}", access: .anyUser),
            Rule(operationID: Operations.ListDepartments.id, method: "GET", path: "/departments", access: readers),
            Rule(operationID: Operations.CreateDepartment.id, method: "POST", path: "/departments", access: office),
            Rule(operationID: Operations.GetDepartment.id, method: "GET", path: "/departments/{code}", access: readers),
            Rule(operationID: Operations.UpdateDepartment.id, method: "PATCH", path: "/departments/{code}", access: office),
            Rule(operationID: Operations.DeleteDepartment.id, method: "DELETE", path: "/departments/{code}", access: office),
            Rule(operationID: Operations.ListDepartmentUsers.id, method: "GET", path: "/departments/{code}/users", access: readers),
            Rule(operationID: Operations.ListUsers.id, method: "GET", path: "/users", access: .only(.officeAdmin, .auditor)),
            Rule(operationID: Operations.CreateUser.id, method: "POST", path: "/users", access: office),
            Rule(operationID: Operations.GetUser.id, method: "GET", path: "/users/{username}", access: readers),
            Rule(operationID: Operations.UpdateUser.id, method: "PATCH", path: "/users/{username}", access: office),
            Rule(operationID: Operations.DeleteUser.id, method: "DELETE", path: "/users/{username}", access: office),
        ]
    }()

    private static let byOperation: [String: APIAccess] = Dictionary(uniqueKeysWithValues: rules.map { ($0.operationID, $0.access) })

    public static func rule(for operationID: String) -> APIAccess? { byOperation[operationID] }

    /// nil when the caller may proceed, otherwise the refusal.
    public func refusal(for principal: Principal?) -> APIError? {
        switch self {
        case .publicAccess:
            return nil
        case .anyUser:
            return principal == nil ? .unauthorized : nil
        case let .roles(roles):
            guard let principal else { return .unauthorized }
            return roles.contains(principal.role) ? nil : .forbidden("您的角色（\(principal.role.label)）无权调用此接口")
        }
    }
}
