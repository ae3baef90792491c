import ArgumentParser
import Foundation
import SpotcheckStore

/// `spotcheck bench public-seed`: the database `scripts/bench-public.sh` serves — the demo (with
/// its published results) plus a task of 应急管理局 drawing a fifth of `--enterprises` synthetic
/// enterprises, published and drawn. It prints the task's id so the script can ask for its
/// public page.
struct BenchPublicSeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "public-seed",
        abstract: "公示页面基准的数据 / seed the demo plus a large drawn task for the public pages' benchmark."
    )

    @OptionGroup var db: DatabaseOptions

    @Option(help: "合成企业数，抽取其中 20% / synthetic enterprises; the task draws 20 % of them.")
    var enterprises: Int = 250_000

    func run() async throws {
        CLILogging.bootstrap(defaultLevel: .warning)
        guard enterprises >= 10 else { throw ValidationError("--enterprises must be at least 10") }
        let (task, drawn) = try await withStore(db) { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords, results: true)
            let clock = ContinuousClock(), start = clock.now
            BenchDatabases.progress("生成 \(enterprises) 户企业并发布、抽取 / seeding \(enterprises) enterprises, publishing and drawing…")
            let task = try await DemoSeed.seedLargeTask(on: store.db, enterprises: enterprises)
            let drawn = task.freeze?.quotaCount ?? 0
            BenchDatabases.progress(String(format: "  %.1f s, %d drawn", BenchDatabases.seconds(clock.now - start), drawn))
            return (task.id, drawn)
        }
        print("task=\(task) drawn=\(drawn)")
    }
}
