import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

/// Users: created and changed by the office admin (web, API) or on the server by `spotcheck user`.
public struct UserRepository: Sendable {
    public let db: any Database
    /// How new passwords are hashed (the store's configured cost).
    let passwords: PasswordHasher

    public init(db: any Database, passwords: PasswordHasher = .standard) {
        self.db = db
        self.passwords = passwords
    }

    public struct NewUser: Sendable {
        public var username: String
        public var displayName: String
        public var password: String
        public var role: Role
        public var departmentCode: String
        public var mobile: String?
        /// The roster officer (执法证号) an inspector account acts as: what puts a person's
        /// inspections on their 我的检查 and 日程. Empty or nil: not linked.
        public var inspectorCode: String?
        public init(username: String, displayName: String, password: String, role: Role, departmentCode: String, mobile: String? = nil,
                    inspectorCode: String? = nil) {
            self.username = username
            self.displayName = displayName
            self.password = password
            self.role = role
            self.departmentCode = departmentCode
            self.mobile = mobile
            self.inspectorCode = inspectorCode
        }
    }

    public struct Change: Sendable {
        public var displayName: String?
        public var role: Role?
        public var departmentCode: String?
        public var mobile: String?
        public var active: Bool?
        /// nil leaves the link as it is; "" removes it.
        public var inspectorCode: String?
        public init(displayName: String? = nil, role: Role? = nil, departmentCode: String? = nil, mobile: String? = nil, active: Bool? = nil,
                    inspectorCode: String? = nil) {
            self.displayName = displayName
            self.role = role
            self.departmentCode = departmentCode
            self.mobile = mobile
            self.active = active
            self.inspectorCode = inspectorCode
        }
    }

    /// Users with their departments, optionally limited to one department and a search text.
    public func list(departmentCode: String? = nil, search: String? = nil, page: Int = 1, perPage: Int = 50) async throws -> (users: [UserModel], total: Int) {
        var query = UserModel.query(on: db).join(DepartmentModel.self, on: \UserModel.$department.$id == \DepartmentModel.$id).with(\.$department)
        if let departmentCode { query = query.filter(DepartmentModel.self, \.$code == departmentCode) }
        if let search, !search.isEmpty {
            query = query.group(.or) { group in
                group.filter(\.$username ~~ search).filter(\.$displayName ~~ search)
            }
        }
        let total = try await query.count()
        let users = try await query.sort(DepartmentModel.self, \.$code).sort(\.$username).range(try ListPage(number: page, size: perPage).range).all()
        return (users, total)
    }

    public func find(username: String) async throws -> UserModel? {
        try await UserModel.query(on: db).filter(\.$username == username).with(\.$department).first()
    }

    public func find(id: UUID) async throws -> UserModel? {
        try await UserModel.query(on: db).filter(\.$id == id).with(\.$department).first()
    }

    public static func validateUsername(_ username: String) -> String? {
        let ok = !username.isEmpty && username.count <= 64 && username.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)
        }
        return ok ? nil : "用户名须为 1–64 位字母、数字、- _ ."
    }

    public func create(_ new: NewUser, actor: AuditLog.Actor) async throws -> UserModel {
        if let problem = Self.validateUsername(new.username) { throw StoreError.invalid(problem) }
        if let problem = PasswordPolicy.problem(with: new.password) { throw StoreError.invalid(problem) }
        let displayName = new.displayName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !displayName.isEmpty else { throw StoreError.invalid("姓名不能为空") }
        try DirectoryRules.checkTexts([("姓名", displayName, .name), ("手机号码", new.mobile ?? "", .code)])
        let hash = try await passwords.hash(new.password)
        return try await db.transaction { tx in
            guard let department = try await DepartmentModel.query(on: tx).filter(\.$code == new.departmentCode).first() else {
                throw StoreError.notFound(entity: "部门", key: new.departmentCode)
            }
            try Self.checkRoleFits(new.role, department: department)
            if try await UserModel.query(on: tx).filter(\.$username == new.username).first() != nil {
                throw StoreError.duplicate(entity: "用户名", key: new.username)
            }
            let user = UserModel(username: new.username, displayName: displayName, passwordHash: hash, role: new.role, departmentID: try department.requireID(), mobile: new.mobile)
            user.inspectorCode = try await Self.officer(new.inspectorCode, role: new.role, department: department, account: new.username, on: tx)
            try await user.create(on: tx)
            user.$department.value = department
            try await AuditLog.record(on: tx, actor: actor, action: "create", entity: "user", entityID: new.username, after: user.auditSnapshot)
            return user
        }
    }

    /// Which account acts as each linked officer, by 执法证号.
    public func officerAccounts() async throws -> [String: String] {
        var accounts: [String: String] = [:]
        for row in try await (db as! any SQLDatabase).select().columns("username", "inspector_code").from("users").all() {
            if let code = try row.decodeOptionalText("inspector_code"), !code.isEmpty {
                accounts[code] = try row.decode(column: "username", as: String.self)
            }
        }
        return accounts
    }

    /// The officer code an account may be linked to, or nil for none: only an inspector account,
    /// only an officer of the account's department's roster, and each officer by one account.
    static func officer(_ code: String?, role: Role, department: DepartmentModel, account: String, on db: any Database) async throws -> String? {
        guard let code = code?.trimmingCharacters(in: .whitespaces), !code.isEmpty else { return nil }
        guard role == .inspector else { throw StoreError.invalid("只有检查人员账号可以对应执法检查人员") }
        let sql = db as! any SQLDatabase
        guard let officer = try await sql.select().columns("name", "department_code").from("inspectors").where("code", .equal, code).first() else {
            throw StoreError.invalid("执法证号「\(code)」不在执法检查人员名录中")
        }
        let name = try officer.decode(column: "name", as: String.self)
        guard try officer.decode(column: "department_code", as: String.self) == department.code else {
            throw StoreError.invalid("执法检查人员「\(name)」不属于\(department.name)，请先选择其所在部门")
        }
        if let other = try await UserModel.query(on: db).filter(\.$inspectorCode == code).filter(\.$username != account).first() {
            throw StoreError.invalid("执法检查人员「\(name)」已由账号「\(other.username)」使用，一名执法检查人员只能对应一个账号")
        }
        return code
    }

    public func update(username: String, change: Change, actor: AuditLog.Actor) async throws -> UserModel {
        try await db.transaction { tx in
            guard let user = try await UserModel.query(on: tx).filter(\.$username == username).with(\.$department).first() else {
                throw StoreError.notFound(entity: "用户", key: username)
            }
            let before = user.auditSnapshot
            if let name = change.displayName {
                let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !trimmed.isEmpty else { throw StoreError.invalid("姓名不能为空") }
                try DirectoryRules.checkTexts([("姓名", trimmed, .name)])
                user.displayName = trimmed
            }
            var department = user.department
            if let code = change.departmentCode {
                guard let found = try await DepartmentModel.query(on: tx).filter(\.$code == code).first() else {
                    throw StoreError.notFound(entity: "部门", key: code)
                }
                department = found
                user.$department.id = try found.requireID()
            }
            if let role = change.role { user.role = role.rawValue }
            try Self.checkRoleFits((try user.userRole), department: department)
            // The link follows the account: kept (and checked again) when only the role or the
            // department changes, so an officer never stays linked to another department's account.
            user.inspectorCode = try await Self.officer(change.inspectorCode ?? user.inspectorCode, role: try user.userRole, department: department,
                                                        account: username, on: tx)
            if let mobile = change.mobile { user.mobile = mobile.isEmpty ? nil : mobile }
            if let active = change.active { user.active = active }
            try await user.save(on: tx)
            user.$department.value = department
            if change.active == false {
                try await SessionModel.query(on: tx).filter(\.$user.$id == user.requireID()).delete()
            }
            try await AuditLog.record(on: tx, actor: actor, action: "update", entity: "user", entityID: username, before: before, after: user.auditSnapshot)
            return user
        }
    }

    public func setPassword(username: String, password: String, actor: AuditLog.Actor) async throws {
        if let problem = PasswordPolicy.problem(with: password) { throw StoreError.invalid(problem) }
        let hash = try await passwords.hash(password)
        try await db.transaction { tx in
            guard let user = try await UserModel.query(on: tx).filter(\.$username == username).first() else {
                throw StoreError.notFound(entity: "用户", key: username)
            }
            user.passwordHash = hash
            try await user.save(on: tx)
            // A new password ends every existing login of that user, and revokes their API tokens:
            // a password is changed because it may be known to someone else, who may have made a token.
            try await SessionModel.query(on: tx).filter(\.$user.$id == user.requireID()).delete()
            let tokens = try await APITokenModel.query(on: tx).filter(\.$user.$id == user.requireID()).filter(\.$revokedAt == nil).all()
            for token in tokens {
                token.revokedAt = Date()
                try await token.save(on: tx)
            }
            try await AuditLog.record(on: tx, actor: actor, action: "password", entity: "user", entityID: username,
                                      after: ["api_tokens_revoked": String(tokens.count)])
        }
    }

    public func delete(username: String, actor: AuditLog.Actor) async throws {
        try await db.transaction { tx in
            guard let user = try await UserModel.query(on: tx).filter(\.$username == username).first() else {
                throw StoreError.notFound(entity: "用户", key: username)
            }
            let before = user.auditSnapshot
            try await user.delete(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: "delete", entity: "user", entityID: username, before: before)
        }
    }

    /// Office admins sit in the office; department roles sit in a department.
    static func checkRoleFits(_ role: Role, department: DepartmentModel) throws {
        switch (role, (try department.departmentKind)) {
        case (.officeAdmin, .department): throw StoreError.invalid("办公室管理员必须属于办公室")
        case (.deptAdmin, .office), (.inspector, .office): throw StoreError.invalid("\(role.label)必须属于业务部门")
        default: break
        }
    }

    /// The principal for a user, or nil when the account is disabled.
    public static func principal(of user: UserModel) throws -> Principal? {
        guard user.active, let id = user.id, let department = user.$department.value else { return nil }
        return Principal(userID: id, username: user.username, displayName: user.displayName, role: try user.userRole,
                         departmentID: try department.requireID(), departmentCode: department.code, departmentName: department.name)
    }
}
