import SpotcheckCore
import SpotcheckStore

/// 分组情况: each department submits its grouping to the office (提交办公室).
extension Workflow {
    /// The department's admin submits its group report of a matched task; returns the report
    /// with its submission time. Another department, or a department not in the task, is refused.
    @discardableResult
    public func submitGroupReport(task id: TaskID, department: DepartmentCode, by principal: Principal) async throws -> GroupReport {
        try RoleGate.departmentStep.check(principal)
        let task = try await task(id, for: principal)
        try AccessPolicy.requireDepartmentStep(principal, task: task, department: department.rawValue)
        try TaskStatePredicates.requireTeams(task)
        _ = try await tasks.submitGroupReport(taskID: task.id, department: department.rawValue, actor: Self.actor(principal), now: clock.now())
        return try await tasks.groupReport(taskID: task.id, department: department.rawValue)
    }
}

extension Workflow {
    /// Every participating department's 分组情况 of a task, for whoever sees the whole task
    /// (the office, the auditor, the lead department's admin); others are refused.
    public func groupReports(of task: TaskInfo, for principal: Principal) async throws -> [GroupReport] {
        try RoleGate.readers.check(principal)
        try AccessPolicy.requireParticipant(principal, task)
        guard AccessPolicy.seesWholeTask(principal, task) else { throw AccessRefusal.forbidden("只能查看本部门的分组情况") }
        var reports: [GroupReport] = []
        for plan in task.plan.departments {
            reports.append(try await tasks.groupReport(taskID: task.id, department: plan.department))
        }
        return reports
    }
}
