import Foundation
import SpotcheckCore
import SpotcheckStore

/// 工作总结 (issue 16, notice 六(五)): each participating department's admin writes and submits
/// its own summary of a task; the office, the auditor and the lead department's admin read them
/// all and see who has not submitted. A department admin reads and edits only its own.
extension Workflow {
    public typealias Summary = SummaryStore.Summary

    public struct SummaryBoard: Sendable {
        public struct Part: Sendable {
            public var department: String
            public var summary: Summary?
            public var files: [EvidenceFile]
            public var submitted: Bool { summary?.submitted == true }
        }
        public var task: TaskInfo
        /// The departments the reader may see, in the plan's order.
        public var parts: [Part]
        public var notSubmitted: [String] { parts.filter { !$0.submitted }.map(\.department) }
    }

    public func summaryBoard(task id: TaskID, for principal: Principal) async throws -> SummaryBoard {
        try RoleGate.readers.check(principal)
        let task = try await tasks.require(String(id.rawValue))
        try AccessPolicy.requireVisible(task, to: principal)
        try AccessPolicy.requireParticipant(principal, task)
        let summaries = try await summaryStore.summaries(taskID: task.id)
        let files = try await summaryStore.files(taskID: task.id)
        let departments = task.plan.departments.map(\.department)
            .filter { AccessPolicy.seesWholeTask(principal, task) || $0 == principal.departmentCode }
        return SummaryBoard(task: task, parts: departments.map { code in
            SummaryBoard.Part(department: code, summary: summaries[code], files: files.filter { $0.department == code })
        })
    }

    @discardableResult
    public func saveSummary(task id: TaskID, department: DepartmentCode, _ content: SummaryStore.Content,
                            by principal: Principal) async throws -> Summary {
        let task = try await summaryTask(id, department: department.rawValue, principal)
        return try await summaryStore.save(taskID: task.id, department: department.rawValue, content, actor: Self.actor(principal))
    }

    @discardableResult
    public func submitSummary(task id: TaskID, department: DepartmentCode, by principal: Principal) async throws -> Summary {
        let task = try await summaryTask(id, department: department.rawValue, principal)
        return try await summaryStore.submit(taskID: task.id, department: department.rawValue, actor: Self.actor(principal))
    }

    @discardableResult
    public func attachSummaryFile(task id: TaskID, department: DepartmentCode, fileName: String, data: Data,
                                  by principal: Principal) async throws -> EvidenceFile {
        let task = try await summaryTask(id, department: department.rawValue, principal)
        return try await summaryStore.attach(taskID: task.id, department: department.rawValue, fileName: fileName, data: data,
                                             actor: Self.actor(principal))
    }

    /// An attachment with its content, for whoever may read its department's summary.
    public func summaryFile(task id: TaskID, file: UUID, for principal: Principal) async throws -> (file: EvidenceFile, data: Data) {
        let board = try await summaryBoard(task: id, for: principal)
        guard let found = try await summaryStore.file(id: file), found.file.taskID == board.task.id,
              board.parts.contains(where: { $0.department == found.file.department })
        else { throw StoreError.notFound(entity: "附件", key: file.uuidString) }
        return found
    }

    /// A department's own summary: its admin only, in a task it takes part in, once teams exist.
    func summaryTask(_ id: TaskID, department: String, _ principal: Principal) async throws -> TaskInfo {
        try RoleGate.departmentStep.check(principal)
        let task = try await tasks.require(String(id.rawValue))
        try AccessPolicy.requireDepartmentStep(principal, task: task, department: department)
        guard TaskState.withTeams.contains(task.state) else {
            throw StoreError.conflict("任务\(task.state.label)：检查组匹配后才能填写工作总结")
        }
        return task
    }

    var summaryStore: SummaryStore { SummaryStore(db: db, clock: clock) }
}
