import SpotcheckCore
import SpotcheckStore

/// 检查结果期限: results late for publication and those due within a few working days, with the
/// same working-day calendar the store computes due dates with (built-in notices plus the
/// office's stored entries), so the list and the stored due dates never disagree.
public struct ResultDeadlineList: Sendable {
    public struct Row: Sendable {
        public let result: InspectionResult
        public let due: CivilDate
        /// Working days from today to the due date; negative when late.
        public let workingDaysLeft: Int
        public let documentNumber: String
        public let enterpriseName: String
    }

    public let today: CivilDate
    /// "Due soon" means within this many working days.
    public let soonWorkingDays: Int
    public let overdue: [Row]
    public let dueSoon: [Row]
}

/// One row of 超期未公示: the result, its task's 文号, the enterprise's and submitter's names, and
/// how many working days it is late (the calendar the due date was computed with).
public struct OverduePublicity: Sendable {
    public let result: InspectionResult
    public let documentNumber: String
    public let enterpriseName: String
    public let workingDaysLate: Int
    public let submittedByName: String
}

extension Workflow {
    /// How many working days ahead a result counts as due soon.
    public static let resultsDueSoonWorkingDays = 5

    /// The deadline list a reader sees: every department's for the office and the auditor, its
    /// own for a department's admin. Submitted results carry the due date the store computed; a
    /// draft's is counted from its inspection date (20 working days, ``ResultDeadline``).
    public func resultDeadlines(for principal: Principal) async throws -> ResultDeadlineList {
        try RoleGate.readers.check(principal)
        let department = principal.role.seesAllDepartments ? nil : principal.departmentCode
        let today = self.today
        let calendar = try await CalendarStore.calendar(fixed: self.calendar, on: db)
        var overdue: [String: (InspectionResult, CivilDate)] = [:]
        var soon: [String: (InspectionResult, CivilDate)] = [:]
        func key(_ r: InspectionResult) -> String { "\(r.taskID)/\(r.uscc)/\(r.department)" }
        // Submitted, not approved, past the due date — whatever the task's state.
        for result in try await results.overdue(today: today, department: department) {
            if let due = result.dueDate { overdue[key(result)] = (result, due) }
        }
        let (open, _) = try await tasks.list(states: [.matched, .inspecting], department: department, page: 1, perPage: 500)
        for task in open {
            for result in try await results.list(taskID: task.id, department: department) where result.status != .approved {
                guard let due = ResultDeadline.due(stored: result.dueDate, inspectedOn: result.input.inspectionDate, calendar: calendar)
                else { continue }
                if today > due {
                    overdue[key(result)] = (result, due)
                } else if calendar.workingDaysBetween(today, due) <= Self.resultsDueSoonWorkingDays {
                    soon[key(result)] = (result, due)
                }
            }
        }
        let all = Array(overdue.values) + Array(soon.values)
        let numbers = try await tasks.documentNumbers(ids: all.map(\.0.taskID))
        let names = try await EnterpriseDirectory(db: db).names(of: all.map(\.0.uscc))
        func rows(_ list: some Collection<(InspectionResult, CivilDate)>) -> [ResultDeadlineList.Row] {
            list.sorted { ($0.1, $0.0.uscc, $0.0.department) < ($1.1, $1.0.uscc, $1.0.department) }.map { result, due in
                ResultDeadlineList.Row(result: result, due: due, workingDaysLeft: calendar.workingDaysBetween(today, due),
                                       documentNumber: numbers[result.taskID] ?? "#\(result.taskID)",
                                       enterpriseName: names[result.uscc] ?? result.uscc)
            }
        }
        return ResultDeadlineList(today: today, soonWorkingDays: Self.resultsDueSoonWorkingDays,
                                  overdue: rows(overdue.values), dueSoon: rows(soon.values))
    }

    /// 超期未公示 for the office and the auditor: submitted results still not approved (published)
    /// after their due date, each with its task's 文号.
    public func overduePublicity(for principal: Principal) async throws -> [OverduePublicity] {
        try RoleGate.oversight.check(principal)
        let overdue = try await results.overdue(today: today)
        let calendar = try await CalendarStore.calendar(fixed: self.calendar, on: db)
        let numbers = try await tasks.documentNumbers(ids: overdue.map(\.taskID))
        let enterprises = try await EnterpriseDirectory(db: db).names(of: overdue.map(\.uscc))
        let people = try await peopleNames(overdue.compactMap(\.submittedBy))
        return overdue.map { result in
            OverduePublicity(result: result, documentNumber: numbers[result.taskID] ?? "#\(result.taskID)",
                             enterpriseName: enterprises[result.uscc] ?? result.uscc,
                             workingDaysLate: result.dueDate.map { max(0, -calendar.workingDaysBetween(today, $0)) } ?? 0,
                             submittedByName: result.submittedBy.map { people[$0] ?? $0 } ?? "")
        }
    }

    /// The dashboard's 进度 block: per matched or inspecting task and department, drawn /
    /// inspected / submitted / published. A department's admin sees its own department's rows.
    public func resultProgress(for principal: Principal) async throws -> [ResultProgress] {
        try RoleGate.readers.check(principal)
        return try await results.progress(department: principal.role.seesAllDepartments ? nil : principal.departmentCode)
    }
}
