import ArgumentParser
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "Audit log tools.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "verify", abstract: "Walk the hash chain and report the first broken link.")
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            CLILogging.bootstrap(defaultLevel: .warning)
            let report = try await withStore(db) { store in
                try await Workflow(store: store).verifyAuditChain(for: .commandLine(actor: "cli")) { checked in
                    if checked % 100_000 == 0 { print("已校验 \(checked) 条…") }
                }
            }
            if let broken = report.firstBreak {
                throw CommandFailure("审计链断裂：\(broken)（第 \(broken.sequence) 号事件；此前 \(report.checked) 条完好）")
            }
            print("审计链完整：已校验 \(report.checked) 条事件")
        }
    }
}
