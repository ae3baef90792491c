import Foundation
import SpotcheckCore
import SpotcheckStore

/// Accounts: the office creates and changes them; the auditor reads them; a department's admin
/// reads its own department's people.
extension Workflow {
    /// One page of accounts, optionally of one department only.
    public func users(search: String?, department: String? = nil, page: Int, perPage: Int,
                      for principal: Principal) async throws -> (users: [UserModel], total: Int) {
        try RoleGate.oversight.check(principal)
        return try await UserRepository(db: db, passwords: store.passwords).list(departmentCode: department, search: search,
                                                                                 page: page, perPage: perPage)
    }

    /// The roster officers an inspector account may act as, for the office's account form: every
    /// department's officers (experts are not drawn, so they are left out), each with the account
    /// already linked to it, if any.
    public func officersForAccounts(by principal: Principal) async throws -> [(officer: InspectorRecord, account: String?)] {
        try RoleGate.office.check(principal)
        let officers = try await InspectorRoster(db: db).list(department: nil).filter { !$0.isExpert }
        let accounts = try await UserRepository(db: db, passwords: store.passwords).officerAccounts()
        return officers.map { ($0, accounts[$0.code]) }
    }

    /// Sets a user's password (the office's reset); their API tokens are revoked with it.
    public func resetPassword(of username: String, to password: String, by principal: Principal) async throws {
        try RoleGate.office.check(principal)
        try await UserRepository(db: db, passwords: store.passwords).setPassword(username: username, password: password, actor: Self.actor(principal))
    }

    public func user(_ username: String, for principal: Principal) async throws -> UserModel {
        try RoleGate.readers.check(principal)
        guard let user = try await UserRepository(db: db, passwords: store.passwords).find(username: username) else {
            throw StoreError.notFound(entity: "用户", key: username)
        }
        try AccessPolicy.requireRead(principal, department: user.$department.value?.code ?? "")
        return user
    }

    public func createUser(_ new: UserRepository.NewUser, by principal: Principal) async throws -> UserModel {
        try RoleGate.office.check(principal)
        return try await UserRepository(db: db, passwords: store.passwords).create(new, actor: Self.actor(principal))
    }

    /// Changes a profile and/or sets a new password (which revokes the user's API tokens, in the
    /// store's transaction). An office admin may not demote, move or disable itself: it could lock
    /// the office out. A bad password is refused before anything is written.
    public func updateUser(_ username: String, change: UserRepository.Change, password: String?,
                           by principal: Principal) async throws -> UserModel {
        try RoleGate.office.check(principal)
        let changesProfile = change.displayName != nil || change.role != nil || change.departmentCode != nil
            || change.mobile != nil || change.active != nil || change.inspectorCode != nil
        guard changesProfile || password != nil else { throw StoreError.invalid("没有要修改的字段") }
        if let password, let problem = PasswordPolicy.problem(with: password) { throw StoreError.invalid(problem) }
        let users = UserRepository(db: db, passwords: store.passwords)
        guard var user = try await users.find(username: username) else { throw StoreError.notFound(entity: "用户", key: username) }
        // What the change would actually alter: a form sends every field, the API only those it changes.
        if username == principal.username {
            let changesRole = try change.role.map { $0 != (try user.userRole) } ?? false
            let changesDepartment = change.departmentCode.map { $0 != user.$department.value?.code } ?? false
            if changesRole || changesDepartment || change.active == false {
                throw AccessRefusal.forbidden("不能修改自己的角色、部门或停用自己的账号，请由另一位办公室管理员操作")
            }
        }
        if changesProfile { user = try await users.update(username: username, change: change, actor: Self.actor(principal)) }
        if let password { try await users.setPassword(username: username, password: password, actor: Self.actor(principal)) }
        return user
    }

    public func deleteUser(_ username: String, by principal: Principal) async throws {
        try RoleGate.office.check(principal)
        guard username != principal.username else { throw AccessRefusal.forbidden("不能删除自己的账号") }
        try await UserRepository(db: db, passwords: store.passwords).delete(username: username, actor: Self.actor(principal))
    }

    // MARK: Own API tokens

    public func tokens(of principal: Principal) async throws -> [APITokenModel] {
        try await APITokenRepository(db: db).list(for: principal)
    }

    public func createToken(name: String, for principal: Principal) async throws -> (token: APITokenModel, secret: String) {
        try await APITokenRepository(db: db).create(name: name, for: principal)
    }

    /// Another user's token reads as not found: ids are not secrets, but ownership is.
    public func revokeToken(_ id: String, by principal: Principal) async throws {
        guard let uuid = UUID(uuidString: id) else { throw StoreError.notFound(entity: "令牌", key: id) }
        try await APITokenRepository(db: db).revoke(id: uuid, by: principal)
    }

    /// The server's operator makes an API token that acts as `username` (`spotcheck token
    /// create`, for scripts); the secret is returned once, only its SHA-256 is stored.
    public func createToken(name: String, actingAs username: String, by principal: Principal) async throws -> String {
        try RoleGate.office.check(principal)
        guard let user = try await UserRepository(db: db, passwords: store.passwords).find(username: username) else {
            throw StoreError.notFound(entity: "用户", key: username)
        }
        guard let acting = try UserRepository.principal(of: user) else {
            throw StoreError.invalid("用户「\(username)」已停用，不能创建令牌")
        }
        return try await APITokenRepository(db: db).create(name: name, for: acting).secret
    }
}
