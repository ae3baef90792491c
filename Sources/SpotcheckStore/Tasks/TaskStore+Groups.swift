import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

/// 分组情况 (product step 7): each department's grouping — enterprise → its team members with
/// names and mobile numbers — reported to the office and passed to the lead department.
public struct GroupReport: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var uscc: String
        public var name: String
        public var address: String
        /// 0-based; shown as 第 n+1 组.
        public var teamIndex: Int
        public var members: [InspectionForm.Member]
    }

    public var taskID: Int
    public var documentNumber: String
    public var title: String
    public var department: String
    public var departmentName: String
    /// Whether this department leads the task.
    public var isLead: Bool
    /// When the department submitted the report to the office; nil while not submitted.
    public var submittedAt: Date?
    /// By team, then in draw order.
    public var rows: [Row]

    /// Number of teams that have at least one enterprise.
    public var teamCount: Int { Set(rows.map(\.teamIndex)).count }
}

extension TaskStore {
    /// The grouping of `department` in the task: its active enterprises with the team assigned.
    public func groupReport(taskID: Int, department: String) async throws -> GroupReport {
        let task = try await require(String(taskID))
        try Self.requireMatched(task)
        guard task.plan.departments.contains(where: { $0.department == department }) else {
            throw StoreError.notFound(entity: "本任务的参与部门", key: department)
        }
        let context = try await teamContext(task)
        let assigned = try await assignments(task.id, uscc: nil)
        var rows: [GroupReport.Row] = []
        for enterprise in try await activeEnterprises(task.id) {
            guard let team = assigned[enterprise.uscc]?[department] else { continue }
            rows.append(GroupReport.Row(uscc: enterprise.uscc, name: enterprise.name, address: enterprise.address,
                                        teamIndex: team, members: context.members(department, team)))
        }
        // Enterprises arrive in draw order; a stable partition by team keeps that order inside a team.
        let teams = Set(rows.map(\.teamIndex)).sorted()
        rows = teams.flatMap { team in rows.filter { $0.teamIndex == team } }
        return GroupReport(
            taskID: task.id, documentNumber: task.documentNumber, title: task.title, department: department,
            departmentName: context.departmentNames[department] ?? department, isLead: department == task.plan.leadDepartment,
            submittedAt: try await groupSubmissions(taskID: task.id)[department] ?? nil, rows: rows)
    }

    /// When each participating department that drew its inspectors submitted its group report
    /// (nil while not yet submitted).
    public func groupSubmissions(taskID: Int) async throws -> [String: Date?] {
        var result: [String: Date?] = [:]
        for row in try await sql.select().columns("department_code", "group_submitted_at").from("task_department_draws")
            .where("task_id", .equal, taskID).all() {
            result[try row.decode(column: "department_code", as: String.self)] = try row.decode(column: "group_submitted_at", as: Date?.self)
        }
        return result
    }

    /// The department submits (提交办公室) its group report; submitting again after a correction
    /// records the new time. Audited.
    @discardableResult
    public func submitGroupReport(taskID: Int, department: String, actor: AuditLog.Actor, now: Date = Date()) async throws -> Date {
        try await db.transaction { tx in
            let store = on(tx)
            let task = try await store.lock(String(taskID))
            try Self.requireMatched(task)
            guard task.state != .archived else { throw TaskTransitionError(from: task.state, action: "提交分组情况") }
            guard let row = try await store.sql.select().column("group_submitted_at").from("task_department_draws")
                .where("task_id", .equal, task.id).where("department_code", .equal, department).first()
            else { throw StoreError.notFound(entity: "本任务已抽取执法检查人员的部门", key: department) }
            let before = try row.decode(column: "group_submitted_at", as: Date?.self)
            try await store.sql.update("task_department_draws").set("group_submitted_at", to: now)
                .where("task_id", .equal, task.id).where("department_code", .equal, department).run()
            var beforeSnapshot: [String: String]?
            if let before { beforeSnapshot = ["department": department, "group_submitted_at": ISO8601DateFormatter().string(from: before)] }
            try await AuditLog.record(on: tx, actor: actor, action: "submit-groups", entity: "task", entityID: String(task.id),
                                      before: beforeSnapshot,
                                      after: ["department": department, "group_submitted_at": ISO8601DateFormatter().string(from: now)],
                                      at: now)
            return now
        }
    }
}
