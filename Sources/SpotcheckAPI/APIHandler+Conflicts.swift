import Foundation
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// 回避: conflicts declared per inspector, managed by whoever manages the inspector's roster (the
/// office admin, or the department admin of the inspector's department). Declaring needs a reason
/// and an enterprise of the directory; both declaring and withdrawing are audited by the store.
extension APIHandler {
    func listDepartmentConflicts(_ input: Operations.ListDepartmentConflicts.Input) async throws -> Operations.ListDepartmentConflicts.Output {
        try await respond {
            let (page, perPage) = try Self.paging(page: input.query.page, perPage: input.query.perPage)
            let inspector = try Self.search(input.query.inspector, parameter: "inspector", maxLength: 64) ?? ""
            let conflicts = try await workflow.conflicts(of: DepartmentCode(rawValue: input.path.code), inspector: inspector, for: try caller())
            return .ok(.init(body: .json(.init(
                items: Self.page(conflicts, page: page, perPage: perPage).map(Components.Schemas.Conflict.init),
                total: conflicts.count, page: page, perPage: perPage))))
        }
    }

    func createConflict(_ input: Operations.CreateConflict.Input) async throws -> Operations.CreateConflict.Output {
        try await respond {
            let principal = try caller()
            guard case let .json(request) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let conflict = try await workflow.addConflict(
                department: DepartmentCode(rawValue: input.path.code), inspector: request.inspectorCode,
                uscc: request.uscc, reason: request.reason, by: principal)
            return .created(.init(body: .json(.init(conflict))))
        }
    }

    func deleteConflict(_ input: Operations.DeleteConflict.Input) async throws -> Operations.DeleteConflict.Output {
        try await respond {
            try await workflow.removeConflict(inspector: input.path.code, uscc: input.path.uscc, by: try caller())
            return .noContent(.init())
        }
    }
}

// MARK: - Model to schema

extension Components.Schemas.Conflict {
    init(_ c: ConflictRecord) {
        self.init(inspectorCode: c.inspectorCode, uscc: c.uscc, reason: c.reason, enterpriseName: c.enterpriseName, createdAt: c.createdAt)
    }
}
