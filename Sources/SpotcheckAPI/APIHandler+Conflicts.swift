import Foundation
import SpotcheckCore
import SpotcheckStore

/// 回避: conflicts declared per inspector, managed by whoever manages the inspector's roster (the
/// office admin, or the department admin of the inspector's department). Declaring needs a reason
/// and an enterprise of the directory; both declaring and withdrawing are audited by the store.
extension APIHandler {
    func listDepartmentConflicts(_ input: Operations.ListDepartmentConflicts.Input) async throws -> Operations.ListDepartmentConflicts.Output {
        try await respond {
            let code = input.path.code
            try requireRead(try caller(), departmentCode: code)
            let (page, perPage) = try Self.paging(page: input.query.page, perPage: input.query.perPage)
            let inspector = try Self.search(input.query.inspector, parameter: "inspector", maxLength: 64) ?? ""
            _ = try await DepartmentRepository(db: db).require(code: code)
            var conflicts = try await ConflictList(db: db).list(department: code)
            if !inspector.isEmpty { conflicts = conflicts.filter { $0.inspectorCode == inspector } }
            return .ok(.init(body: .json(.init(
                items: Self.page(conflicts, page: page, perPage: perPage).map(Components.Schemas.Conflict.init),
                total: conflicts.count, page: page, perPage: perPage))))
        }
    }

    func createConflict(_ input: Operations.CreateConflict.Input) async throws -> Operations.CreateConflict.Output {
        try await respond {
            let principal = try caller()
            let department = input.path.code
            try requireManage(principal, departmentCode: department)
            guard case let .json(request) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            _ = try await DepartmentRepository(db: db).require(code: department)
            // An inspector of another department reads as absent here (the store's rule), so the
            // department in the path is the only one a caller can declare for.
            let conflict = try await ConflictList(db: db).add(
                department: department, inspectorCode: request.inspectorCode.trimmingCharacters(in: .whitespaces),
                uscc: request.uscc, reason: request.reason, actor: actor(principal))
            return .created(.init(body: .json(.init(conflict))))
        }
    }

    func deleteConflict(_ input: Operations.DeleteConflict.Input) async throws -> Operations.DeleteConflict.Output {
        try await respond {
            let principal = try caller()
            let inspector = try await requireInspector(input.path.code)
            try requireManage(principal, departmentCode: inspector.dept)
            try await ConflictList(db: db).remove(
                department: inspector.dept, inspectorCode: inspector.code, uscc: USCC.normalized(input.path.uscc), actor: actor(principal))
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
