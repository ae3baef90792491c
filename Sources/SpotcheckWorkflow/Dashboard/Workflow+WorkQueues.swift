import Foundation
import SpotcheckCore
import SpotcheckStore

/// The dashboard's work queues (issue 15): what is waiting for this person, each row linking to
/// the action. The 待确认 and 待审核 queues have their own use cases (confirmationProgress,
/// awaitingApproval); these are the rest.
public struct WorkQueues: Sendable {
    /// 我的检查: an inspector's parts of 一企一表, with the result's state and its deadline.
    public struct MyInspection: Sendable {
        public let assignment: InspectorAssignment
        public let status: ResultStatus?
        /// The publication deadline: stored on submission, else 20 working days after the draft's date.
        public let due: CivilDate?
        public let workingDaysLeft: Int?
    }

    /// 待抽取人员: a task in 确认中 whose department has not drawn its inspectors yet.
    public struct InspectorDraw: Sendable {
        public let task: TaskInfo
        public let department: String
        /// Enterprises dispatched to the department still waiting for its decision.
        public let pendingConfirmations: Int
    }

    /// 移送给本部门的处置: open dispositions another department transferred to this one.
    public struct IncomingDisposition: Sendable {
        public let disposition: DispositionStore.Disposition
        public let enterpriseName: String
        public let documentNumber: String
    }

    public var myInspections: [MyInspection] = []
    public var inspectorDraws: [InspectorDraw] = []
    public var incomingDispositions: [IncomingDisposition] = []
    /// Results past their publication deadline in the reader's scope (the 逾期 queue's size;
    /// /results/deadlines lists them).
    public var overdueResults = 0
    /// 待确认: the confirming tasks' progress per department the reader may see (the office and
    /// department admins), read once here for both the 待确认 block and 待抽取人员.
    public var confirmations: [ConfirmationProgress] = []
}

extension Workflow {
    public func workQueues(for principal: Principal) async throws -> WorkQueues {
        var queues = WorkQueues()
        switch principal.role {
        case .inspector:
            queues.myInspections = try await myInspections(for: principal)
        case .deptAdmin:
            let department = principal.departmentCode
            let (open, _) = try await tasks.list(states: [.confirming], department: department, page: 1, perPage: 200)
            queues.confirmations = open.isEmpty ? [] : try await confirmationProgress(for: principal)
            for task in open where !(try await tasks.drawnDepartments(task.id)).contains(department) {
                let pending = queues.confirmations.first { $0.task.id == task.id && $0.department == department }?.pending ?? 0
                queues.inspectorDraws.append(.init(task: task, department: department, pendingConfirmations: pending))
            }
            let incoming = try await DispositionStore(db: db).list(department: department, incoming: true).filter { $0.status == .open }
            let names = try await EnterpriseDirectory(db: db).names(of: incoming.map(\.uscc))
            let numbers = try await tasks.documentNumbers(ids: incoming.map(\.taskID))
            queues.incomingDispositions = incoming.map {
                .init(disposition: $0, enterpriseName: names[$0.uscc] ?? $0.uscc, documentNumber: numbers[$0.taskID] ?? "#\($0.taskID)")
            }
            queues.overdueResults = try await overdueResultCount(for: principal)
        case .officeAdmin, .auditor:
            queues.overdueResults = try await overdueResultCount(for: principal)
            if principal.role == .officeAdmin { queues.confirmations = try await confirmationProgress(for: principal) }
        }
        return queues
    }

    /// The size of the 逾期 queue: what ``resultDeadlines(for:)`` lists as overdue, counted in SQL
    /// (every dashboard load shows it; the list itself reads each open task's results).
    public func overdueResultCount(for principal: Principal) async throws -> Int {
        try RoleGate.readers.check(principal)
        let calendar = try await CalendarStore.calendar(fixed: self.calendar, on: db)
        return try await results.overdueCount(today: today, draftCutoff: ResultDeadline.lastOverdueInspection(on: today, calendar: calendar),
                                              department: principal.role.seesAllDepartments ? nil : principal.departmentCode)
    }

    /// An inspector's parts with their results' state and deadline, the nearest deadline first
    /// (parts not yet entered after them, newest task first).
    func myInspections(for principal: Principal) async throws -> [WorkQueues.MyInspection] {
        let (_, assignments) = try await myForms(for: principal)
        guard !assignments.isEmpty else { return [] }
        let calendar = try await CalendarStore.calendar(fixed: self.calendar, on: db)
        var byTask: [Int: [String: InspectionResult]] = [:]
        for taskID in Set(assignments.map(\.taskID)) {
            byTask[taskID] = Dictionary(try await results.list(taskID: taskID).map { ("\($0.uscc)/\($0.department)", $0) },
                                        uniquingKeysWith: { a, _ in a })
        }
        let today = self.today
        let rows = assignments.map { a -> WorkQueues.MyInspection in
            let result = byTask[a.taskID]?["\(a.uscc)/\(a.department)"]
            let due = ResultDeadline.due(stored: result?.dueDate, inspectedOn: result?.input.inspectionDate, calendar: calendar)
            return .init(assignment: a, status: result?.status, due: due,
                         workingDaysLeft: due.map { calendar.workingDaysBetween(today, $0) })
        }
        return rows.sorted { a, b in
            switch (a.due, b.due) {
            case let (x?, y?): return x < y
            case (_?, nil): return true
            case (nil, _?): return false
            case (nil, nil): return a.assignment.taskID > b.assignment.taskID
            }
        }
    }
}
