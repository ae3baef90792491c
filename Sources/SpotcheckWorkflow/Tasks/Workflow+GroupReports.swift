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
