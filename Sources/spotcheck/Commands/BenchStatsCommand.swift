import ArgumentParser
import FluentKit
import Foundation
import SQLKit
import SpotcheckCore
import SpotcheckStore

/// `spotcheck bench stats`: the statistics table of a task with 200,000 inspected enterprises
/// (issue 7's target: under 200 ms on both databases).
///
/// The task's assignments, team members, results and dispositions are generated inside the
/// database (a recursive CTE, the same SQL on SQLite and PostgreSQL) — the point is the time of
/// ``StatisticsTable/compute(taskIDs:on:)``, which is what the page, the XLSX and
/// `spotcheck stats` run.
struct BenchStatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "统计表基准 / benchmark the statistics table of a large task."
    )

    @Option(help: "任务中的企业数 / enterprises in the task.")
    var enterprises: Int = 200_000

    @Option(help: "PostgreSQL URL (default: $SPOTCHECK_TEST_POSTGRES_URL; skipped when neither is set).")
    var postgres: String?

    @Option(help: "计时次数，取最快一次 / timed runs; the fastest counts.")
    var runs: Int = 5

    func run() async throws {
        CLILogging.bootstrap(defaultLevel: .warning)
        guard enterprises >= 10, runs >= 1 else { throw ValidationError("--enterprises must be at least 10 and --runs positive") }
        let lines = try await BenchDatabases.each(label: "stats", postgresURL: BenchDatabases.postgresURL(postgres)) { store, name in
            try await measure(store, name: name)
        }
        print("| database | enterprises with results | statistics table (ms, fastest of \(runs)) | median (ms) |")
        print("|---|---:|---:|---:|")
        for line in lines { print(line) }
    }

    private func measure(_ store: StoreDatabase, name: String) async throws -> String {
        progress("[\(name)] generating a task with \(enterprises) enterprises, results and dispositions…")
        try await DemoSeed.seed(on: store.db, directory: false)
        _ = try await ItemList(db: store.db).upsert([InspectionItemRecord(
            dept: "yjj", code: "BENCH-1", name: "基准检查事项", subItems: [], legalBasis: "基准", subject: "清河县应急管理局",
            scopeTags: [], methods: [.onSite], defaultRatioBasisPoints: 2000, frequency: "", materials: [])], actor: AuditLog.Actor("bench"))
        let task = try await TaskStore(db: store.db).create(BenchTaskCommand.plan, actor: AuditLog.Actor("bench"))
        let sql = store.sql
        let last = enterprises - 1
        func generate(_ insert: String, _ select: String) async throws {
            _ = try await sql.raw("""
                WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n < \(literal: last))
                \(unsafeRaw: insert) \(unsafeRaw: select)
                """).all()
        }
        let id = String(task.id)
        try await generate("INSERT INTO task_assignments (task_id, uscc, department_code, team_index)",
                           "SELECT \(id), 'E' || n, CASE n % 4 WHEN 0 THEN 'yjj' WHEN 1 THEN 'scjg' WHEN 2 THEN 'swj' ELSE 'xf' END, n % 500 FROM seq")
        try await generate("""
            INSERT INTO inspection_results (task_id, uscc, department_code, status, inspection_date, result_category, problem_count,
                onsite_answer, onsite_note, signature, refusal_note, members)
            """, """
            SELECT \(id), 'E' || n, CASE n % 4 WHEN 0 THEN 'yjj' WHEN 1 THEN 'scjg' WHEN 2 THEN 'swj' ELSE 'xf' END,
                CASE WHEN n % 10 = 0 THEN '草稿' ELSE '已公示' END, '2024-06-20',
                CASE WHEN n % 5 = 0 THEN '发现问题待后续处理' ELSE '未发现问题' END, CASE WHEN n % 5 = 0 THEN 2 ELSE 0 END,
                n % 3 = 0, '', '已签字', '', '' FROM seq
            """)
        try await generate("""
            INSERT INTO dispositions (task_id, uscc, department_code, kind, form, status, reason, decided_on, note, created_by, created_at)
            """, """
            SELECT \(id), 'E' || n, CASE n % 4 WHEN 0 THEN 'yjj' WHEN 1 THEN 'scjg' WHEN 2 THEN 'swj' ELSE 'xf' END,
                CASE n % 15 WHEN 0 THEN '行政指导' WHEN 5 THEN '涉嫌违法应立案调查' ELSE '应列入经营异常名录' END,
                '', '未完结', '基准', '2024-06-21', '', 'bench', CURRENT_TIMESTAMP FROM seq WHERE n % 5 = 0
            """)
        for department in ["yjj", "scjg", "swj", "xf"] {
            for member in 0..<20 {
                _ = try await sql.raw("""
                    INSERT INTO task_team_members (task_id, department_code, team_index, position, inspector_code)
                    VALUES (\(bind: task.id), \(bind: department), \(bind: member / 2), \(bind: member % 2), \(bind: "\(department)-\(member)"))
                    """).all()
            }
        }
        if sql.dialect.name == "postgresql" { _ = try await sql.raw("ANALYZE").all() }
        var times: [Double] = []
        var table: StatisticsTable?
        for _ in 0..<runs {
            let clock = ContinuousClock()
            let start = clock.now
            table = try await StatisticsTable.compute(taskIDs: [task.id], on: store.db)
            times.append(BenchDatabases.seconds(clock.now - start) * 1000)
        }
        guard let table, table.total.enterprises == enterprises else {
            throw CommandFailure("expected \(enterprises) enterprises in the table, got \(table?.total.enterprises ?? -1)")
        }
        times.sort()
        progress("[\(name)] \(times.map { String(format: "%.1f", $0) }.joined(separator: " ")) ms; total row \(table.total.values)")
        return String(format: "| %@ | %d | %.1f | %.1f |", name, enterprises, times[0], times[times.count / 2])
    }

    private func progress(_ line: String) { BenchDatabases.progress(line) }
}
