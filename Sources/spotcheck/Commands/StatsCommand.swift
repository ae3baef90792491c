import ArgumentParser
import Foundation
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// `spotcheck stats TASK [--xlsx F] [--json]`: the notice's attachment table, computed from the
/// recorded results, for one task or for the tasks of a date range.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "全县“双随机、一公开”部门联合抽查统计表 / the statistics table of a task or date range.",
        discussion: """
            示例 / examples:
              spotcheck stats 清双随机办〔2024〕21号
              spotcheck stats 1 --json
              spotcheck stats 1 --xlsx 统计表.xlsx
              spotcheck stats --from 2024-01-01 --to 2024-12-31
            """
    )

    @OptionGroup var db: DatabaseOptions
    @Argument(help: "任务编号或文号 / task id or document number.") var task: String?
    @Option(help: "起始日期（按任务期间，yyyy-MM-dd）/ first day of a date range.") var from: String?
    @Option(help: "结束日期 / last day of a date range.") var to: String?
    @Flag(help: "以 JSON 输出 / print JSON.") var json = false
    @Option(help: "另存为 XLSX（表头与附件相同）/ also write the table as XLSX.") var xlsx: String?

    func validate() throws {
        if task == nil && (from == nil || to == nil) { throw ValidationError("请指定任务，或同时指定 --from 与 --to") }
        if task != nil && (from != nil || to != nil) { throw ValidationError("任务与 --from/--to 只能二选一") }
        for (name, value) in [("--from", from), ("--to", to)] {
            if let value, CivilDate(value) == nil { throw ValidationError("\(name) 不是有效日期（yyyy-MM-dd）：\(value)") }
        }
    }

    func run() async throws {
        CLILogging.bootstrap(defaultLevel: .warning)
        let statistics = try await withStore(db) { store -> Workflow.Statistics in
            let workflow = Workflow(store: store), principal = Principal.commandLine(actor: "cli")
            if let task { return try await workflow.statistics(task: TaskReference(task), for: principal) }
            return try await workflow.statistics(from: CivilDate(from!)!, to: CivilDate(to!)!, for: principal)
        }
        let table = statistics.table
        if let xlsx {
            let data = try statistics.xlsx()
            do {
                try data.write(to: URL(fileURLWithPath: xlsx), options: .atomic)
            } catch {
                throw CommandFailure("无法写入 \(xlsx)：\(error.localizedDescription)")
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(table), as: UTF8.self))
            return
        }
        print("全县“双随机、一公开”部门联合抽查统计表 — \(statistics.description)")
        print((["报表单位"] + StatisticsTable.columnTitles).joined(separator: "\t"))
        for row in table.rows + [table.total] {
            print(([row.unit] + row.values.map(String.init)).joined(separator: "\t"))
        }
        if let xlsx { FileHandle.standardError.write(Data("已写出 \(xlsx)\n".utf8)) }
    }
}
