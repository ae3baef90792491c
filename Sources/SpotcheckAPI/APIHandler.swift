import Foundation
import OpenAPIRuntime
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// Implements the operations of openapi.yaml as a thin adapter: each handler decodes its input,
/// calls one use case of the workflow layer (which decides access, checks state and writes the
/// audit event) and encodes the answer. One file per concern: `+Me`, `+Departments`, `+Users`,
/// `+Enterprises`, `+Inspectors`, `+Conflicts`, `+Items`, `+Tasks`. The role rule of each
/// operation (`APIAccess.rules`) also runs in `APIAccessMiddleware` before the body is decoded.
public struct APIHandler: APIProtocol {
    public let workflow: Workflow
    public var store: StoreDatabase { workflow.store }

    public init(workflow: Workflow) {
        self.workflow = workflow
    }

    /// The generated server's middlewares, outermost first.
    static var middlewares: [any ServerMiddleware] { [APIAccessMiddleware(), ContentDispositionMiddleware()] }

    /// Registers every operation of openapi.yaml on `transport` (a Hummingbird router or group),
    /// with paths relative to `serverURL`, behind the access middleware.
    public func register(on transport: any ServerTransport, serverURL: URL) throws {
        try registerHandlers(on: transport, serverURL: serverURL, middlewares: Self.middlewares)
    }


    func getHealth(_ input: Operations.GetHealth.Input) async throws -> Operations.GetHealth.Output {
        try await respond {
            guard await store.isReachable() else { throw APIError(status: 503, detail: "数据库暂时不可用，请稍后再试") }
            return .ok(.init(body: .json(.init(
                status: .ok, version: SpotcheckCore.version, database: store.isSQLite ? .sqlite : .postgresql))))
        }
    }
}

// MARK: - Shared helpers

extension APIHandler {
    /// The caller; the access middleware has already refused anonymous calls to protected operations.
    func caller() throws -> Principal {
        guard let principal = APIRequestPrincipal.current else { throw APIError.unauthorized }
        return principal
    }

    func actor(_ principal: Principal) -> AuditLog.Actor { .init(principal.username) }

    /// Page and page size from the query. `APIAccessMiddleware` has refused values out of range
    /// already; checked again here so that no handler ever computes an offset from an unchecked page.
    static func paging(page: Int?, perPage: Int?) throws -> (page: Int, perPage: Int) {
        let page = page ?? 1
        let perPage = perPage ?? 50
        guard (1...maxPage).contains(page) else { throw APIError.invalidField("page", "参数「page」须为 1 至 \(maxPage) 之间的整数") }
        guard (1...maxPerPage).contains(perPage) else {
            throw APIError.invalidField("perPage", "参数「perPage」须为 1 至 \(maxPerPage) 之间的整数")
        }
        return (page, perPage)
    }

    /// openapi.yaml's `maximum` for `page` and `perPage`: the offset they make stays far inside `Int`.
    static let maxPage = 100_000
    static let maxPerPage = 200

    /// The search text of `q` (or another text filter), trimmed; its `maxLength` and characters are
    /// checked by `APIAccessMiddleware` before this runs, and again here for the same reason.
    static func search(_ q: String?, parameter: String = "q", maxLength: Int = 100) throws -> String? {
        guard let q else { return nil }
        guard q.count <= maxLength else { throw APIError.invalidField(parameter, "参数「\(parameter)」不能超过 \(maxLength) 个字") }
        return q.trimmingCharacters(in: .whitespaces)
    }

    /// One page of a list the store returns whole (a department's roster, items or conflicts:
    /// tens to hundreds of rows, so filtering in memory costs less than a query per filter).
    static func page<Element>(_ all: [Element], page: Int, perPage: Int) -> [Element] {
        // Checked arithmetic: an overflow reads as past the end, never as a trap.
        let (skipped, overflow) = (page - 1).multipliedReportingOverflow(by: perPage)
        guard page >= 1, perPage >= 1, !overflow, skipped < all.count else { return [] }
        let start = skipped
        return Array(all[start ..< min(start + perPage, all.count)])
    }
}

// MARK: - Model to schema

extension Components.Schemas.Role {
    init(_ role: Role) {
        switch role {
        case .officeAdmin: self = .officeAdmin
        case .deptAdmin: self = .deptAdmin
        case .inspector: self = .inspector
        case .auditor: self = .auditor
        }
    }

    var role: Role {
        switch self {
        case .officeAdmin: .officeAdmin
        case .deptAdmin: .deptAdmin
        case .inspector: .inspector
        case .auditor: .auditor
        }
    }
}

extension Components.Schemas.DepartmentKind {
    init(_ kind: DepartmentKind) {
        switch kind {
        case .office: self = .office
        case .department: self = .department
        }
    }

    var kind: DepartmentKind {
        switch self {
        case .office: .office
        case .department: .department
        }
    }
}

extension Components.Schemas.Department {
    init(_ model: DepartmentModel) throws {
        self.init(code: model.code, name: model.name, kind: .init(try model.departmentKind), createdAt: model.createdAt, updatedAt: model.updatedAt)
    }
}

extension Components.Schemas.User {
    /// Expects the department to be loaded, as every `UserRepository` read does.
    init(_ model: UserModel) throws {
        let role = try model.userRole
        let department = model.$department.value
        self.init(
            username: model.username, displayName: model.displayName, role: .init(role), roleLabel: role.label,
            departmentCode: department?.code ?? "", departmentName: department?.name ?? "", mobile: model.mobile,
            active: model.active, inspectorCode: model.inspectorCode.flatMap { $0.isEmpty ? nil : $0 },
            createdAt: model.createdAt, updatedAt: model.updatedAt)
    }
}
