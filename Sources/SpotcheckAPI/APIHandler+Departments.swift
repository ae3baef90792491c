import Foundation
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// Departments: the office admin manages them, the auditor reads all, a department admin reads
/// only its own (403 for any other, checked before the lookup so that a 404 does not reveal
/// which codes exist).
extension APIHandler {
    func listDepartments(_ input: Operations.ListDepartments.Input) async throws -> Operations.ListDepartments.Output {
        try await respond {
            let departments = try await workflow.departments(for: try caller())
            return .ok(.init(body: .json(.init(items: try departments.map(Components.Schemas.Department.init)))))
        }
    }

    func createDepartment(_ input: Operations.CreateDepartment.Input) async throws -> Operations.CreateDepartment.Output {
        try await respond {
            let principal = try caller()
            guard case let .json(request) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let department = try await workflow.createDepartment(
                code: request.code, name: request.name, kind: request.kind?.kind ?? .department, by: principal)
            return .created(.init(body: .json(try .init(department))))
        }
    }

    func getDepartment(_ input: Operations.GetDepartment.Input) async throws -> Operations.GetDepartment.Output {
        try await respond {
            let department = try await workflow.department(DepartmentCode(rawValue: input.path.code), for: try caller())
            return .ok(.init(body: .json(try .init(department))))
        }
    }

    func updateDepartment(_ input: Operations.UpdateDepartment.Input) async throws -> Operations.UpdateDepartment.Output {
        try await respond {
            let principal = try caller()
            guard case let .json(change) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            guard change.name != nil || change.kind != nil else { throw APIError.badRequest("没有要修改的字段：请提供 name 或 kind") }
            let department = try await workflow.updateDepartment(
                DepartmentCode(rawValue: input.path.code), name: change.name, kind: change.kind?.kind, by: principal)
            return .ok(.init(body: .json(try .init(department))))
        }
    }

    func deleteDepartment(_ input: Operations.DeleteDepartment.Input) async throws -> Operations.DeleteDepartment.Output {
        try await respond {
            let principal = try caller()
            try await workflow.deleteDepartment(DepartmentCode(rawValue: input.path.code), by: principal)
            return .noContent(.init())
        }
    }

    func listDepartmentUsers(_ input: Operations.ListDepartmentUsers.Input) async throws -> Operations.ListDepartmentUsers.Output {
        try await respond {
            let (page, perPage) = try Self.paging(page: input.query.page, perPage: input.query.perPage)
            let (users, total) = try await workflow.departmentUsers(
                DepartmentCode(rawValue: input.path.code), search: try Self.search(input.query.q), page: page, perPage: perPage, for: try caller())
            return .ok(.init(body: .json(.init(items: try users.map(Components.Schemas.User.init), total: total, page: page, perPage: perPage))))
        }
    }
}
