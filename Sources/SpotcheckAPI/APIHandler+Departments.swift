import FluentKit
import Foundation
import SpotcheckCore
import SpotcheckStore

/// Departments: the office admin manages them, the auditor reads all, a department admin reads
/// only its own (403 for any other, checked before the lookup so that a 404 does not reveal
/// which codes exist).
extension APIHandler {
    func listDepartments(_ input: Operations.ListDepartments.Input) async throws -> Operations.ListDepartments.Output {
        try await respond {
            let principal = try caller()
            let departments = try await DepartmentRepository(db: db).all().filter { principal.mayRead(departmentCode: $0.code) }
            return .ok(.init(body: .json(.init(items: try departments.map(Components.Schemas.Department.init)))))
        }
    }

    func createDepartment(_ input: Operations.CreateDepartment.Input) async throws -> Operations.CreateDepartment.Output {
        try await respond {
            let principal = try caller()
            guard case let .json(request) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let department = try await DepartmentRepository(db: db).create(
                code: request.code.trimmingCharacters(in: .whitespaces), name: request.name,
                kind: request.kind?.kind ?? .department, actor: actor(principal))
            return .created(.init(body: .json(try .init(department))))
        }
    }

    func getDepartment(_ input: Operations.GetDepartment.Input) async throws -> Operations.GetDepartment.Output {
        try await respond {
            let code = input.path.code
            try requireRead(try caller(), departmentCode: code)
            let department = try await DepartmentRepository(db: db).require(code: code)
            return .ok(.init(body: .json(try .init(department))))
        }
    }

    func updateDepartment(_ input: Operations.UpdateDepartment.Input) async throws -> Operations.UpdateDepartment.Output {
        try await respond {
            let principal = try caller()
            guard case let .json(change) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            guard change.name != nil || change.kind != nil else { throw APIError.badRequest("没有要修改的字段：请提供 name 或 kind") }
            let department = try await DepartmentRepository(db: db).update(
                code: input.path.code, name: change.name, kind: change.kind?.kind, actor: actor(principal))
            return .ok(.init(body: .json(try .init(department))))
        }
    }

    func deleteDepartment(_ input: Operations.DeleteDepartment.Input) async throws -> Operations.DeleteDepartment.Output {
        try await respond {
            let principal = try caller()
            do {
                try await DepartmentRepository(db: db).delete(code: input.path.code, actor: actor(principal))
            } catch let StoreError.invalid(reason) {
                // The repository refuses while users belong to the department: a state conflict.
                throw APIError.conflict(reason, .inUse)
            } catch let error as any DatabaseError where error.isConstraintFailure {
                throw APIError.conflict("部门「\(input.path.code)」仍有名录、人员或事项等数据引用，不能删除", .inUse)
            }
            return .noContent(.init())
        }
    }

    func listDepartmentUsers(_ input: Operations.ListDepartmentUsers.Input) async throws -> Operations.ListDepartmentUsers.Output {
        try await respond {
            let code = input.path.code
            try requireRead(try caller(), departmentCode: code)
            let (page, perPage) = try Self.paging(page: input.query.page, perPage: input.query.perPage)
            // A list of nobody would hide a mistyped code.
            _ = try await DepartmentRepository(db: db).require(code: code)
            let (users, total) = try await UserRepository(db: db).list(
                departmentCode: code, search: try Self.search(input.query.q), page: page, perPage: perPage)
            return .ok(.init(body: .json(.init(items: try users.map(Components.Schemas.User.init), total: total, page: page, perPage: perPage))))
        }
    }
}
