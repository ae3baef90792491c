import Foundation
import SpotcheckCore
import SpotcheckStore

/// The office's steps on a task (product steps 2–4, 7, 9–11): plan, publish, draw, match, and
/// move the task on. The store checks the state of each step and writes it with its audit event
/// in one transaction.
extension Workflow {
    /// Tasks newest first, one page read by SQL, with the states and department the principal may see.
    public func tasks(state filter: TaskState?, page: Int, perPage: Int, for principal: Principal)
        async throws -> (tasks: [TaskInfo], total: Int) {
        try RoleGate.taskReaders.check(principal)
        let states = TaskInfo.listedStates(for: principal.role, filter: filter)
        let department = principal.role.seesAllDepartments ? nil : principal.departmentCode
        return try await tasks.list(states: states, department: department, page: page, perPage: perPage)
    }

    public func updateTask(_ id: TaskID, plan: TaskPlan, by principal: Principal) async throws -> TaskInfo {
        try await officeStep(id, by: principal) { store, reference, actor in try await store.update(reference, plan: plan, actor: actor) }
    }

    /// Only a draft, which was never public, may be deleted; a published task is cancelled instead.
    public func deleteDraft(_ id: TaskID, by principal: Principal) async throws {
        _ = try await officeStep(id, by: principal) { store, reference, actor in
            let task = try await store.require(reference)
            try await store.deleteDraft(reference, actor: actor)
            return task
        }
    }

    public func publish(_ id: TaskID, by principal: Principal, progress: (@Sendable (String) -> Void)? = nil) async throws -> TaskInfo {
        try await officeStep(id, by: principal) { store, reference, actor in
            try await store.publish(reference, actor: actor, today: today, progress: progress)
        }
    }

    public func draw(_ id: TaskID, entropy: String, by principal: Principal) async throws -> TaskInfo {
        try await officeStep(id, by: principal) { store, reference, actor in
            try await store.draw(reference, entropy: entropy, actor: actor, today: today)
        }
    }

    public func match(_ id: TaskID, by principal: Principal) async throws -> TaskInfo {
        try await officeStep(id, by: principal) { store, reference, actor in try await store.match(reference, actor: actor) }
    }

    public func cancel(_ id: TaskID, reason: String, by principal: Principal) async throws -> TaskInfo {
        try await officeStep(id, by: principal) { store, reference, actor in try await store.cancel(reference, reason: reason, actor: actor) }
    }

    public func startInspection(_ id: TaskID, by principal: Principal) async throws -> TaskInfo {
        try await officeStep(id, by: principal) { store, reference, actor in try await store.startInspection(reference, actor: actor) }
    }

    public func complete(_ id: TaskID, by principal: Principal) async throws -> TaskInfo {
        try await officeStep(id, by: principal) { store, reference, actor in try await store.complete(reference, actor: actor) }
    }

    public func archive(_ id: TaskID, by principal: Principal) async throws -> TaskInfo {
        try await officeStep(id, by: principal) { store, reference, actor in try await store.archive(reference, actor: actor) }
    }

    /// An office step: the office's role, then the step on the task with the principal as actor.
    private func officeStep(_ id: TaskID, by principal: Principal,
                            _ step: (TaskStore, String, AuditLog.Actor) async throws -> TaskInfo) async throws -> TaskInfo {
        try RoleGate.office.check(principal)
        return try await step(tasks, String(id.rawValue), Self.actor(principal))
    }
}

extension Workflow {
    /// The plan form's live figures: eligible inspectors and enterprises in scope per department,
    /// and the years whose holidays are not loaded. The office's only; nothing is written.
    public func planPreview(_ plan: TaskPlan, for principal: Principal) async throws -> PlanPreview {
        try RoleGate.office.check(principal)
        return try await tasks.planPreview(plan)
    }
}
