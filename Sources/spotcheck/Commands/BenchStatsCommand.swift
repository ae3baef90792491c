import ArgumentParser
import Foundation
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
        try await DemoSeed.seed(on: store.db, passwords: store.passwords, directory: false)
        _ = try await ItemList(db: store.db).upsert([InspectionItemRecord(
            dept: "yjj", code: "BENCH-1", name: "基准检查事项", subItems: [], legalBasis: "基准", subject: "清河县应急管理局",
            scopeTags: [], methods: [.onSite], defaultRatioBasisPoints: 2000, frequency: "", materials: [])], actor: AuditLog.Actor("bench"))
        let task = try await TaskStore(db: store.db).create(BenchTaskCommand.plan, actor: AuditLog.Actor("bench"))
        try await BenchmarkFixtures.statisticsTask(task.id, enterprises: enterprises, on: store)
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
