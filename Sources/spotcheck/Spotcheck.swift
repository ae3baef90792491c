import ArgumentParser
import SpotcheckCore

/// The single executable: web server, JSON API and command line over the same domain.
@main
struct Spotcheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spotcheck",
        abstract: "双随机、一公开 joint spot-check platform (spotcheck).",
        version: SpotcheckCore.version,
        subcommands: [
            ServeCommand.self,
            MigrateCommand.self,
            DemoCommand.self,
            UserCommand.self,
            TokenCommand.self,
            ImportCommand.self,
            AuditCommand.self,
            DrawCommand.self,
            VerifyCommand.self,
            TaskCommand.self,
            StatsCommand.self,
            CalendarCommand.self,
            PlanCommand.self,
            MessagesCommand.self,
            TipsCommand.self,
            BenchCommand.self,
        ]
    )
}
