import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

extension TaskStore {
    /// Dispatches still pending past their confirmation deadline, per department, in two queries
    /// whatever the number of departments (the task page and the dashboards once ran one query
    /// per department).
    public func overdueConfirmations(_ taskID: Int, today: CivilDate) async throws -> [String: Int] {
        let decided = try await decidedPairs(taskID)
        var overdue: [String: Int] = [:]
        // `confirm_by` is an ISO date, so text order is date order.
        for row in try await sql.select().columns("uscc", "depts").from("task_enterprises")
            .where("task_id", .equal, taskID).where("active", .equal, true).where("confirm_by", .lessThan, today.description).all() {
            let uscc = try row.decode(column: "uscc", as: String.self)
            for dept in FieldTag.splitList(try row.decode(column: "depts", as: String.self)) where !decided.contains(uscc + "|" + dept) {
                overdue[dept, default: 0] += 1
            }
        }
        return overdue
    }
}

extension TaskStore {
    /// Per department, the earliest confirmation deadline among the enterprises still waiting for
    /// its decision (the dashboard's 待确认 shows it).
    public func earliestPendingDeadlines(_ taskID: Int) async throws -> [String: CivilDate] {
        let decided = try await decidedPairs(taskID)
        var earliest: [String: CivilDate] = [:]
        for row in try await sql.select().columns("uscc", "depts", "confirm_by").from("task_enterprises")
            .where("task_id", .equal, taskID).where("active", .equal, true).all() {
            let uscc = try row.decode(column: "uscc", as: String.self)
            guard let due = CivilDate(try row.decode(column: "confirm_by", as: String.self)) else { continue }
            for dept in FieldTag.splitList(try row.decode(column: "depts", as: String.self)) where !decided.contains(uscc + "|" + dept) {
                if earliest[dept].map({ due < $0 }) ?? true { earliest[dept] = due }
            }
        }
        return earliest
    }

    /// `uscc|department` of every decision taken on the task (confirmed or rejected).
    func decidedPairs(_ taskID: Int) async throws -> Set<String> {
        var decided = Set<String>()
        for row in try await sql.select().columns("uscc", "department_code").from("task_confirmations")
            .where("task_id", .equal, taskID).all() {
            decided.insert(try row.decode(column: "uscc", as: String.self) + "|" + row.decode(column: "department_code", as: String.self))
        }
        return decided
    }
}
