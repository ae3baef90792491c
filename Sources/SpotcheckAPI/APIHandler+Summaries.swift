import Foundation
import OpenAPIRuntime
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// 工作总结 and the closing report (issue 16) over `Workflow+Summaries`: a department's admin
/// writes and submits only its own summary; the office and the auditor read the report.
extension APIHandler {
    func listTaskSummaries(_ input: Operations.ListTaskSummaries.Input) async throws -> Operations.ListTaskSummaries.Output {
        try await respond {
            let task = try await visibleTask(input.path.task)
            let board = try await workflow.summaryBoard(task: TaskID(task.id), for: try caller())
            return .ok(.init(body: .json(.init(notSubmitted: board.notSubmitted, items: board.parts.compactMap { $0.summary.map(Components.Schemas.Summary.init) }))))
        }
    }

    func saveTaskSummary(_ input: Operations.SaveTaskSummary.Input) async throws -> Operations.SaveTaskSummary.Output {
        try await respond {
            guard case let .json(body) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let task = try await visibleTask(input.path.task)
            let saved = try await workflow.saveSummary(task: TaskID(task.id), department: DepartmentCode(rawValue: input.path.code),
                                                       .init(experience: body.experience, problems: body.problems, suggestions: body.suggestions),
                                                       by: try caller())
            return .ok(.init(body: .json(.init(saved))))
        }
    }

    func submitTaskSummary(_ input: Operations.SubmitTaskSummary.Input) async throws -> Operations.SubmitTaskSummary.Output {
        try await respond {
            let task = try await visibleTask(input.path.task)
            let saved = try await workflow.submitSummary(task: TaskID(task.id), department: DepartmentCode(rawValue: input.path.code), by: try caller())
            return .ok(.init(body: .json(.init(saved))))
        }
    }

    func attachTaskSummaryFile(_ input: Operations.AttachTaskSummaryFile.Input) async throws -> Operations.AttachTaskSummaryFile.Output {
        try await respond {
            guard case let .binary(body) = input.body else { throw APIError.badRequest("请求体须为文件内容（application/octet-stream）") }
            let task = try await visibleTask(input.path.task)
            let data = try await Data(collecting: body, upTo: APIInputCheck.maxUploadBytes)
            let name = (try Self.search(input.query.fileName, parameter: "fileName")).flatMap { $0.isEmpty ? nil : $0 } ?? "附件"
            let file = try await workflow.attachSummaryFile(task: TaskID(task.id), department: DepartmentCode(rawValue: input.path.code),
                                                            fileName: name, data: data, by: try caller())
            return .created(.init(body: .json(.init(id: file.id.uuidString, fileName: file.fileName, sha256: file.sha256, size: file.size))))
        }
    }

    func getTaskClosingReport(_ input: Operations.GetTaskClosingReport.Input) async throws -> Operations.GetTaskClosingReport.Output {
        try await respond {
            let task = try await visibleTask(input.path.task)
            let report = try await workflow.closingReport(task: TaskID(task.id), for: try caller())
            return .ok(.init(body: .json(.init(
                digest: report.digest, generatedAt: workflow.clock.now(), documentNumber: report.facts.documentNumber,
                planOrigin: report.facts.planOrigin, commitment: report.draw?.commitment, recordSha256: report.draw?.recordSHA256,
                totalEnterprises: report.statistics.total.enterprises, totalInspectors: report.statistics.total.inspectors,
                summariesSubmitted: report.summaries.filter(\.submitted).map(\.department),
                enterprises: report.enterprises.map { .init(name: $0.name, uscc: $0.uscc, results: $0.results) }))))
        }
    }
}

extension Components.Schemas.Summary {
    init(_ summary: SummaryStore.Summary) {
        self.init(department: summary.department, experience: summary.experience, problems: summary.problems,
                  suggestions: summary.suggestions, submitted: summary.submitted, submittedAt: summary.submittedAt)
    }
}
