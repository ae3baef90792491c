import ArgumentParser
import SpotcheckStore

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Apply pending database migrations.")
    @OptionGroup var db: DatabaseOptions

    func run() async throws {
        CLILogging.bootstrap(defaultLevel: .warning)
        let applied = try await withStore(db) { try await $0.appliedMigrations() }
        print("数据库已是最新结构，共 \(applied.count) 个迁移：")
        for name in applied { print("  \(name)") }
    }
}
