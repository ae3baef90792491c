import ArgumentParser
import SpotcheckStore

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "Seed the Qinghe County 2024 demo data into a database.")
    @OptionGroup var db: DatabaseOptions

    func run() async throws {
        CLILogging.bootstrap(defaultLevel: .warning)
        let seeded = try await withStore(db, defaultSQLite: "./spotcheck-demo.sqlite") { try await DemoSeed.seed(on: $0.db, passwords: $0.passwords, results: true) }
        print(seeded ? "已写入清河县 2024 演示数据。" : "演示数据已存在，未做改动。")
        print(DemoSeed.loginSummary)
    }
}
