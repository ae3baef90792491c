import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

/// 全县"双随机、一公开"部门联合抽查统计表 (the notice's attachment), computed from recorded
/// results with SQL — never typed in.
public struct StatisticsTable: Sendable, Equatable, Codable {
    /// One 报表单位 (department) or the total.
    public struct Row: Sendable, Equatable, Codable {
        public var unit: String
        /// 随机抽查企业（户）: enterprises the department was matched to inspect.
        public var enterprises = 0
        /// 随机抽取执法人员（人）: the department's final drawn inspectors.
        public var inspectors = 0
        /// 发现问题事项（项）.
        public var problemItems = 0
        /// 发现问题企业（个）.
        public var problemEnterprises = 0
        /// 行政指导（户）.
        public var guidance = 0
        /// 应列异常名录（户）.
        public var abnormalList = 0
        /// 涉嫌违法应立案调查（户）.
        public var caseInvestigation = 0
        /// 现场解答疑难问题（户）.
        public var onsiteAnswers = 0

        public init(unit: String) { self.unit = unit }

        mutating func add(_ other: Row) {
            enterprises += other.enterprises
            inspectors += other.inspectors
            problemItems += other.problemItems
            problemEnterprises += other.problemEnterprises
            guidance += other.guidance
            abnormalList += other.abnormalList
            caseInvestigation += other.caseInvestigation
            onsiteAnswers += other.onsiteAnswers
        }

        /// The values in the attachment's column order.
        public var values: [Int] {
            [enterprises, inspectors, problemItems, problemEnterprises, guidance, abnormalList, caseInvestigation, onsiteAnswers]
        }
    }

    public var rows: [Row]
    /// The county total: each column summed over the departments, as the office adds up the
    /// departments' tables (an enterprise inspected jointly by two departments counts for each).
    public var total: Row

    /// The attachment's column titles, in order.
    public static let columnTitles = ["随机抽查企业（户）", "随机抽取执法人员（人）", "发现问题事项（项）", "发现问题企业（个）",
                                      "行政指导（户）", "应列异常名录（户）", "涉嫌违法应立案调查（户）", "现场解答疑难问题（户）"]

    /// The table for the given tasks; departments in the order of the first task's plan, then others.
    /// Results count once submitted (a draft is not a result yet).
    public static func compute(taskIDs: [Int], on db: any Database) async throws -> StatisticsTable {
        let sql = db as! any SQLDatabase
        var rows: [String: Row] = [:]
        var order: [String] = []
        let names = Dictionary(try await DepartmentRepository(db: db).all().map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        func row(_ dept: String) -> Row {
            if rows[dept] == nil { order.append(dept); rows[dept] = Row(unit: names[dept] ?? dept) }
            return rows[dept]!
        }
        guard !taskIDs.isEmpty else { return StatisticsTable(rows: [], total: Row(unit: "合计")) }
        let tasks = SQLGroupExpression(taskIDs.map { SQLBind($0) })
        for task in taskIDs {
            if let info = try await TaskStore(db: db).find(String(task)) { for dept in info.plan.departments { _ = row(dept.department) } }
        }
        for result in try await sql.select().column("department_code").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("task_assignments").where("task_id", .in, tasks).groupBy("department_code").all() {
            let dept = try result.decode(column: "department_code", as: String.self)
            var r = row(dept); r.enterprises = try result.decode(column: "n", as: Int.self); rows[dept] = r
        }
        for result in try await sql.select().column("department_code").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("task_team_members").where("task_id", .in, tasks).groupBy("department_code").all() {
            let dept = try result.decode(column: "department_code", as: String.self)
            var r = row(dept); r.inspectors = try result.decode(column: "n", as: Int.self); rows[dept] = r
        }
        let submitted = SQLGroupExpression([SQLBind(InspectionResult.Status.submitted.rawValue), SQLBind(InspectionResult.Status.approved.rawValue)])
        for result in try await sql.raw("""
            SELECT department_code, CAST(COALESCE(SUM(problem_count), 0) AS BIGINT) AS items,
                   CAST(COALESCE(SUM(CASE WHEN problem_count > 0 THEN 1 ELSE 0 END), 0) AS BIGINT) AS enterprises,
                   CAST(COALESCE(SUM(CASE WHEN onsite_answer THEN 1 ELSE 0 END), 0) AS BIGINT) AS onsite
            FROM inspection_results WHERE task_id IN \(tasks) AND status IN \(submitted) GROUP BY department_code
            """).all() {
            let dept = try result.decode(column: "department_code", as: String.self)
            var r = row(dept)
            r.problemItems = try result.decode(column: "items", as: Int.self)
            r.problemEnterprises = try result.decode(column: "enterprises", as: Int.self)
            r.onsiteAnswers = try result.decode(column: "onsite", as: Int.self)
            rows[dept] = r
        }
        let kinds = SQLGroupExpression([DispositionKind.guidance, .abnormalList, .caseInvestigation].map { SQLBind($0.rawValue) })
        for result in try await sql.raw("""
            SELECT department_code, kind, COUNT(DISTINCT uscc) AS n FROM dispositions
            WHERE task_id IN \(tasks) AND kind IN \(kinds) GROUP BY department_code, kind
            """).all() {
            let dept = try result.decode(column: "department_code", as: String.self)
            let n = try result.decode(column: "n", as: Int.self)
            var r = row(dept)
            switch DispositionKind(rawValue: try result.decode(column: "kind", as: String.self)) {
            case .guidance?: r.guidance = n
            case .abnormalList?: r.abnormalList = n
            case .caseInvestigation?: r.caseInvestigation = n
            default: break
            }
            rows[dept] = r
        }
        let ordered = order.map { rows[$0]! }
        var total = Row(unit: "合计")
        for r in ordered { total.add(r) }
        return StatisticsTable(rows: ordered, total: total)
    }

    /// Tasks whose period overlaps `from…to` and that were matched (cancelled ones excluded).
    /// Judged by the state: the task list is read without the draw record.
    public static func tasks(from: CivilDate, to: CivilDate, on db: any Database) async throws -> [Int] {
        try await TaskStore(db: db).list(perPage: 100_000).tasks.filter { task in
            task.state.hasTeams && task.plan.periodStart <= to && task.plan.periodEnd >= from
        }.map(\.id).sorted()
    }
}
