import Foundation
import OpenAPIRuntime
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// Field results (product step 8) and their evidence, and the department steps that go with
/// them (confirm-all, group report submission): thin adapters over the workflow's use cases,
/// which decide team, department and state as the result pages do.
extension APIHandler {
    // MARK: Confirm all

    func confirmAllTaskDispatches(_ input: Operations.ConfirmAllTaskDispatches.Input) async throws -> Operations.ConfirmAllTaskDispatches.Output {
        try await respond {
            let principal = try caller()
            let id = TaskID(try await visibleTask(input.path.task).id)
            let confirmed = try await workflow.confirmAll(task: id, department: DepartmentCode(rawValue: input.path.code), by: principal)
            let (_, pending) = try await workflow.dispatches(task: id, department: input.path.code, for: principal)
            return .ok(.init(body: .json(.init(
                confirmed: confirmed,
                pending: pending.sorted { $0.key.utf8Precedes($1.key) }.map { .init(departmentCode: $0.key, count: $0.value) }))))
        }
    }

    // MARK: Group report

    func submitTaskGroupReport(_ input: Operations.SubmitTaskGroupReport.Input) async throws -> Operations.SubmitTaskGroupReport.Output {
        try await respond {
            let id = TaskID(try await visibleTask(input.path.task).id)
            let report = try await workflow.submitGroupReport(task: id, department: DepartmentCode(rawValue: input.path.code), by: try caller())
            return .ok(.init(body: .json(.init(report))))
        }
    }

    // MARK: Results

    func listTaskResults(_ input: Operations.ListTaskResults.Input) async throws -> Operations.ListTaskResults.Output {
        try await respond {
            let (page, perPage) = try Self.paging(page: input.query.page, perPage: input.query.perPage)
            let id = TaskID(try await visibleTask(input.path.task).id)
            let (items, total) = try await workflow.results(task: id, department: input.query.department, page: page, perPage: perPage,
                                                            for: try caller())
            return .ok(.init(body: .json(.init(items: items.map(Components.Schemas.InspectionResult.init), total: total,
                                               page: page, perPage: perPage))))
        }
    }

    func getTaskResult(_ input: Operations.GetTaskResult.Input) async throws -> Operations.GetTaskResult.Output {
        try await respond {
            let key = try await resultKey(input.path.task, input.path.uscc, input.path.code)
            let (access, result) = try await workflow.result(task: key.task, enterprise: key.uscc, department: key.department, for: try caller())
            return .ok(.init(body: .json(.init(
                taskId: access.task.id, uscc: access.uscc, enterpriseName: access.form.enterprise.name,
                departmentCode: access.department, departmentName: access.part.departmentName,
                items: access.part.items.map { .init(code: $0.code, name: $0.name, methods: $0.methods.map(\.rawValue)) },
                result: result.map(Components.Schemas.InspectionResult.init),
                mayEdit: access.mayEdit(result),
                mayApprove: access.isDepartmentAdmin && access.taskInspectable && result?.status == .submitted,
                mayCorrect: access.mayCorrect(result)))))
        }
    }

    func saveTaskResultDraft(_ input: Operations.SaveTaskResultDraft.Input) async throws -> Operations.SaveTaskResultDraft.Output {
        try await respond {
            guard case let .json(body) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let key = try await resultKey(input.path.task, input.path.uscc, input.path.code)
            let stored = try await workflow.saveResultDraft(task: key.task, enterprise: key.uscc, department: key.department,
                                                            input: try Self.resultInput(body), by: try caller())
            return .ok(.init(body: .json(.init(stored))))
        }
    }

    func submitTaskResult(_ input: Operations.SubmitTaskResult.Input) async throws -> Operations.SubmitTaskResult.Output {
        try await respond {
            let principal = try caller()
            let key = try await resultKey(input.path.task, input.path.uscc, input.path.code)
            // The stored draft is what is submitted: the content is saved (and checked) by PUT.
            guard let draft = try await workflow.result(task: key.task, enterprise: key.uscc, department: key.department, for: principal).result
            else { throw APIError.invalidField("result", "还没有保存的检查结果：请先保存草稿（PUT）再提交") }
            let stored = try await workflow.submitResult(task: key.task, enterprise: key.uscc, department: key.department, input: draft.input,
                                                         by: principal)
            return .ok(.init(body: .json(.init(stored))))
        }
    }

    func approveTaskResult(_ input: Operations.ApproveTaskResult.Input) async throws -> Operations.ApproveTaskResult.Output {
        try await respond {
            let key = try await resultKey(input.path.task, input.path.uscc, input.path.code)
            let stored = try await workflow.approveResult(task: key.task, enterprise: key.uscc, department: key.department, by: try caller())
            return .ok(.init(body: .json(.init(stored))))
        }
    }

    func correctTaskResult(_ input: Operations.CorrectTaskResult.Input) async throws -> Operations.CorrectTaskResult.Output {
        try await respond {
            guard case let .json(body) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let key = try await resultKey(input.path.task, input.path.uscc, input.path.code)
            let stored = try await workflow.correctResult(task: key.task, enterprise: key.uscc, department: key.department,
                                                          input: try Self.resultInput(body.result), reason: body.reason, by: try caller())
            return .ok(.init(body: .json(.init(stored))))
        }
    }

    // MARK: Evidence

    func listTaskResultEvidence(_ input: Operations.ListTaskResultEvidence.Input) async throws -> Operations.ListTaskResultEvidence.Output {
        try await respond {
            let key = try await resultKey(input.path.task, input.path.uscc, input.path.code)
            let files = try await workflow.evidence(task: key.task, enterprise: key.uscc, department: key.department, for: try caller())
            return .ok(.init(body: .json(.init(items: files.map(Components.Schemas.EvidenceFile.init)))))
        }
    }

    func uploadTaskResultEvidence(_ input: Operations.UploadTaskResultEvidence.Input) async throws -> Operations.UploadTaskResultEvidence.Output {
        try await respond {
            guard case let .binary(body) = input.body else { throw APIError.badRequest("请求体须为文件内容（application/octet-stream）") }
            let fileName = try Self.search(input.query.fileName, parameter: "fileName") ?? ""
            guard !fileName.isEmpty else { throw APIError.invalidField("fileName", "请用参数「fileName」给出文件名") }
            let data: Data
            do {
                data = try await Data(collecting: body, upTo: Workflow.maxEvidenceBytes)
            } catch {
                throw APIError(status: 413, detail: "证据文件不能超过 \(Workflow.maxEvidenceBytes / 1024 / 1024) MB")
            }
            let key = try await resultKey(input.path.task, input.path.uscc, input.path.code)
            let file = try await workflow.addEvidence(task: key.task, enterprise: key.uscc, department: key.department,
                                                      fileName: fileName, data: data, by: try caller())
            return .created(.init(body: .json(.init(file))))
        }
    }

    func withdrawTaskResultEvidence(_ input: Operations.WithdrawTaskResultEvidence.Input) async throws -> Operations.WithdrawTaskResultEvidence.Output {
        try await respond {
            guard let fileID = UUID(uuidString: input.path.file) else { throw APIError.notFound("证据文件不存在") }
            let key = try await resultKey(input.path.task, input.path.uscc, input.path.code)
            try await workflow.withdrawEvidence(task: key.task, enterprise: key.uscc, department: key.department, file: fileID, by: try caller())
            return .noContent(.init())
        }
    }

    func downloadTaskResultEvidence(_ input: Operations.DownloadTaskResultEvidence.Input) async throws -> Operations.DownloadTaskResultEvidence.Output {
        try await respond {
            guard let fileID = UUID(uuidString: input.path.file) else { throw APIError.notFound("证据文件不存在") }
            let key = try await resultKey(input.path.task, input.path.uscc, input.path.code)
            let (file, data) = try await workflow.evidenceFile(task: key.task, enterprise: key.uscc, department: key.department, file: fileID,
                                                               for: try caller())
            let fallback = "evidence." + (file.contentType == "application/pdf" ? "pdf" : file.contentType == "image/png" ? "png" : "jpg")
            let encoded = file.fileName.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? fallback
            let headers = Operations.DownloadTaskResultEvidence.Output.Ok.Headers(
                contentDisposition: "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)")
            let body = HTTPBody(data)
            switch file.contentType {
            case "application/pdf": return .ok(.init(headers: headers, body: .pdf(body)))
            case "image/png": return .ok(.init(headers: headers, body: .png(body)))
            default: return .ok(.init(headers: headers, body: .jpeg(body)))
            }
        }
    }

    // MARK: Helpers

    /// The typed key of a result path: the task resolved once (404 when none), the enterprise's
    /// code normalized as everywhere else.
    private func resultKey(_ task: String, _ uscc: String, _ department: String) async throws
        -> (task: TaskID, uscc: USCC, department: DepartmentCode) {
        (try await workflow.taskID(TaskReference(task)), USCC(rawValue: USCC.normalized(uscc)), DepartmentCode(rawValue: department))
    }

    /// The entered result: dates parsed, methods and categories by the notice's names (422
    /// naming the field otherwise).
    static func resultInput(_ body: Components.Schemas.ResultInput) throws -> ResultInput {
        var problems: [TaskPlanProblem] = []
        var date: CivilDate?
        if let text = body.inspectionDate?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            date = CivilDate(text)
            if date == nil { problems.append(.init(field: "inspectionDate", message: "检查日期「\(text)」不是有效日期（格式 2024-06-18）")) }
        }
        let category = ResultCategory(rawValue: body.category.trimmingCharacters(in: .whitespaces))
        if category == nil {
            problems.append(.init(field: "category", message: "检查结果须为：" + ResultCategory.allCases.map(\.rawValue).joined(separator: "、")))
        }
        var items: [ResultInput.Item] = []
        for item in body.items {
            var methods: [InspectionMethod] = []
            for name in item.methods ?? [] {
                if let method = InspectionMethod(rawValue: name.trimmingCharacters(in: .whitespaces)) {
                    methods.append(method)
                } else {
                    problems.append(.init(field: "items.\(item.itemCode).methods", message: "检查方式「\(name)」不是通知列明的方式"))
                }
            }
            items.append(ResultInput.Item(itemCode: item.itemCode.trimmingCharacters(in: .whitespaces), methods: methods,
                                          finding: item.finding ?? "", problem: item.problem ?? false, problemKind: item.problemKind ?? ""))
        }
        guard problems.isEmpty, let category else { throw InputInvalid(problems: problems) }
        return ResultInput(inspectionDate: date, category: category, items: items, onsiteAnswer: body.onsiteAnswer ?? false,
                           onsiteNote: body.onsiteNote ?? "", signatureRefused: body.signatureRefused ?? false,
                           refusalNote: body.refusalNote ?? "")
    }
}

// MARK: - Model to schema

extension Components.Schemas.InspectionResult {
    init(_ result: InspectionResult) {
        let status: Components.Schemas.ResultStatus = switch result.status {
        case .draft: .draft
        case .submitted: .submitted
        case .approved: .approved
        }
        self.init(
            taskId: result.taskID, uscc: result.uscc, departmentCode: result.department, status: status, statusLabel: result.status.label,
            inspectionDate: result.input.inspectionDate?.description, category: result.input.category.rawValue,
            problemCount: result.input.problemCount,
            items: result.input.items.map {
                .init(itemCode: $0.itemCode, methods: $0.methods.map(\.rawValue), finding: $0.finding, problem: $0.problem, problemKind: $0.problemKind)
            },
            onsiteAnswer: result.input.onsiteAnswer, onsiteNote: result.input.onsiteNote, signatureRefused: result.input.signatureRefused,
            refusalNote: result.input.refusalNote, members: result.members, dueDate: result.dueDate?.description,
            submittedBy: result.submittedBy, submittedAt: result.submittedAt, approvedBy: result.approvedBy, approvedAt: result.approvedAt)
    }
}

extension Components.Schemas.EvidenceFile {
    init(_ file: EvidenceFile) {
        self.init(id: file.id.uuidString, fileName: file.fileName, contentType: file.contentType, size: file.size, sha256: file.sha256,
                  uploadedBy: file.uploadedBy, uploadedAt: file.uploadedAt)
    }
}
