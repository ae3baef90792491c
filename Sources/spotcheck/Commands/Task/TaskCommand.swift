import ArgumentParser
import Foundation
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// `spotcheck task …`: the whole joint-task workflow from the command line, so a task can be
/// scripted end to end. `TASK` is the task's numeric id or its document number (文号).
struct TaskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "task",
        abstract: "联合抽查任务：创建、发布、抽取、确认、抽取人员、匹配 / the joint task workflow.",
        discussion: """
            TASK 为任务编号或文号，如 1 或 清双随机办〔2024〕21号。
            示例 / example:
              spotcheck task create --file plan.json        (spotcheck task template 输出计划模板)
              spotcheck task publish 1
              spotcheck task draw 1 --entropy 2024-05-27-witness-417-293
              spotcheck task confirm 1 --dept yjj --all
              spotcheck task draw-inspectors 1 --dept yjj
              spotcheck task match 1
              spotcheck task record 1 --out record.json
              spotcheck task candidates 1 --objects o.csv --inspectors i.csv --conflicts c.csv
              spotcheck verify record.json --objects o.csv --inspectors i.csv --conflicts c.csv
            """,
        subcommands: [
            TaskTemplateCommand.self, TaskCreateCommand.self, TaskListCommand.self, TaskShowCommand.self,
            TaskPublishCommand.self, TaskDrawCommand.self, TaskConfirmCommand.self, TaskRejectCommand.self,
            TaskDrawInspectorsCommand.self, TaskRejectInspectorCommand.self, TaskMatchCommand.self,
            TaskRecordCommand.self, TaskCandidatesCommand.self, TaskCancelCommand.self, TaskReportCommand.self,
            TaskVisitsCommand.self, TaskSummariesCommand.self,
        ]
    )
}

/// Options every task subcommand shares: the database and who acts (for the audit log).
struct TaskOptions: ParsableArguments {
    @OptionGroup var db: DatabaseOptions

    @Option(help: "审计日志中记录的操作人 / who acts, as written to the audit log.")
    var actor: String = "cli"

    /// Runs `body` with the use cases on an open, migrated database, acting as the command line.
    func workflow<T: Sendable>(_ body: (Workflow, Principal) async throws -> T) async throws -> T {
        CLILogging.bootstrap(defaultLevel: .warning)
        return try await withStore(db) { store in try await body(Workflow(store: store), .commandLine(actor: actor)) }
    }
}

/// JSON for plans: snake_case keys (TaskPlan's own coding keys), as in the API.
enum TaskPlanJSON {
    static func decode(_ data: Data) throws -> TaskPlan {
        let decoder = JSONDecoder()
        do {
            return try decoder.decode(TaskPlan.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw CommandFailure("计划文件缺少字段 \(Self.path(context.codingPath + [key]))")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw CommandFailure("计划文件字段 \(Self.path(context.codingPath)) 类型错误：\(context.debugDescription)")
        } catch let DecodingError.dataCorrupted(context) {
            throw CommandFailure("计划文件 \(Self.path(context.codingPath)) 无效：\(context.debugDescription)")
        }
    }

    static func encode(_ plan: TaskPlan) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(plan), as: UTF8.self)
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}

/// Prints `text` to stdout or writes it to `path`.
func writeOutput(_ text: String, to path: String?) throws {
    guard let path else {
        FileHandle.standardOutput.write(Data(text.utf8))
        return
    }
    do {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
        throw CommandFailure("无法写入 \(path)：\(error.localizedDescription)")
    }
}
