import SpotcheckCore
import SpotcheckStore

/// 一企一表, the list: which forms of a matched task a reader sees.
extension Workflow {
    /// Which part of a task's forms a reader is shown.
    public enum FormScope: String, Sendable {
        /// The office, the auditor, the lead department's admin: every form.
        case wholeTask
        /// Another participating department's admin: the enterprises its teams inspect.
        case department
        /// An inspector: the enterprises of the teams the inspector is on.
        case ownTeams
    }

    /// The forms of a matched task the principal may see, in draw order, and which part that is.
    /// A department's users see only tasks their department takes part in; the task must have teams.
    public func forms(task reference: TaskReference, for principal: Principal) async throws
        -> (task: TaskInfo, forms: [InspectionFormSummary], scope: FormScope) {
        try RoleGate.taskReaders.check(principal)
        let task = try await task(reference, for: principal)
        try AccessPolicy.requireParticipant(principal, task)
        let all = try await tasks.forms(taskID: task.id)
        if AccessPolicy.seesWholeTask(principal, task) { return (task, all, .wholeTask) }
        switch principal.role {
        case .deptAdmin:
            return (task, all.filter { $0.teams.contains { $0.department == principal.departmentCode } }, .department)
        default:
            let code = try await inspectorCode(of: principal)
            let mine = Set(try await tasks.formsForInspector(code: code).filter { $0.taskID == task.id }.map(\.uscc))
            return (task, all.filter { mine.contains($0.uscc) }, .ownTeams)
        }
    }
}

extension Workflow {
    /// 我的检查任务: the forms of the teams the inspector is on, newest task first, with the
    /// inspector's code (empty when the account is linked to no officer of the roster).
    public func myForms(for principal: Principal) async throws -> (inspectorCode: String, forms: [InspectorAssignment]) {
        let code = try await inspectorCode(of: principal)
        guard !code.isEmpty else { return (code, []) }
        return (code, try await tasks.formsForInspector(code: code))
    }
}
