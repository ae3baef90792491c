import Foundation
import SpotcheckCore

/// What a plan would draw from, worked out while the office fills the plan form (issue 15
/// "plans that cannot fail late"): per department the inspectors eligible for the period and the
/// enterprises in scope its items apply to, and the years of the period whose holiday notice is
/// not loaded (deadlines there would count weekends only).
public struct PlanPreview: Sendable, Equatable {
    public struct Department: Sendable, Equatable {
        public let code: String
        public let name: String
        /// 在岗, not an expert, certificate valid to the end of the period.
        public let eligibleInspectors: Int
        public let requestedInspectors: Int
        /// Enterprises in the plan's scope that this department's chosen items apply to.
        public let enterprises: Int
        public var tooFewInspectors: Bool { requestedInspectors > eligibleInspectors }
    }

    public let departments: [Department]
    /// Enterprises in scope for at least one department.
    public let enterprises: Int
    /// Per risk class (A–D), how many of them.
    public let enterprisesByClass: [String: Int]
    /// Years of the period without a State Council holiday notice (built in or imported).
    public let yearsWithoutHolidays: [Int]

    /// The refusals a plan form shows before saving: counts that cannot be drawn.
    public var problems: [TaskPlanProblem] {
        departments.filter(\.tooFewInspectors).map { d in
            TaskPlanProblem(field: "departments.\(d.code).inspector_count",
                            message: "\(d.name)符合条件的执法检查人员（在岗、非专家、执法证在检查期间内有效）仅 \(d.eligibleInspectors) 人，不能抽取 \(d.requestedInspectors) 人")
        }
    }
}

extension TaskStore {
    public func planPreview(_ plan: TaskPlan) async throws -> PlanPreview {
        let names = Dictionary(try await DepartmentRepository(db: db).all().map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        var enterprises = 0
        var byClass: [String: Int] = [:]
        var perDepartment: [String: Int] = [:]
        if !plan.departments.isEmpty {
            let candidates = try await candidateText(plan: plan, excludingTask: 0)
            enterprises = candidates.count
            for departments in candidates.departments {
                for code in departments { perDepartment[code, default: 0] += 1 }
            }
            // The candidate text is `uscc,stratum,depts` lines; count the classes from it.
            for line in candidates.text.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false)
                if fields.count >= 2 { byClass[String(fields[1]), default: 0] += 1 }
            }
        }
        var departments: [PlanPreview.Department] = []
        for dept in plan.departments {
            let eligible = try await eligibleInspectors(department: dept.department, periodEnd: plan.periodEnd).count
            departments.append(.init(code: dept.department, name: names[dept.department] ?? dept.department, eligibleInspectors: eligible,
                                     requestedInspectors: dept.inspectorCount, enterprises: perDepartment[dept.department] ?? 0))
        }
        let calendar = try await CalendarStore.calendar(fixed: self.calendar, on: db)
        // Results are due 20 working days after the inspection: a period ending in December needs
        // the next year's notice too.
        let last = plan.periodEnd.month == 12 ? plan.periodEnd.year + 1 : plan.periodEnd.year
        let years = plan.periodStart.year <= last ? Array(plan.periodStart.year ... min(last, plan.periodStart.year + 5)) : []
        return PlanPreview(departments: departments, enterprises: enterprises, enterprisesByClass: byClass,
                           yearsWithoutHolidays: years.filter { !calendar.isCovered(year: $0) })
    }
}
