import SpotcheckCore
import SpotcheckStore

/// The dashboards' view of step 5: per confirming task and department, what is pending and what
/// is past its one-working-day deadline.
public struct ConfirmationProgress: Sendable {
    public let task: TaskInfo
    public let department: String
    public let pending: Int
    public let overdue: Int
    /// The earliest deadline among the pending ones (nil when nothing is pending).
    public let deadline: CivilDate?
}

extension Workflow {
    /// Every confirming task (the office, the auditor) or those the principal's department takes
    /// part in (its admin), one row per department the principal may see.
    public func confirmationProgress(for principal: Principal) async throws -> [ConfirmationProgress] {
        let department = principal.role.seesAllDepartments ? nil : principal.departmentCode
        let (confirming, _) = try await tasks.list(states: [.confirming], department: department, page: 1, perPage: 100)
        var rows: [ConfirmationProgress] = []
        for task in confirming {
            let pending = try await tasks.pendingConfirmations(task.id)
            let overdue = try await tasks.overdueConfirmations(task.id, today: today)
            let deadlines = try await tasks.earliestPendingDeadlines(task.id)
            for plan in task.plan.departments where department == nil || plan.department == department {
                rows.append(ConfirmationProgress(task: task, department: plan.department, pending: pending[plan.department] ?? 0,
                                                 overdue: overdue[plan.department] ?? 0, deadline: deadlines[plan.department]))
            }
        }
        return rows
    }
}
