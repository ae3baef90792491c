import FluentKit
import SpotcheckCore
import SpotcheckStore

/// The figures each role's dashboard opens with.
extension Workflow {
    /// 一单两库 at a glance: the directory's size and the departments the principal may read.
    public func directorySummary(for principal: Principal) async throws -> (counts: DirectoryCounts, departments: [DepartmentModel]) {
        try RoleGate.readers.check(principal)
        let departments = try await workingDepartments().filter { principal.mayRead(departmentCode: $0.code) }
        return (try await DirectoryCounts.load(on: db), departments)
    }

    /// Accounts in the whole system (the office) or in the principal's department (its admin).
    public func accountCount(for principal: Principal) async throws -> Int {
        if principal.role.seesAllDepartments { return try await UserModel.query(on: db).count() }
        try RoleGate.departmentStep.check(principal)
        return try await UserRepository(db: db, passwords: store.passwords).list(departmentCode: principal.departmentCode).total
    }

    /// Events in the audit log (the auditor's and the office's dashboards).
    public func auditEventCount(for principal: Principal) async throws -> Int {
        try RoleGate.oversight.check(principal)
        return try await AuditEventModel.query(on: db).count()
    }
}
