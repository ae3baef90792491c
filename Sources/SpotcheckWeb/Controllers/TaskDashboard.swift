import Foundation
import SpotcheckCore
import SpotcheckStore

/// The 待确认/逾期 block of the dashboards: tasks in 确认中 with, per department, the enterprises
/// still waiting for its decision and how many of those are past their one-working-day deadline.
enum TaskDashboard {
    /// Sets `confirmations` in a dashboard's data when there is something to show.
    static func addConfirmations(to data: inout [String: Any], _ env: WebEnvironment, department: String?) async throws {
        if let block = try await confirmations(env, department: department) { data["confirmations"] = block }
    }

    /// Every confirming task (office, auditor) or those `department` takes part in (its admin);
    /// nil when there is nothing to show, so the template's section stays closed.
    static func confirmations(_ env: WebEnvironment, department: String?) async throws -> [String: Any]? {
        let store = TaskStore(db: env.db)
        let (tasks, _) = try await store.list(states: [.confirming], department: department, page: 1, perPage: 100)
        guard !tasks.isEmpty else { return nil }
        let names = try await TaskController.departmentNames(env)
        let today = env.today
        var rows: [[String: Any]] = []
        for task in tasks {
            let pending = try await store.pendingConfirmations(task.id)
            for plan in task.plan.departments where department == nil || plan.department == department {
                let overdue = try await store.dispatches(task.id, department: plan.department).filter { $0.isOverdue(today: today) }.count
                rows.append([
                    "id": task.id, "documentNumber": task.documentNumber, "department": names[plan.department] ?? plan.department,
                    "pending": pending[plan.department] ?? 0, "overdue": overdue, "late": overdue > 0,
                ])
            }
        }
        return ["rows": rows, "today": today.description,
                "overdueTotal": rows.reduce(0) { $0 + ($1["overdue"] as? Int ?? 0) }]
    }
}
