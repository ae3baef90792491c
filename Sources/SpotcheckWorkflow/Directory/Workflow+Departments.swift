import FluentKit
import SpotcheckCore
import SpotcheckStore

/// Departments: the office manages them, the auditor reads all, a department's admin reads only
/// its own (refused before the lookup, so that a 404 does not reveal which codes exist).
extension Workflow {
    /// The departments `principal` may read (every one for the office and the auditor).
    public func departments(for principal: Principal) async throws -> [DepartmentModel] {
        try RoleGate.readers.check(principal)
        return try await DepartmentRepository(db: db).all().filter { principal.mayRead(departmentCode: $0.code) }
    }

    /// Every department, the office included (the account form's choices).
    public func allDepartments() async throws -> [DepartmentModel] {
        try await DepartmentRepository(db: db).all()
    }

    /// The departments that take part in tasks (not the office itself), for pickers and summaries.
    public func workingDepartments() async throws -> [DepartmentModel] {
        try await DepartmentRepository(db: db).all().filter { (try $0.departmentKind) == .department }
    }

    /// The department of a page that changes its lists: refused before anything is loaded when
    /// the principal may not manage it.
    public func department(toManage code: DepartmentCode, by principal: Principal) async throws -> DepartmentModel {
        try AccessPolicy.requireManage(principal, department: code.rawValue)
        return try await DepartmentRepository(db: db).require(code: code.rawValue)
    }

    public func department(_ code: DepartmentCode, for principal: Principal) async throws -> DepartmentModel {
        try AccessPolicy.requireRead(principal, department: code.rawValue)
        return try await DepartmentRepository(db: db).require(code: code.rawValue)
    }

    public func createDepartment(code: String, name: String, kind: DepartmentKind, by principal: Principal) async throws -> DepartmentModel {
        try RoleGate.office.check(principal)
        return try await DepartmentRepository(db: db).create(
            code: code.trimmingCharacters(in: .whitespaces), name: name, kind: kind, actor: Self.actor(principal))
    }

    public func updateDepartment(_ code: DepartmentCode, name: String?, kind: DepartmentKind?, by principal: Principal) async throws -> DepartmentModel {
        try RoleGate.office.check(principal)
        return try await DepartmentRepository(db: db).update(code: code.rawValue, name: name, kind: kind, actor: Self.actor(principal))
    }

    /// Refused (in use) while users, lists or tasks still refer to the department.
    public func deleteDepartment(_ code: DepartmentCode, by principal: Principal) async throws {
        try RoleGate.office.check(principal)
        do {
            try await DepartmentRepository(db: db).delete(code: code.rawValue, actor: Self.actor(principal))
        } catch let StoreError.invalid(reason) {
            // The repository refuses while users belong to the department: the department is in use.
            throw StoreError.inUse(reason)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw StoreError.inUse("部门「\(code.rawValue)」仍有名录、人员或事项等数据引用，不能删除")
        }
    }

    /// One page of a department's users.
    public func departmentUsers(_ code: DepartmentCode, search: String?, page: Int, perPage: Int,
                                for principal: Principal) async throws -> (users: [UserModel], total: Int) {
        // A list of nobody would hide a mistyped code.
        _ = try await department(code, for: principal)
        return try await UserRepository(db: db, passwords: store.passwords).list(departmentCode: code.rawValue, search: search, page: page, perPage: perPage)
    }
}
