import ArgumentParser
import Foundation
import SpotcheckCore
import SpotcheckStore

/// `spotcheck bench task`: the end-to-end verifiable draw of a live task against the naive,
/// unverifiable draw inside the database, on the same directory in the same run (issue 6).
///
/// Ours = publication (the snapshot query over the directory, freezing and digesting the
/// candidate list, storing it) plus the draw (reading the frozen list back, the protocol, and
/// persisting selections with their dispatches). Baseline = what a platform without a protocol
/// does: count each stratum, then per stratum
/// `INSERT INTO selection SELECT uscc FROM enterprises WHERE … ORDER BY random() LIMIT k`,
/// in one transaction.
struct BenchTaskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "task",
        abstract: "任务抽取端到端基准 / benchmark a live task's publish + draw against ORDER BY random()."
    )

    @Option(help: "名录中的企业数 / enterprises in the directory.")
    var rows: Int = 1_000_000

    @Option(help: "PostgreSQL URL (default: $SPOTCHECK_TEST_POSTGRES_URL; the PostgreSQL half is skipped when neither is set).")
    var postgres: String?

    @Option(help: "每项重复次数，取最快一次 / runs per measurement; the fastest counts.")
    var runs: Int = 1

    func run() async throws {
        CLILogging.bootstrap(defaultLevel: .warning)
        guard rows >= 10, runs >= 1 else { throw ValidationError("--rows must be at least 10 and --runs positive") }
        let lines = try await BenchDatabases.each(label: "task", postgresURL: BenchDatabases.postgresURL(postgres)) { store, name in
            try await measure(store: store, name: name)
        }
        print("| database | enterprises | ours: publish + draw (s) | of which publish (s) | baseline: ORDER BY random() (s) | ratio ours/baseline | ratio of each run |")
        print("|---|---:|---:|---:|---:|---:|---|")
        for line in lines { print(line) }
    }

    /// Seeds the directory, then times ours and the baseline `runs` times each (fastest counts).
    private func measure(store: StoreDatabase, name: String) async throws -> String {
        progress("[\(name)] 生成 \(rows) 户企业 / seeding \(rows) enterprises…")
        try await seed(store)
        let tasks = TaskStore(db: store.db)
        var ours = Double.infinity, publish = Double.infinity, baseline = Double.infinity
        var runRatios: [String] = []
        for run in 1...runs {
            var plan = Self.plan
            plan.documentNumber = "BENCH-\(run)"
            let task = try await tasks.create(plan, actor: AuditLog.Actor("bench"))
            let clock = ContinuousClock()
            let start = clock.now
            // Each phase with the time since the start of publication.
            let phase: @Sendable (String) -> Void = { name in
                BenchDatabases.progress(String(format: "  %.3f s  %@", BenchDatabases.seconds(clock.now - start), name))
            }
            _ = try await tasks.publish(String(task.id), actor: AuditLog.Actor("bench"), progress: phase)
            let published = clock.now
            let drawn = try await tasks.draw(String(task.id), entropy: "bench-\(run)", actor: AuditLog.Actor("bench"), progress: phase)
            let end = clock.now
            let selected = try await tasks.dispatches(drawn.id).count
            guard selected == drawn.freeze?.quotaCount else { throw CommandFailure("ours selected \(selected), expected \(drawn.freeze?.quotaCount ?? -1)") }
            let oursSeconds = Self.seconds(end - start), publishSeconds = Self.seconds(published - start)
            progress(String(format: "[\(name) \(run)/\(runs)] ours %.3f s (publish %.3f s, draw %.3f s), %d selected",
                            oursSeconds, publishSeconds, oursSeconds - publishSeconds, selected))
            if oursSeconds < ours { ours = oursSeconds; publish = publishSeconds }

            let (baselineSeconds, baselineSelected) = try await BenchmarkFixtures.naiveDraw(on: store)
            guard baselineSelected == selected else { throw CommandFailure("baseline selected \(baselineSelected), ours \(selected)") }
            progress(String(format: "[\(name) \(run)/\(runs)] baseline %.3f s", baselineSeconds))
            baseline = min(baseline, baselineSeconds)
            runRatios.append(String(format: "%.2f×", oursSeconds / baselineSeconds))
        }
        return String(format: "| %@ | %d | %.3f | %.3f | %.3f | %.2f× | %@ |", name, rows, ours, publish, baseline, ours / baseline,
                      runRatios.joined(separator: ", "))
    }

    /// Departments and accounts, one department with an item for every field and enough
    /// inspectors, and `rows` active enterprises spread over the four classes.
    private func seed(_ store: StoreDatabase) async throws {
        try await DemoSeed.seed(on: store.db, passwords: store.passwords, directory: false)
        let actor = AuditLog.Actor("bench")
        try await DemoSeed.seedSyntheticDepartment(on: store.db, actor: actor)
        _ = try await EnterpriseDirectory(db: store.db).upsert(DemoSeed.syntheticEnterprises(count: rows), actor: actor)
    }

    static var plan: TaskPlan { DemoSeed.syntheticPlan(documentNumber: "BENCH") }

    static func seconds(_ duration: Duration) -> Double { BenchDatabases.seconds(duration) }

    private func progress(_ line: String) { BenchDatabases.progress(line) }
}
