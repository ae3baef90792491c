import Foundation
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// Users: the office admin manages them, the auditor reads all, a department admin reads the
/// users of its own department.
extension APIHandler {
    func listUsers(_ input: Operations.ListUsers.Input) async throws -> Operations.ListUsers.Output {
        try await respond {
            let (page, perPage) = try Self.paging(page: input.query.page, perPage: input.query.perPage)
            let (users, total) = try await workflow.users(search: try Self.search(input.query.q), page: page, perPage: perPage, for: try caller())
            return .ok(.init(body: .json(.init(items: try users.map(Components.Schemas.User.init), total: total, page: page, perPage: perPage))))
        }
    }

    func createUser(_ input: Operations.CreateUser.Input) async throws -> Operations.CreateUser.Output {
        try await respond {
            let principal = try caller()
            guard case let .json(request) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let new = UserRepository.NewUser(
                username: request.username.trimmingCharacters(in: .whitespaces), displayName: request.displayName,
                password: request.password, role: request.role.role, departmentCode: request.departmentCode,
                mobile: request.mobile.flatMap { $0.isEmpty ? nil : $0 }, inspectorCode: request.inspectorCode)
            let user = try await workflow.createUser(new, by: principal)
            return .created(.init(body: .json(try .init(user))))
        }
    }

    func getUser(_ input: Operations.GetUser.Input) async throws -> Operations.GetUser.Output {
        try await respond {
            let user = try await workflow.user(input.path.username, for: try caller())
            return .ok(.init(body: .json(try .init(user))))
        }
    }

    func updateUser(_ input: Operations.UpdateUser.Input) async throws -> Operations.UpdateUser.Output {
        try await respond {
            let principal = try caller()
            let username = input.path.username
            guard case let .json(request) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let change = UserRepository.Change(
                displayName: request.displayName, role: request.role?.role, departmentCode: request.departmentCode,
                mobile: request.mobile, active: request.active, inspectorCode: request.inspectorCode)
            let user = try await workflow.updateUser(username, change: change, password: request.password, by: principal)
            return .ok(.init(body: .json(try .init(user))))
        }
    }

    func deleteUser(_ input: Operations.DeleteUser.Input) async throws -> Operations.DeleteUser.Output {
        try await respond {
            try await workflow.deleteUser(input.path.username, by: try caller())
            return .noContent(.init())
        }
    }
}
