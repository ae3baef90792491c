import Foundation
import Hummingbird
import SpotcheckCore
import SpotcheckWorkflow
import SpotcheckStore

/// Online result entry (product step 8) for one department's part of a 一企一表: save a draft,
/// submit, upload evidence; the department admin approves (= publishes) and corrects. Also the
/// deadline lists and the dashboard's 进度 block.
///
/// Who may enter: an inspector on that department's team for the enterprise, and that
/// department's admin. The office, the auditor and the lead department's admin may look.
/// After submission the inspectors' form is read-only; changes go through 更正 (audited).
enum ResultController {
    static let readers = RoleGate.taskReaders
    static let enterers = RoleGate.resultEntry
    static let deadlineReaders = RoleGate.readers

    static func register(_ routes: SecuredRoutes, _ env: WebEnvironment) {
        routes.get(SiteURL.task(.key, .result(enterprise: .key, department: .key)), readers) { request, context in
            let access = try await load(env, context)
            let result = try await env.workflow.storedResult(of: access)
            let correcting = request.uri.queryParameters.get("correct") == "1" && access.mayCorrect(result)
            let done = request.uri.queryParameters.get("done").flatMap { doneMessages[$0] }
            return try await page(env, context, access, result: result, correcting: correcting, done: done)
        }

        routes.post(SiteURL.task(.key, .result(enterprise: .key, department: .key)), enterers) { request, context in
            let access = try await load(env, context)
            try access.requireEnter()
            let fields = try await FormFields.read(request, context: context)
            let (input, dateText, dateProblems) = ResultFormat.input(fields, items: access.part.items, today: env.today)
            let submitting = fields.first("action") == "submit"
            do {
                if submitting {
                    let problems = dateProblems + input.submissionProblems()
                    guard problems.isEmpty else {
                        return try await page(env, context, access, result: nil, input: input, dateText: dateText, problems: problems,
                                              status: .unprocessableContent)
                    }
                    try await env.workflow.submitResult(access, input: input)
                } else {
                    // 保存草稿 always saves what was typed; a date that is not a date is kept as
                    // typed on the page (not stored) and named, to be put right before 提交.
                    try await env.workflow.saveResultDraft(access, input: input)
                    guard dateProblems.isEmpty else {
                        return try await page(env, context, access, result: nil, input: input, dateText: dateText, problems: dateProblems,
                                              message: "草稿已保存；检查日期有误未保存，请在提交前改正。")
                    }
                }
            } catch let error as ResultInvalid {
                return try await page(env, context, access, result: nil, input: input, dateText: dateText, problems: error.problems,
                                      status: .unprocessableContent)
            } catch let error as InputInvalid {
                return try await page(env, context, access, result: nil, input: input, dateText: dateText, problems: error.problems,
                                      status: .unprocessableContent)
            } catch let error as TaskTransitionError {
                throw HTTPError(.conflict, message: error.description)
            } catch let error as StoreError where !error.isNotFound {
                // Submitted meanwhile (another team member): the stored result wins, shown read-only.
                return try await page(env, context, access, result: nil, input: input, dateText: dateText, message: error.description,
                                      status: .conflict)
            }
            return ViewRenderer.redirect(access.path + "?done=" + (submitting ? "submitted" : "saved"))
        }

        routes.post(SiteURL.task(.key, .approveResult(enterprise: .key, department: .key)), .departmentStep) { _, context in
            let access = try await load(env, context)
            try access.requireDepartmentAdmin()
            do {
                try await env.workflow.approveResult(access)
            } catch let error as StoreError where !error.isNotFound {
                return try await page(env, context, access, message: error.description, status: .conflict)
            }
            return ViewRenderer.redirect(access.path + "?done=approved")
        }

        routes.post(SiteURL.task(.key, .correctResult(enterprise: .key, department: .key)), .departmentStep) { request, context in
            let access = try await load(env, context)
            try access.requireDepartmentAdmin()
            let fields = try await FormFields.read(request, context: context)
            let (input, dateText, dateProblems) = ResultFormat.input(fields, items: access.part.items, today: env.today)
            let reason = fields.text("reason")
            func again(_ problems: [TaskPlanProblem], message: String? = nil, status: HTTPResponse.Status) async throws -> Response {
                try await page(env, context, access, result: nil, input: input, dateText: dateText, problems: problems, message: message,
                               correcting: true, reason: reason, status: status)
            }
            guard dateProblems.isEmpty else { return try await again(dateProblems, status: .unprocessableContent) }
            do {
                try await env.workflow.correctResult(access, input: input, reason: reason)
            } catch let error as ResultInvalid {
                return try await again(error.problems, status: .unprocessableContent)
            } catch let error as InputInvalid {
                return try await again(error.problems, status: .unprocessableContent)
            } catch let error as TaskTransitionError {
                throw HTTPError(.conflict, message: error.description)
            } catch let error as StoreError where !error.isNotFound {
                let missingReason = reason.isEmpty
                return try await again(missingReason ? [.init(field: "reason", message: error.description)] : [],
                                       message: missingReason ? nil : error.description,
                                       status: missingReason ? .unprocessableContent : .conflict)
            }
            return ViewRenderer.redirect(access.path + "?done=corrected")
        }

        routes.post(SiteURL.task(.key, .evidence(enterprise: .key, department: .key)), enterers) { request, context in
            let access = try await load(env, context)
            try access.requireEnter()
            var request = request
            // Larger bodies are refused with 413 before they are read into memory.
            let body = try await request.collectBody(upTo: context.bodyLimit)
            let form: MultipartForm
            do {
                form = try MultipartForm(body: Data(buffer: body), contentType: request.headers[.contentType] ?? "")
            } catch let error as MultipartForm.ParseError {
                return try await page(env, context, access, evidenceError: error.description, status: .badRequest)
            } catch let error as TextInput.Problem {
                return try await page(env, context, access, evidenceError: error.description, status: .badRequest)
            }
            guard let file = form.part("file"), !file.data.isEmpty else {
                return try await page(env, context, access, evidenceError: "请选择要上传的照片或 PDF 文件", status: .unprocessableContent)
            }
            do {
                try await env.workflow.addEvidence(access, fileName: file.fileName ?? "", data: file.data)
            } catch let error as TaskTransitionError {
                throw HTTPError(.conflict, message: error.description)
            } catch let error as StoreError {
                // Submitted meanwhile: only the department's admin adds evidence now (409).
                if case .conflict = error { throw HTTPError(.conflict, message: error.description) }
                if error.isNotFound { throw error }
                return try await page(env, context, access, evidenceError: error.description, status: .unprocessableContent)
            }
            return ViewRenderer.redirect(access.path + "?done=uploaded#evidence")
        }

        routes.post(SiteURL.task(.key, .evidenceWithdraw(enterprise: .key, department: .key, file: .key)), enterers) { request, context in
            let access = try await load(env, context)
            _ = try await FormFields.read(request, context: context)
            guard let id = UUID(uuidString: try context.parameters.require("file")) else { throw HTTPError(.notFound, message: "证据文件不存在") }
            do {
                try await env.workflow.withdrawEvidence(id, of: access)
            } catch let error as StoreError {
                if case .conflict = error { return try await page(env, context, access, evidenceError: error.description, status: .conflict) }
                throw error
            }
            return ViewRenderer.redirect(access.path + "?done=withdrawn#evidence")
        }

        routes.get(SiteURL.task(.key, .evidenceFile(enterprise: .key, department: .key, file: .key)), readers) { _, context in
            let access = try await load(env, context)
            guard let id = UUID(uuidString: try context.parameters.require("file")) else { throw HTTPError(.notFound, message: "证据文件不存在") }
            let (file, data) = try await env.workflow.evidenceFile(id, of: access)
            return StoredFileDownload.response(file, data: data, fallbackStem: "evidence")
        }

        routes.get("/results/deadlines", deadlineReaders) { _, context in
            let principal = context.principal
            let data = try await ResultDeadlines.page(try await env.workflow.resultDeadlines(for: principal), principal: principal, env: env)
            return env.views.page("result-deadlines", title: "检查结果期限", context: context, data: data)
        }
    }

    static let doneMessages = [
        "saved": "草稿已保存。", "submitted": "检查结果已提交，等待部门管理员审核公示。", "approved": "已审核，检查结果将在公示页面公开。",
        "corrected": "更正已保存并记入审计日志。", "uploaded": "证据文件已上传。",
        "withdrawn": "证据文件已撤回，撤回记录已记入审计日志。",
    ]

    /// Renders the page. `input` (with its raw date text) is what was just posted and is shown
    /// instead of the stored result, so a refused form comes back as typed.
    static func page(_ env: WebEnvironment, _ context: SignedInContext, _ access: ResultAccess, result: InspectionResult? = nil,
                     input: ResultInput? = nil, dateText: String? = nil, problems: [TaskPlanProblem] = [], message: String? = nil,
                     evidenceError: String? = nil, correcting: Bool = false, reason: String = "", done: String? = nil,
                     status: HTTPResponse.Status = .ok) async throws -> Response {
        var stored = result
        if stored == nil { stored = try await env.workflow.storedResult(of: access) }
        let evidence = try await env.workflow.evidence(of: access)
        let editable = access.mayEdit(stored)
        let shown = (editable || correcting) ? (input ?? stored?.input) : (stored?.input ?? input)
        let people = try await env.workflow.peopleNames([stored?.submittedBy, stored?.approvedBy].compactMap { $0 } + evidence.map(\.uploadedBy))
        var data = ResultFormat.page(access, today: env.today, result: stored, input: shown, dateText: (editable || correcting) ? dateText : nil,
                                     problems: problems, evidence: evidence, editable: editable, correcting: correcting, people: people)
        data["reason"] = reason
        if access.isDepartmentAdmin && editable {
            let absent = try await env.workflow.membersWithoutLogin(access)
            if !absent.isEmpty {
                data["onBehalfNote"] = "本组执法人员\(absent.joined(separator: "、"))没有登录账号，由您（\(access.principal.displayName)，部门管理员）代为录入；保存和提交记录在您的名下。"
            }
        }
        if let message { data["message"] = message }
        if let evidenceError { data["evidenceError"] = evidenceError }
        if let done { data["done"] = done }
        data["hub"] = try await TaskHub.data(access.task, for: access.principal, current: .forms, env: env)
        return env.views.page("result-entry", title: "检查结果 · \(access.form.enterprise.name)", context: context, data: data, status: status)
    }

    /// Links from the 一企一表 page: per department with a team, 录入 for who may enter, 查看
    /// for who may only look; each with the result's state.
    static func entryLinks(_ principal: Principal, task: TaskInfo, form: InspectionForm, env: WebEnvironment) async throws -> [[String: Any]] {
        try await env.workflow.resultLinks(task: task, form: form, for: principal).map { link in
            [
                "href": SiteURL.task(task.id, .result(enterprise: .init(form.enterprise.uscc), department: .init(link.part.department))).path,
                "label": (link.enters ? "录入检查结果" : "查看检查结果") + "（\(link.part.departmentName)）",
                "status": link.status?.label ?? "未录入",
            ]
        }
    }

    /// The office dashboard's 进度 block: per task and department drawn / inspected / submitted /
    /// published; nil when no task is matched or under inspection.
    static func progress(_ env: WebEnvironment, principal: Principal) async throws -> [String: Any]? {
        let rows = try await env.workflow.resultProgress(for: principal)
        guard !rows.isEmpty else { return nil }
        let names = try await TaskController.departmentNames(env)
        return ["rows": rows.map { row -> [String: Any] in
            ["taskID": row.taskID, "taskURL": SiteURL.task(row.taskID).path, "documentNumber": row.documentNumber, "state": row.state.label,
             "department": names[row.department] ?? row.department, "drawn": row.drawn, "inspected": row.inspected,
             "submitted": row.submitted, "published": row.published, "complete": row.drawn > 0 && row.published == row.drawn]
        }]
    }

    /// The part of a result URL, opened by the use case (which decides access before building the
    /// form, so a refused user learns nothing about the enterprise).
    static func load(_ env: WebEnvironment, _ context: SignedInContext) async throws -> ResultAccess {
        let principal = context.principal
        let id = try await env.workflow.taskID(TaskReference(try context.parameters.require("id")))
        return try await env.workflow.resultAccess(task: id, enterprise: USCC(rawValue: USCC.normalized(try context.parameters.require("uscc"))),
                                                   department: DepartmentCode(rawValue: try context.parameters.require("dept")), for: principal)
    }
}

extension ResultAccess {
    /// The page of this part.
    var path: String { SiteURL.task(task.id, .result(enterprise: .init(uscc), department: .init(department))).path }
}
