import SpotcheckCore
import SpotcheckStore

/// 后续处置 (product step 9): per task, the dispositions of findings, each with a status and its
/// history.
///
/// Who sees what: the office and the auditor see every disposition of the task; a department
/// admin sees its own and those transferred (移送其他部门) to it, even from a task it takes no
/// part in. The office and a department admin add and move dispositions on (the department its
/// own and its incoming ones); the auditor only reads.
extension Workflow {
    public typealias Disposition = DispositionStore.Disposition

    /// The task, if `principal` may see its dispositions: a department admin needs its department
    /// in the (published) task, or a disposition of the task transferred to it.
    public func dispositionTask(_ id: TaskID, for principal: Principal) async throws -> TaskInfo {
        try RoleGate.readers.check(principal)
        let task = try await tasks.require(String(id.rawValue))
        if principal.role == .deptAdmin {
            let participates = task.state != .draft && task.plan.departments.contains { $0.department == principal.departmentCode }
            if !participates {
                let incoming = try await dispositionStore.list(taskID: task.id, department: principal.departmentCode, incoming: true)
                guard !incoming.isEmpty else { throw AccessRefusal.forbidden("本部门未参与此任务，无权查看其处置") }
            }
        }
        return task
    }

    /// The dispositions of a task the principal may see, oldest first: all for the office and the
    /// auditor (optionally one department's, or those transferred to it with `incoming`); a
    /// department's own and its incoming transfers otherwise (asking for another department is refused).
    public func dispositions(task id: TaskID, department requested: String?, incoming: Bool,
                             for principal: Principal) async throws -> [Disposition] {
        let task = try await dispositionTask(id, for: principal)
        let department = try AccessPolicy.departmentFilter(principal, requested: requested)
        if principal.role.seesAllDepartments && department == nil {
            return incoming ? try await dispositionStore.list(taskID: task.id).filter { $0.targetDepartment != nil }
                : try await dispositionStore.list(taskID: task.id)
        }
        guard let department else { return [] }
        if incoming { return try await dispositionStore.list(taskID: task.id, department: department, incoming: true) }
        if principal.role.seesAllDepartments { return try await dispositionStore.list(taskID: task.id, department: department) }
        // A department's users: their own and the ones transferred to them, in one list.
        let own = try await dispositionStore.list(taskID: task.id, department: department)
        let transferred = try await dispositionStore.list(taskID: task.id, department: department, incoming: true)
        return (own + transferred).sorted { $0.id < $1.id }
    }

    /// One disposition with its history, if the principal may see it (404 otherwise, so a refused
    /// department learns nothing of it).
    public func disposition(task id: TaskID, disposition number: Int,
                            for principal: Principal) async throws -> (disposition: Disposition, history: [DispositionStore.Event]) {
        let task = try await dispositionTask(id, for: principal)
        guard let found = try await dispositionStore.find(id: number), found.taskID == task.id, Self.maySee(principal, found) else {
            throw StoreError.notFound(entity: "处置", key: String(number))
        }
        return (found, try await dispositionStore.history(id: number))
    }

    /// Records a disposition of `department`'s finding at `enterprise`: the office for any
    /// department of the task, a department's admin for its own. The enterprise must be one the
    /// department inspects in this task; a transfer names the receiving department.
    @discardableResult
    public func addDisposition(task id: TaskID, enterprise: USCC, department: DepartmentCode, kind: DispositionKind, form: String,
                               targetDepartment: String?, reason: String, decidedOn: CivilDate, dueOn: CivilDate?, note: String,
                               by principal: Principal) async throws -> Disposition {
        try RoleGate.managers.check(principal)
        let task = try await dispositionTask(id, for: principal)
        try AccessPolicy.requireManage(principal, department: department.rawValue)
        guard task.plan.departments.contains(where: { $0.department == department.rawValue }) else {
            throw AccessRefusal.forbidden("该部门未参与此任务")
        }
        try TaskStatePredicates.requireTeams(task)
        if let dueOn, dueOn < decidedOn { throw InputInvalid(field: "dueOn", "期限不能早于决定日期") }
        let number = try await dispositionStore.add(
            taskID: task.id, uscc: enterprise.rawValue, department: department.rawValue, kind: kind,
            form: kind == .guidance ? form : "", targetDepartment: kind == .transferDepartment ? targetDepartment : nil,
            reason: reason, decidedOn: decidedOn, dueOn: dueOn, note: note, actor: Self.actor(principal))
        return try await disposition(task: id, disposition: number, for: principal).disposition
    }

    /// Moves a disposition on (a progress note, or closing it on `closedOn`, today by default):
    /// the office, or the admin of the owning or the receiving department. Closed is final (409).
    @discardableResult
    public func updateDisposition(task id: TaskID, disposition number: Int, status: DispositionStatus, note: String, closedOn: CivilDate?,
                                  by principal: Principal) async throws -> Disposition {
        try RoleGate.managers.check(principal)
        let (found, _) = try await disposition(task: id, disposition: number, for: principal)
        guard Self.mayUpdate(principal, found) else { throw AccessRefusal.forbidden("只能办理本部门的处置或移送本部门的处置") }
        // A department admin acts for its own department: the owner or the receiving one.
        let acting = principal.role == .deptAdmin ? principal.departmentCode : found.department
        try await dispositionStore.update(id: number, department: acting, status: status, note: note,
                                          closedOn: status == .closed ? (closedOn ?? today) : nil, actor: Self.actor(principal))
        return try await disposition(task: id, disposition: number, for: principal).disposition
    }

    /// Whether `principal` sees `disposition`: the office and the auditor all; a department its
    /// own and those transferred to it.
    public static func maySee(_ principal: Principal, _ disposition: Disposition) -> Bool {
        principal.role.seesAllDepartments || disposition.department == principal.departmentCode
            || disposition.targetDepartment == principal.departmentCode
    }

    /// Whether `principal` may move `disposition` on.
    public static func mayUpdate(_ principal: Principal, _ disposition: Disposition) -> Bool {
        switch principal.role {
        case .officeAdmin: true
        case .deptAdmin: disposition.department == principal.departmentCode || disposition.targetDepartment == principal.departmentCode
        default: false
        }
    }

    var dispositionStore: DispositionStore { DispositionStore(db: db, clock: clock) }
}
