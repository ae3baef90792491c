import SpotcheckCore
import SpotcheckStore

/// What the 后续处置 page of a task shows a reader: the dispositions they may see with their
/// histories, the enterprises they may add one for, and the departments a case may go to.
public struct DispositionBoard: Sendable {
    public struct Entry: Sendable {
        public let disposition: Workflow.Disposition
        public let history: [DispositionStore.Event]
        public let enterpriseName: String
        /// The office, or the admin of the owning or the receiving department, while open.
        public let mayUpdate: Bool
    }

    /// An enterprise one of the reader's departments inspected in this task.
    public struct Choice: Sendable {
        public let department: String
        public let uscc: String
        public let enterpriseName: String
    }

    public let task: TaskInfo
    /// Whether the task has teams (dispositions follow inspections).
    public let matched: Bool
    public let entries: [Entry]
    public let choices: [Choice]
    /// Where a case may be transferred (移送其他部门).
    public let departments: [DepartmentModel]
}

extension Workflow {
    /// The disposition page of a task for `principal` (see ``dispositionTask(_:for:)`` for who may).
    public func dispositionBoard(task id: TaskID, for principal: Principal) async throws -> DispositionBoard {
        let task = try await dispositionTask(id, for: principal)
        let matched = task.state.hasTeams
        let writable: Set<String> = switch principal.role {
        case .officeAdmin: Set(task.plan.departments.map(\.department))
        case .deptAdmin: Set(task.plan.departments.map(\.department).filter { $0 == principal.departmentCode })
        default: []
        }
        // One group report per department (a handful), not one read per row.
        var names: [String: String] = [:]
        var choices: [DispositionBoard.Choice] = []
        if matched {
            for department in task.plan.departments.map(\.department) {
                let report = try await tasks.groupReport(taskID: task.id, department: department)
                for row in report.rows {
                    names[row.uscc] = row.name
                    if writable.contains(department) {
                        choices.append(.init(department: department, uscc: row.uscc, enterpriseName: row.name))
                    }
                }
            }
        }
        let visible = try await dispositions(task: id, department: nil, incoming: false, for: principal)
        let histories = try await dispositionStore.histories(ids: visible.map(\.id))
        let entries = visible.map { d in
            DispositionBoard.Entry(disposition: d, history: histories[d.id] ?? [], enterpriseName: names[d.uscc] ?? d.uscc,
                                   mayUpdate: d.status == .open && Self.mayUpdate(principal, d))
        }
        return DispositionBoard(task: task, matched: matched, entries: entries, choices: choices,
                                departments: try await allDepartments())
    }
}
