import SpotcheckCore
import SpotcheckStore

extension Workflow {
    /// The task a person named at the edge (id or 文号), if they may see it: 404 when there is
    /// none, 403 when their department takes no part in it. The one place a reference is resolved.
    public func task(_ reference: TaskReference, for principal: Principal) async throws -> TaskInfo {
        let task = try await tasks.require(reference.description)
        try AccessPolicy.requireVisible(task, to: principal)
        return task
    }

    /// The task with `id`, if `principal` may see it.
    public func task(_ id: TaskID, for principal: Principal) async throws -> TaskInfo {
        try await task(.id(id), for: principal)
    }
}

extension Workflow {
    /// The id of the task a reference names (404 when none does), for reads whose access rule is
    /// not the task's visibility (forms and group reports decide by team and department).
    public func taskID(_ reference: TaskReference) async throws -> TaskID {
        TaskID(try await tasks.require(reference.description).id)
    }
}
