import ArgumentParser
import Foundation
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// `spotcheck plan …`: the 年度抽查计划 from the shell — list a year's entries with their progress,
/// import a plan file (XLSX or CSV, every row or none), export the year as XLSX, approve it (审定),
/// send it back (退回修改) or publish it, and delete an entry while the plan is 编制中. `spotcheck task create --plan-entry ID` creates a task
/// from an entry.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "年度抽查计划：列出、导入、导出、审定、公布 / the annual spot-check plan.",
        discussion: """
            示例 / example:
              spotcheck plan import plan-2025.xlsx --year 2025
              spotcheck plan list --year 2025
              spotcheck plan approve --year 2025
              spotcheck plan publish --year 2025
              spotcheck plan export --year 2025 --out 2025年度抽查计划.xlsx
              spotcheck task create --file plan.json --plan-entry 4
            """,
        subcommands: [PlanListCommand.self, PlanImportCommand.self, PlanExportCommand.self, PlanApproveCommand.self, PlanReopenCommand.self,
                      PlanPublishCommand.self, PlanDeleteCommand.self]
    )
}

struct PlanYearOption: ParsableArguments {
    @Option(help: "年度，如 2025 / the plan's year.")
    var year: Int

    func validated() throws -> Int {
        guard AnnualPlanEntry.years.contains(year) else {
            throw CommandFailure("年度须在 \(AnnualPlanEntry.years.lowerBound)–\(AnnualPlanEntry.years.upperBound) 之间")
        }
        return year
    }
}

struct PlanListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "列出某年度的计划条目及执行情况 / list a year's entries.")
    @OptionGroup var options: TaskOptions
    @OptionGroup var year: PlanYearOption
    @Flag(help: "输出 JSON / print JSON.") var json = false

    func run() async throws {
        let year = try year.validated()
        let (view, names) = try await options.workflow { workflow, principal in
            (try await workflow.annualPlan(year: year, for: principal), try await workflow.departmentNames())
        }
        if json {
            let rows: [[String: Any]] = view.entries.map { item in
                ["id": item.entry.id, "title": item.entry.title, "lead_department": item.entry.leadDepartment,
                 "cooperating_departments": item.entry.cooperatingDepartments, "months": item.entry.months,
                 "ratio": AnnualPlanEntry.ratioText(item.entry.ratioBasisPoints), "status": item.statusLabel,
                 "tasks": item.tasks.map(\.documentNumber)]
            }
            try printJSON(["year": year, "state": view.state.rawValue, "entries": rows] as [String: Any])
            return
        }
        print("\(year) 年度抽查计划（\(view.state.label)），\(view.entries.count) 个条目")
        for item in view.entries {
            let e = item.entry
            let cooperating = e.cooperatingDepartments.map { names[$0] ?? $0 }.joined(separator: "、")
            print("  #\(e.id) \(e.title) · \(names[e.leadDepartment] ?? e.leadDepartment)牵头\(cooperating.isEmpty ? "" : "，\(cooperating)配合")"
                  + " · \(e.monthsText) · \(AnnualPlanEntry.ratioText(e.ratioBasisPoints)) · \(item.statusLabel)"
                  + (item.tasks.isEmpty ? "" : " · " + item.tasks.map(\.documentNumber).joined(separator: "、")))
        }
        for d in view.departments {
            print("  \(names[d.department] ?? d.department)：计划 \(d.planned)，已启动 \(d.launched)，已完成 \(d.completed)")
        }
    }
}

struct PlanImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "从 XLSX/CSV 导入计划条目（有错误则全部不导入）/ import entries.")
    @OptionGroup var options: TaskOptions
    @OptionGroup var year: PlanYearOption
    @Argument(help: "计划文件（表头：\(Workflow.planFileColumns.joined(separator: "、"))）/ the plan file.") var file: String

    func run() async throws {
        let year = try year.validated()
        guard let data = FileManager.default.contents(atPath: file) else { throw CommandFailure("无法读取文件：\(file)") }
        let name = URL(fileURLWithPath: file).lastPathComponent
        let added = try await options.workflow { workflow, principal in
            do {
                return try await workflow.importPlanFile(data, fileName: name, year: year, by: principal)
            } catch let error as Workflow.PlanFileInvalid {
                throw CommandFailure("\(file) 有 \(error.issues.count) 处错误，未写入任何数据：\n" + error.issues.map { "  \($0)" }.joined(separator: "\n"))
            }
        }
        print("已导入 \(added.count) 个计划条目到 \(year) 年度抽查计划（编号 \(added.map { String($0.entry.id) }.joined(separator: "、"))）")
    }
}

struct PlanExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "导出某年度计划为 XLSX / export a year as XLSX.")
    @OptionGroup var options: TaskOptions
    @OptionGroup var year: PlanYearOption
    @Option(help: "输出文件 / output file.") var out: String

    func run() async throws {
        let year = try year.validated()
        let data = try await options.workflow { workflow, principal in try await workflow.annualPlanWorkbook(year: year, principal: principal) }
        guard FileManager.default.createFile(atPath: out, contents: data) else { throw CommandFailure("无法写入文件：\(out)") }
        print("已导出 \(year) 年度抽查计划：\(out)")
    }
}

struct PlanApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "approve", abstract: "审定某年度计划（之后各部门不能修改条目）/ approve a year's plan.")
    @OptionGroup var options: TaskOptions
    @OptionGroup var year: PlanYearOption

    func run() async throws {
        let year = try year.validated()
        _ = try await options.workflow { workflow, principal in try await workflow.approveAnnualPlan(year: year, by: principal) }
        print("已审定 \(year) 年度抽查计划；核对无误后用 spotcheck plan publish --year \(year) 公布")
    }
}

struct PlanReopenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reopen", abstract: "将已审定、未公布的计划退回修改 / send an approved plan back to drafting.")
    @OptionGroup var options: TaskOptions
    @OptionGroup var year: PlanYearOption
    @Option(help: "退回理由（记入审计日志）/ why.") var reason: String

    func run() async throws {
        let year = try year.validated()
        _ = try await options.workflow { workflow, principal in try await workflow.reopenAnnualPlan(year: year, reason: reason, by: principal) }
        print("已将 \(year) 年度抽查计划退回修改，各部门可再次修改条目")
    }
}

struct PlanPublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "publish", abstract: "公布已审定的某年度计划（之后不能修改）/ publish an approved year's plan.")
    @OptionGroup var options: TaskOptions
    @OptionGroup var year: PlanYearOption

    func run() async throws {
        let year = try year.validated()
        _ = try await options.workflow { workflow, principal in try await workflow.publishAnnualPlan(year: year, by: principal) }
        print("已公布 \(year) 年度抽查计划")
    }
}

struct PlanDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "删除编制中计划的一个条目 / delete an entry of a plan being drafted.")
    @OptionGroup var options: TaskOptions
    @Argument(help: "条目编号 / entry id.") var id: Int

    func run() async throws {
        try await options.workflow { workflow, principal in try await workflow.deletePlanEntry(id, by: principal) }
        print("已删除计划条目 #\(id)")
    }
}
