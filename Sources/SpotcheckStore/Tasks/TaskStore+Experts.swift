import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

/// Experts (专家) on matched teams (issue 6 item 6: "experts are added separately and never count
/// toward the team size"). A department's admin adds experts from its roster to its own teams
/// once the teams exist; they appear on the 一企一表 and the group report marked 专家, but are not
/// drawn, not in the draw record, and not one of the team's officers.
extension TaskStore {
    /// One expert on one of a department's teams.
    public struct TaskExpert: Sendable, Equatable {
        public var department: String
        /// The department's team (0-based, shown as 第 n+1 组).
        public var teamIndex: Int
        public var code: String
        public var name: String
        public var mobile: String
    }

    /// States in which teams exist and can take experts.
    static let expertStates: Set<TaskState> = [.matched, .inspecting]

    /// Adds `expertCode` (an expert of `department`'s roster, in service) to the department's
    /// team `teamIndex` (0-based). Audited.
    @discardableResult
    public func addExpert(_ reference: String, department: String, teamIndex: Int, expertCode: String,
                          actor: AuditLog.Actor) async throws -> TaskExpert {
        try await db.transaction { tx in
            let store = on(tx)
            let task = try await store.lock(reference)
            try store.checkExpertStep(task, department: department)
            guard try await store.teamExists(task.id, department: department, teamIndex: teamIndex) else {
                throw StoreError.invalid("部门 \(department) 没有第 \(teamIndex + 1) 组")
            }
            let code = expertCode.trimmingCharacters(in: .whitespaces)
            guard let expert = try await InspectorRoster(db: tx).list(department: department).first(where: { $0.code == code }) else {
                throw StoreError.invalid("本部门执法检查人员名录中没有 \(code)")
            }
            guard expert.isExpert else { throw StoreError.invalid("\(expert.name)（\(code)）不是专家：执法人员由抽取产生，不能直接加入检查组") }
            guard expert.status.isEligible else { throw StoreError.invalid("\(expert.name)（\(code)）当前不在岗，不能加入检查组") }
            if try await store.expertPlacements(task.id).contains(where: { $0 == (department, teamIndex, code) }) {
                throw StoreError.duplicate(entity: "检查组专家", key: "\(expert.name)（第 \(teamIndex + 1) 组）")
            }
            try await store.sql.insert(into: "task_experts")
                .columns("task_id", "department_code", "team_index", "inspector_code", "added_by", "added_at")
                .values(SQLBind(task.id), SQLBind(department), SQLBind(teamIndex), SQLBind(code), SQLBind(actor.name), SQLBind(clock.now()))
                .run()
            try await AuditLog.record(on: tx, actor: actor, action: "expert_add", entity: "task", entityID: String(task.id), after: [
                "department": department, "team": String(teamIndex + 1), "expert": code,
            ])
            return TaskExpert(department: department, teamIndex: teamIndex, code: code, name: expert.name, mobile: expert.mobile)
        }
    }

    /// Takes `expertCode` off the department's team `teamIndex`. Audited.
    public func removeExpert(_ reference: String, department: String, teamIndex: Int, expertCode: String,
                             actor: AuditLog.Actor) async throws {
        try await db.transaction { tx in
            let store = on(tx)
            let task = try await store.lock(reference)
            try store.checkExpertStep(task, department: department)
            guard try await store.expertPlacements(task.id).contains(where: { $0 == (department, teamIndex, expertCode) }) else {
                throw StoreError.notFound(entity: "检查组专家", key: expertCode)
            }
            try await store.sql.delete(from: "task_experts").where("task_id", .equal, task.id)
                .where("department_code", .equal, department).where("team_index", .equal, teamIndex)
                .where("inspector_code", .equal, expertCode).run()
            try await AuditLog.record(on: tx, actor: actor, action: "expert_remove", entity: "task", entityID: String(task.id), before: [
                "department": department, "team": String(teamIndex + 1), "expert": expertCode,
            ])
        }
    }

    /// The task's experts by department, team and the order they were added.
    public func experts(_ taskID: Int) async throws -> [TaskExpert] {
        let placements = try await expertPlacements(taskID)
        guard !placements.isEmpty else { return [] }
        let roster = Dictionary(try await InspectorRoster(db: db).list(department: nil).map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        return placements.map { placement in
            TaskExpert(department: placement.department, teamIndex: placement.teamIndex, code: placement.code,
                       name: roster[placement.code]?.name ?? placement.code, mobile: roster[placement.code]?.mobile ?? "")
        }
    }

    /// Which expert is on which team, without names: for callers that hold the roster already.
    func expertPlacements(_ taskID: Int) async throws -> [(department: String, teamIndex: Int, code: String)] {
        try await sql.select().columns("department_code", "team_index", "inspector_code").from("task_experts")
            .where("task_id", .equal, taskID).orderBy("department_code").orderBy("team_index").orderBy("added_at").all()
            .map { row in
                (try row.decode(column: "department_code", as: String.self), try row.decode(column: "team_index", as: Int.self),
                 try row.decode(column: "inspector_code", as: String.self))
            }
    }

    /// The department's experts in service, who may be added to its teams.
    public func availableExperts(department: String) async throws -> [InspectorRecord] {
        try await InspectorRoster(db: db).list(department: department).filter { $0.isExpert && $0.status.isEligible }
    }

    private func checkExpertStep(_ task: TaskInfo, department: String) throws {
        guard Self.expertStates.contains(task.state) else {
            throw TaskTransitionError(from: task.state, action: "调整检查组专家（检查组匹配后、检查完成前可调整）")
        }
        guard task.plan.departments.contains(where: { $0.department == department }) else {
            throw StoreError.invalid("部门 \(department) 不参加任务「\(task.documentNumber)」")
        }
    }

    private func teamExists(_ taskID: Int, department: String, teamIndex: Int) async throws -> Bool {
        try await sql.select().column("team_index").from("task_team_members").where("task_id", .equal, taskID)
            .where("department_code", .equal, department).where("team_index", .equal, teamIndex).limit(1).first() != nil
    }
}
