import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

/// How far one department has come with one task's results (the office dashboard's 进度).
public struct ResultProgress: Sendable, Equatable {
    public var taskID: Int
    public var documentNumber: String
    public var state: TaskState
    public var department: String
    /// Enterprises assigned to the department's teams (task_assignments).
    public var drawn: Int
    /// Results saved in any state (draft, submitted or approved).
    public var inspected: Int
    /// Results submitted, including those approved since.
    public var submitted: Int
    /// Results approved by the department admin, i.e. published.
    public var published: Int
}

extension ResultStore {
    /// Progress per task and department for tasks in 已匹配 or 检查中 (optionally one department's),
    /// newest task first, in the plan's department order. Counted with GROUP BY, never row by row.
    public func progress(department: String? = nil) async throws -> [ResultProgress] {
        let (tasks, _) = try await TaskStore(db: db).list(states: [.matched, .inspecting], department: department, page: 1, perPage: 500)
        guard !tasks.isEmpty else { return [] }
        let ids = tasks.map(\.id)

        var drawnQuery = sql.select().column("task_id").column("department_code").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("task_assignments").where("task_id", .in, ids)
        if let department { drawnQuery = drawnQuery.where("department_code", .equal, department) }
        var drawn: [String: Int] = [:]
        for row in try await drawnQuery.groupBy("task_id").groupBy("department_code").all() {
            drawn[Self.key(try row.decode(column: "task_id", as: Int.self), try row.decode(column: "department_code", as: String.self))] =
                try row.decode(column: "n", as: Int.self)
        }

        var statusQuery = sql.select().column("task_id").column("department_code").column("status")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("inspection_results").where("task_id", .in, ids)
        if let department { statusQuery = statusQuery.where("department_code", .equal, department) }
        var byStatus: [String: [InspectionResult.Status: Int]] = [:]
        for row in try await statusQuery.groupBy("task_id").groupBy("department_code").groupBy("status").all() {
            let key = Self.key(try row.decode(column: "task_id", as: Int.self), try row.decode(column: "department_code", as: String.self))
            // A status that does not decode is a fault, not a draft (it would be counted as not yet submitted).
            let status = try row.decodeStored("status", as: InspectionResult.Status.self, entity: "inspection_results",
                                              id: key.replacingOccurrences(of: "\t", with: "/") + "/*")
            byStatus[key, default: [:]][status, default: 0] += try row.decode(column: "n", as: Int.self)
        }

        var rows: [ResultProgress] = []
        for task in tasks {
            for plan in task.plan.departments where department == nil || plan.department == department {
                let key = Self.key(task.id, plan.department)
                let counts = byStatus[key] ?? [:]
                let approved = counts[.approved] ?? 0
                let submitted = (counts[.submitted] ?? 0) + approved
                rows.append(ResultProgress(
                    taskID: task.id, documentNumber: task.documentNumber, state: task.state, department: plan.department,
                    drawn: drawn[key] ?? 0, inspected: submitted + (counts[.draft] ?? 0), submitted: submitted, published: approved))
            }
        }
        return rows
    }

    private static func key(_ taskID: Int, _ department: String) -> String { "\(taskID)\t\(department)" }
}
