import Foundation
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// The 待确认/逾期 block of the dashboards: tasks in 确认中 with, per department, the enterprises
/// still waiting for its decision and how many of those are past their one-working-day deadline.
enum TaskDashboard {
    /// Sets `confirmations` in a dashboard's data when there is something to show; `progress`
    /// is what the work queues read (``WorkQueues/confirmations``).
    static func addConfirmations(to data: inout [String: Any], _ env: WebEnvironment, progress: [ConfirmationProgress]) async throws {
        if let block = try await confirmations(env, progress: progress) { data["confirmations"] = block }
    }

    /// nil when there is nothing to show, so the template's section stays closed.
    static func confirmations(_ env: WebEnvironment, progress: [ConfirmationProgress]) async throws -> [String: Any]? {
        guard !progress.isEmpty else { return nil }
        let names = try await env.workflow.departmentNames()
        let rows: [[String: Any]] = progress.map { row in
            ["id": row.task.id, "taskURL": SiteURL.task(row.task.id).path + "#dispatches", "deadline": row.deadline?.chineseText ?? "—", "documentNumber": row.task.documentNumber, "department": names[row.department] ?? row.department,
             "pending": row.pending, "overdue": row.overdue, "late": row.overdue > 0]
        }
        return ["rows": rows, "today": env.today.chineseText, "overdueTotal": progress.reduce(0) { $0 + $1.overdue }]
    }
}
