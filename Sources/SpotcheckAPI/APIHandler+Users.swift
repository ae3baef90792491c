import Foundation
import SpotcheckCore
import SpotcheckStore

/// Users: the office admin manages them, the auditor reads all, a department admin reads the
/// users of its own department.
extension APIHandler {
    func listUsers(_ input: Operations.ListUsers.Input) async throws -> Operations.ListUsers.Output {
        try await respond {
            let (page, perPage) = try Self.paging(page: input.query.page, perPage: input.query.perPage)
            let (users, total) = try await UserRepository(db: db).list(
                search: try Self.search(input.query.q), page: page, perPage: perPage)
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
                mobile: request.mobile.flatMap { $0.isEmpty ? nil : $0 })
            let user = try await UserRepository(db: db).create(new, actor: actor(principal))
            return .created(.init(body: .json(try .init(user))))
        }
    }

    func getUser(_ input: Operations.GetUser.Input) async throws -> Operations.GetUser.Output {
        try await respond {
            let principal = try caller()
            let username = input.path.username
            guard let user = try await UserRepository(db: db).find(username: username) else {
                throw StoreError.notFound(entity: "用户", key: username)
            }
            try requireRead(principal, departmentCode: user.$department.value?.code ?? "")
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
                mobile: request.mobile, active: request.active)
            let changesProfile = change.displayName != nil || change.role != nil || change.departmentCode != nil
                || change.mobile != nil || change.active != nil
            guard changesProfile || request.password != nil else { throw APIError.badRequest("没有要修改的字段") }
            // An office admin who demotes, moves or disables itself could lock the office out.
            if username == principal.username, change.role != nil || change.departmentCode != nil || change.active == false {
                throw APIError.forbidden("不能修改自己的角色、部门或停用自己的账号，请由另一位办公室管理员操作")
            }
            // Checked before anything is written, so a bad password does not leave half a change.
            if let password = request.password, let problem = PasswordPolicy.problem(with: password) {
                throw APIError.badRequest(problem)
            }
            let users = UserRepository(db: db)
            guard var user = try await users.find(username: username) else { throw StoreError.notFound(entity: "用户", key: username) }
            if changesProfile {
                user = try await users.update(username: username, change: change, actor: actor(principal))
            }
            if let password = request.password {
                try await users.setPassword(username: username, password: password, actor: actor(principal))
            }
            return .ok(.init(body: .json(try .init(user))))
        }
    }

    func deleteUser(_ input: Operations.DeleteUser.Input) async throws -> Operations.DeleteUser.Output {
        try await respond {
            let principal = try caller()
            guard input.path.username != principal.username else { throw APIError.forbidden("不能删除自己的账号") }
            try await UserRepository(db: db).delete(username: input.path.username, actor: actor(principal))
            return .noContent(.init())
        }
    }
}
