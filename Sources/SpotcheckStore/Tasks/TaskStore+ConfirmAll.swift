import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

extension TaskStore {
    /// The department confirms every enterprise still pending for it: one transaction, one
    /// `INSERT … SELECT` and one audit event naming them all, so a failure leaves every one of
    /// them pending and a department of 500 dispatches costs one statement, not 500 steps.
    /// Returns how many were confirmed (0 when none was pending).
    @discardableResult
    public func confirmAll(_ reference: String, department: String, actor: AuditLog.Actor, now: Date = Date()) async throws -> Int {
        try await db.transaction { tx in
            let store = on(tx)
            let task = try await store.lock(reference)
            guard task.state == .confirming else { throw TaskTransitionError(from: task.state, action: "确认或退回企业") }
            guard task.plan.departments.contains(where: { $0.department == department }) else {
                throw StoreError.forbidden("部门 \(department) 未参与此任务")
            }
            let pending = try await store.sql.raw("""
                SELECT e.uscc FROM task_enterprises e
                WHERE e.task_id = \(bind: task.id) AND e.active = \(bind: true) AND \(Self.dispatchedTo(department))
                  AND NOT EXISTS (SELECT 1 FROM task_confirmations c
                                  WHERE c.task_id = e.task_id AND c.uscc = e.uscc AND c.department_code = \(bind: department))
                ORDER BY e.seq
                """).all().map { try $0.decode(column: "uscc", as: String.self) }
            guard !pending.isEmpty else { return 0 }
            try await store.sql.raw("""
                INSERT INTO task_confirmations (task_id, uscc, department_code, decision, reason, decided_by, decided_at)
                SELECT e.task_id, e.uscc, \(bind: department), \(bind: ConfirmationDecision.confirmed.rawValue), \(bind: ""), \(bind: actor.name), \(bind: now)
                FROM task_enterprises e
                WHERE e.task_id = \(bind: task.id) AND e.active = \(bind: true) AND \(Self.dispatchedTo(department))
                  AND NOT EXISTS (SELECT 1 FROM task_confirmations c
                                  WHERE c.task_id = e.task_id AND c.uscc = e.uscc AND c.department_code = \(bind: department))
                """).run()
            try await AuditLog.record(on: tx, actor: actor, action: "confirm-all", entity: "task", entityID: String(task.id),
                                      after: ["department": department, "count": String(pending.count),
                                              "uscc": pending.joined(separator: ";")], at: now)
            try await store.advanceIfReady(task, actor: actor)
            return pending.count
        }
    }
}
