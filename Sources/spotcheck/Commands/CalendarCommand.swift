import ArgumentParser
import Foundation
import SpotcheckCore
import SpotcheckImport
import SpotcheckStore
import SpotcheckWorkflow

/// `spotcheck calendar add|check`: the working-day calendar from the shell, so
/// office staff and scripts get the same deadlines the platform computes.
struct CalendarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "工作日日历：计算期限、判断工作日。",
        subcommands: [CalendarAddCommand.self, CalendarCheckCommand.self, CalendarImportCommand.self, CalendarListCommand.self]
    )
}

/// Options every calendar subcommand shares: where holiday data comes from.
struct CalendarSourceOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("额外的节假日安排 CSV（date,kind；kind 为 休息日/工作日）。", valueName: "FILE"))
    var overrides: String?

    /// The seam for stored overrides: today built-ins plus an optional CSV; a
    /// database-backed source merges its rows here the same way.
    func makeCalendar() throws -> WorkingDayCalendar {
        guard let path = overrides else { return .standard }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CalendarCommandError("无法读取文件 \(path)")
        }
        let text: String
        do {
            text = try TextDecoding.decode(data).text
        } catch {
            throw CalendarCommandError("\(path)：\(error)")
        }
        do {
            return WorkingDayCalendar(overrides: try CalendarOverrides.parseCSV(text))
        } catch {
            // Several bad lines are joined on one line: the CLI contract is a one-line reason.
            throw CalendarCommandError("\(path)：" + error.issues.map(\.description).joined(separator: "；"))
        }
    }
}

struct CalendarAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "输出 DATE 之后第 N 个工作日（从次日起算），格式 yyyy-MM-dd。"
    )

    @Argument(help: ArgumentHelp("起算日期，yyyy-MM-dd。", valueName: "DATE"))
    var date: String

    // A string, not Int, so a bad count gets the same one-line Chinese error as a bad date.
    @Argument(help: ArgumentHelp("工作日数。", valueName: "N"))
    var count: String

    @OptionGroup var source: CalendarSourceOptions

    func run() async throws {
        try reportingErrors {
            let start = try parseDate(date)
            guard let days = Int(count.trimmingCharacters(in: .whitespaces)) else {
                throw CalendarCommandError("无效的工作日数 \(count)（应为整数）")
            }
            let calendar = try source.makeCalendar()
            let due = calendar.addWorkingDays(days, to: start)
            warnIfUncovered(calendar, start, due)
            print(due)
        }
    }
}

struct CalendarCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "判断 DATE 是工作日还是休息日，输出 工作日 或 休息日。"
    )

    @Argument(help: ArgumentHelp("日期，yyyy-MM-dd。", valueName: "DATE"))
    var date: String

    @OptionGroup var source: CalendarSourceOptions

    func run() async throws {
        try reportingErrors {
            let day = try parseDate(date)
            let calendar = try source.makeCalendar()
            warnIfUncovered(calendar, day, day)
            print(calendar.isWorkingDay(day) ? "工作日" : "休息日")
        }
    }
}

/// `spotcheck calendar import FILE`: stores the State Council's list for a year (date,kind CSV)
/// in the database; every deadline the server computes uses it from then on.
struct CalendarImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "导入国务院办公厅节假日安排 CSV（date,kind）到数据库，文件中出现的年份整年替换。"
    )

    @Argument(help: ArgumentHelp("CSV 文件（UTF-8 或 GB18030），每行 日期,休息日|工作日。", valueName: "FILE"))
    var file: String

    @OptionGroup var db: DatabaseOptions

    @Option(help: "审计日志中的操作人 / who acts.") var actor: String = "cli"

    func run() async throws {
        CLILogging.bootstrap(defaultLevel: .warning)
        guard let data = FileManager.default.contents(atPath: file) else { throw CommandFailure("无法读取文件 \(file)") }
        let text: String
        do {
            text = try TextDecoding.decode(data).text
        } catch {
            throw CommandFailure("\(file)：\(error)")
        }
        let (years, entries) = try await withStore(db) { store in
            try await Workflow(store: store).importCalendar(csv: text, by: .commandLine(actor: actor))
        }
        print("已导入 \(years.map(String.init).joined(separator: "、")) 年节假日安排，共 \(entries) 个日期。")
    }
}

/// `spotcheck calendar list`: the stored entries (the built-in years are not listed).
struct CalendarListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "列出数据库中录入的节假日安排（CSV）。")
    @OptionGroup var db: DatabaseOptions

    func run() async throws {
        CLILogging.bootstrap(defaultLevel: .warning)
        let overrides = try await withStore(db) { try await CalendarStore(db: $0.db).overrides() }
        print(overrides.csvText(), terminator: "")
    }
}

/// A user-facing failure: one Chinese line on stderr and exit status 1.
struct CalendarCommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

private func parseDate(_ text: String) throws -> CivilDate {
    guard let date = CivilDate(text.trimmingCharacters(in: .whitespaces)) else {
        throw CalendarCommandError("无效日期 \(text)（应为 yyyy-MM-dd，例如 2024-09-20）")
    }
    return date
}

/// Printed to stderr so stdout stays exactly the answer scripts parse.
private func warnIfUncovered(_ calendar: WorkingDayCalendar, _ first: CivilDate, _ last: CivilDate) {
    let years = Set([first.year, last.year]).filter { !calendar.isCovered(year: $0) }.sorted()
    guard !years.isEmpty else { return }
    let list = years.map(String.init).joined(separator: "、")
    FileHandle.standardError.write(Data("注意：\(list) 年的节假日安排尚未录入，按周一至周五为工作日计算。\n".utf8))
}

private func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as CalendarCommandError {
        FileHandle.standardError.write(Data("错误：\(error.description)\n".utf8))
        throw ExitCode.failure
    }
}
