import ArgumentParser
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// API tokens from the command line, for scripts and operators who set up a client before anyone
/// has logged in to the web page 我的账户 (the API fuzz check creates its tokens this way).
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "token", abstract: "Manage API tokens.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Create an API token for a user and print it (shown once; only its SHA-256 is stored).")
        @OptionGroup var db: DatabaseOptions
        @Argument(help: "Login name of the user the token acts as.") var username: String
        @Option(help: "What the token is for, e.g. 统计脚本.") var name: String

        func run() async throws {
            CLILogging.bootstrap(defaultLevel: .warning)
            let secret = try await withStore(db) { store in
                try await Workflow(store: store).createToken(name: name, actingAs: username, by: .commandLine(actor: "cli"))
            }
            // The token alone on stdout, so `TOKEN=$(spotcheck token create …)` works.
            print(secret)
        }
    }
}
