import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

/// How many inspectors each department will draw (issue 6 item 3: set by the department's admin
/// before publication, frozen with everything else when the task is published).
extension TaskStore {
    /// Sets the number of `department`'s inspectors the task draws. Only while the task is a
    /// draft; at least the team size and at most the department's eligible inspectors (在岗,
    /// not experts, certificate valid through the period) — publication checks the same again.
    @discardableResult
    public func setInspectorCount(_ reference: String, department: String, count: Int, actor: AuditLog.Actor) async throws -> TaskInfo {
        try await db.transaction { tx in
            let store = on(tx)
            let task = try await store.lock(reference)
            guard task.state == .draft else {
                throw TaskTransitionError(from: task.state, action: "修改抽取人数（发布时已冻结）")
            }
            var plan = task.plan
            guard let index = plan.departments.firstIndex(where: { $0.department == department }) else {
                throw StoreError.invalid("\(try await store.departmentName(department))不参加任务「\(task.documentNumber)」")
            }
            guard count >= plan.teamSize else {
                throw StoreError.invalid("抽取人数须不少于每组人数 \(plan.teamSize) 人")
            }
            let eligible = try await store.eligibleInspectors(department: department, periodEnd: plan.periodEnd)
            guard count <= eligible.count else {
                throw StoreError.invalid(
                    "\(try await store.departmentName(department))符合条件的执法检查人员（在岗、非专家、执法证有效期至 \(plan.periodEnd.chineseText) 以后）仅 \(eligible.count) 人，不能抽取 \(count) 人")
            }
            let before = plan.departments[index].inspectorCount
            plan.departments[index].inspectorCount = count
            try await store.sql.update("tasks").set("plan", to: try Self.json(plan)).set("updated_at", to: clock.now())
                .where("id", .equal, task.id).run()
            try await AuditLog.record(on: tx, actor: actor, action: "inspector_count", entity: "task", entityID: String(task.id),
                                      before: ["department": department, "count": String(before)],
                                      after: ["department": department, "count": String(count)])
            return try await store.require(String(task.id))
        }
    }
}
