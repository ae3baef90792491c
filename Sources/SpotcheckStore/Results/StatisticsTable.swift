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

        /// The values in the attachment's column order.
        public var values: [Int] {
            [enterprises, inspectors, problemItems, problemEnterprises, guidance, abnormalList, caseInvestigation, onsiteAnswers]
        }
    }

    public var rows: [Row]
    /// The county total. Counted, not summed: an enterprise inspected jointly by four departments
    /// is one 户 in the total (it is one in each department's row), an inspector on two tasks is
    /// one 人; only 发现问题事项 adds up, each department's findings being its own. See
    /// ``totalNotes``.
    public var total: Row

    /// How each column of the 合计 row is counted, printed under the table so the figure can be
    /// signed and checked.
    public static let totalNotes = [
        "随机抽查企业：各部门行为本部门检查的企业数；合计为参与检查的企业户数，一户企业由多个部门联合检查只计一次。",
        "随机抽取执法人员：各部门行为本部门抽取并编入检查组的执法人员数；合计按人计，同一人只计一次。",
        "发现问题事项：各部门检查发现的问题事项数之和。",
        "发现问题企业、行政指导、应列异常名录、涉嫌违法应立案调查、现场解答疑难问题：按企业户数计，合计中一户企业只计一次。",
        "检查结果提交后计入统计（草稿不计）。",
    ]

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
        for r in ordered { total.problemItems += r.problemItems }
        func distinct(_ query: SQLQueryString) async throws -> Int {
            try await sql.raw(query).first()?.decode(column: "n", as: Int.self) ?? 0
        }
        total.enterprises = try await distinct("SELECT COUNT(DISTINCT uscc) AS n FROM task_assignments WHERE task_id IN \(tasks)")
        total.inspectors = try await distinct("SELECT COUNT(DISTINCT inspector_code) AS n FROM task_team_members WHERE task_id IN \(tasks)")
        total.problemEnterprises = try await distinct("""
            SELECT COUNT(DISTINCT uscc) AS n FROM inspection_results
            WHERE task_id IN \(tasks) AND status IN \(submitted) AND problem_count > 0
            """)
        total.onsiteAnswers = try await distinct("""
            SELECT COUNT(DISTINCT uscc) AS n FROM inspection_results
            WHERE task_id IN \(tasks) AND status IN \(submitted) AND onsite_answer
            """)
        for kind in [DispositionKind.guidance, .abnormalList, .caseInvestigation] {
            let n = try await distinct("""
                SELECT COUNT(DISTINCT uscc) AS n FROM dispositions WHERE task_id IN \(tasks) AND kind = \(bind: kind.rawValue)
                """)
            switch kind {
            case .guidance: total.guidance = n
            case .abnormalList: total.abnormalList = n
            default: total.caseInvestigation = n
            }
        }
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
