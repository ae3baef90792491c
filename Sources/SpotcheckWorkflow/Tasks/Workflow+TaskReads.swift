import SpotcheckCore
import SpotcheckStore

/// What a task shows its readers: dispatches, drawn inspectors, the draw record and frozen
/// lists, 一企一表 and group reports — each with the department and team rules of AccessPolicy.
extension Workflow {
    /// The dispatches the principal may see (a department's users: their own department's) and
    /// the pending confirmations per department.
    public func dispatches(task id: TaskID, department requested: String?, for principal: Principal)
        async throws -> (dispatches: [TaskStore.Dispatch], pending: [String: Int]) {
        let department = try AccessPolicy.departmentFilter(principal, requested: requested)
        let task = try await task(id, for: principal)
        let pending = try await tasks.pendingConfirmations(task.id).filter { department == nil || $0.key == department }
        return (try await tasks.dispatches(task.id, department: department), pending)
    }

    public func drawnInspectors(task id: TaskID, department requested: String?, for principal: Principal) async throws -> [TaskStore.DrawnInspector] {
        let department = try AccessPolicy.departmentFilter(principal, requested: requested)
        let task = try await task(id, for: principal)
        return try await tasks.drawnInspectors(task.id, department: department)
    }

    /// The record as the public notice shows it (the secret hidden until matching); nil before the draw.
    public func drawRecord(task id: TaskID, for principal: Principal) async throws -> (task: TaskInfo, record: DrawRecord?) {
        let task = try await task(id, for: principal)
        try AccessPolicy.requireRecordRead(principal, task)
        guard task.drawnAt != nil else { return (task, nil) }
        return (task, try task.publicRecord)
    }

    /// A frozen list (CSV) of a published task; nil before publication.
    public func frozenList(task id: TaskID, _ kind: TaskSnapshotKind, for principal: Principal) async throws -> String? {
        try RoleGate.oversight.check(principal)
        let task = try await task(id, for: principal)
        guard task.state.isFrozen, task.freeze != nil else { return nil }
        return try await tasks.snapshot(task.id, kind)
    }

    /// One 一企一表: whoever sees the whole task; a department admin whose department has a team on
    /// it; an inspector on one of its teams. Access is decided before the form is built, so a
    /// refused caller learns nothing about it.
    public func form(task id: TaskID, enterprise: USCC, for principal: Principal) async throws -> InspectionForm {
        let task = try await tasks.require(String(id.rawValue))
        try AccessPolicy.requireParticipant(principal, task)
        try TaskStatePredicates.requireTeams(task)
        if principal.role == .inspector {
            let code = try await inspectorCode(of: principal)
            guard !code.isEmpty, try await tasks.isAssigned(inspector: code, taskID: task.id, uscc: enterprise.rawValue) else {
                throw AccessRefusal.forbidden("您不在该企业的检查组中")
            }
        }
        let form = try await tasks.form(taskID: task.id, uscc: enterprise.rawValue)
        if principal.role == .deptAdmin && !AccessPolicy.seesWholeTask(principal, task)
            && !form.departments.contains(where: { $0.department == principal.departmentCode && $0.teamIndex != nil }) {
            throw AccessRefusal.forbidden("本部门未参与该企业的检查")
        }
        return form
    }

    /// A department's 分组情况: whoever sees the whole task, or that department's admin.
    public func groupReport(task id: TaskID, department: DepartmentCode, for principal: Principal) async throws -> GroupReport {
        let task = try await tasks.require(String(id.rawValue))
        try AccessPolicy.requireGroupRead(principal, task, department: department.rawValue)
        try TaskStatePredicates.requireTeams(task)
        return try await tasks.groupReport(taskID: task.id, department: department.rawValue)
    }
}
