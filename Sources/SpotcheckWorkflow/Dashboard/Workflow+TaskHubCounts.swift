import SpotcheckCore
import SpotcheckStore

/// The figures on a task's tabs (issue 15 "a task hub … with counts"): what still waits in each
/// stage, within what the reader may see.
public struct TaskHubCounts: Sendable, Equatable {
    /// Dispatched enterprises still waiting for a decision (the reader's department, or all).
    public var pendingConfirmations = 0
    /// Submitted results of this task waiting for the department admin's 审核公示.
    public var awaitingApproval = 0
    /// Dispositions of this task not yet closed (the reader's department, or all).
    public var openDispositions = 0

    public init() {}
}

extension Workflow {
    public func taskHubCounts(_ task: TaskInfo, for principal: Principal) async throws -> TaskHubCounts {
        var counts = TaskHubCounts()
        let own: String? = principal.role.seesAllDepartments ? nil : principal.departmentCode
        if task.state == .confirming {
            let pending = try await tasks.pendingConfirmations(task.id)
            counts.pendingConfirmations = own.map { pending[$0] ?? 0 } ?? pending.values.reduce(0, +)
        }
        guard task.state.hasTeams, principal.role != .inspector else { return counts }
        if principal.role == .deptAdmin {
            counts.awaitingApproval = try await results.awaitingApproval(department: principal.departmentCode)
                .filter { $0.taskID == task.id }.count
        }
        counts.openDispositions = try await DispositionStore(db: db).list(taskID: task.id, department: own)
            .filter { $0.status == .open }.count
        return counts
    }
}
