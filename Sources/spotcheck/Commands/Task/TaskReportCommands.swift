import ArgumentParser
import Foundation
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// `spotcheck task report TASK`: the closing report's content and digest (the page prints it);
/// `--json` writes the whole report, as `GET /api/v1/tasks/{task}/report` gives its summary.
struct TaskReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "任务总结报告（内容摘要与各部门总结提交情况）/ the closing report.")
    @OptionGroup var options: TaskOptions
    @Argument(help: "任务编号或文号 / task id or document number.") var task: String
    @Flag(help: "以 JSON 输出全部内容 / print the whole report as JSON.") var json = false

    func run() async throws {
        let report = try await options.workflow { workflow, principal in
            let info = try await workflow.task(TaskReference(task), for: principal)
            return try await workflow.closingReport(task: TaskID(info.id), for: principal)
        }
        if json {
            let content = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(report))
            try printJSON(["digest": report.digest, "report": content] as [String: Any])
            return
        }
        print("\(report.facts.documentNumber) \(report.facts.title) 总结报告")
        print("  依据：\(report.facts.planOrigin)")
        print("  抽查企业 \(report.statistics.total.enterprises) 户，执法人员 \(report.statistics.total.inspectors) 人，发现问题企业 \(report.statistics.total.problemEnterprises) 个")
        let missing = report.summaries.filter { !$0.submitted }.map(\.department)
        print("  工作总结：已提交 \(report.summaries.count - missing.count)/\(report.summaries.count)" + (missing.isEmpty ? "" : "（未提交：\(missing.joined(separator: "、"))）"))
        print("  内容摘要（SHA-256）：\(report.digest)")
    }
}

/// `spotcheck task visits TASK`: the visit plan — each enterprise's agreed or proposed time, and
/// those without an agreed visit (the page's 约定检查 tab).
struct TaskVisitsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "visits", abstract: "约定检查时间：各企业的约定情况 / the visit plan.")
    @OptionGroup var options: TaskOptions
    @Argument(help: "任务编号或文号 / task id or document number.") var task: String

    func run() async throws {
        let (board, names) = try await options.workflow { workflow, principal in
            let info = try await workflow.task(TaskReference(task), for: principal)
            return (try await workflow.visitBoard(task: TaskID(info.id), for: principal), try await workflow.departmentNames())
        }
        print("\(board.task.documentNumber) 约定检查：已约定 \(board.agreed)/\(board.rows.count) 户")
        for row in board.rows {
            let departments = row.departments.map { names[$0] ?? $0 }.joined(separator: "、")
            if let visit = row.visit {
                let waiting = visit.state == .proposed ? "，等待 " + row.waitingFor.map { names[$0] ?? $0 }.joined(separator: "、") : ""
                print("  \(visit.whenText) \(row.enterpriseName)（\(departments)）· \(visit.place) · \(visit.state.label)\(waiting)")
            } else {
                print("  未约定 \(row.enterpriseName)（\(departments)）")
            }
        }
    }
}

/// `spotcheck task summaries TASK`: which departments submitted their 工作总结, and when.
struct TaskSummariesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "summaries", abstract: "各部门工作总结提交情况 / who submitted a summary.")
    @OptionGroup var options: TaskOptions
    @Argument(help: "任务编号或文号 / task id or document number.") var task: String

    func run() async throws {
        let (board, names) = try await options.workflow { workflow, principal in
            let info = try await workflow.task(TaskReference(task), for: principal)
            return (try await workflow.summaryBoard(task: TaskID(info.id), for: principal), try await workflow.departmentNames())
        }
        for part in board.parts {
            let status = part.submitted ? "已提交" : part.summary == nil ? "未填写" : "草稿"
            print("  \(names[part.department] ?? part.department)：\(status)\(part.files.isEmpty ? "" : "，附件 \(part.files.count) 个")")
        }
        if !board.notSubmitted.isEmpty { print("尚未提交：\(board.notSubmitted.map { names[$0] ?? $0 }.joined(separator: "、"))") }
    }
}
