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
    static let base = "/tasks/{id}/forms/{uscc}/results/{dept}"

    static func register(_ routes: SecuredRoutes, _ env: WebEnvironment) {
        routes.get(base, readers) { request, context in
            let access = try await ResultAccess.load(env, context)
            let result = try await access.results.find(taskID: access.task.id, uscc: access.uscc, department: access.department)
            let correcting = request.uri.queryParameters.get("correct") == "1" && access.mayCorrect(result)
            let done = request.uri.queryParameters.get("done").flatMap { doneMessages[$0] }
            return try await page(env, context, access, result: result, correcting: correcting, done: done)
        }

        routes.post(base, enterers) { request, context in
            let access = try await ResultAccess.load(env, context)
            try access.requireEnter()
            let fields = try await FormFields.read(request, context: context)
            let (input, dateText, dateProblems) = ResultFormat.input(fields, items: access.part.items, today: access.today)
            let submitting = fields.first("action") == "submit"
            let actor = AuditLog.Actor(access.principal.username)
            let key = (taskID: access.task.id, uscc: access.uscc, department: access.department)
            do {
                if submitting {
                    let problems = dateProblems + input.submissionProblems()
                    guard problems.isEmpty else {
                        return try await page(env, context, access, result: nil, input: input, dateText: dateText, problems: problems,
                                              status: .unprocessableContent)
                    }
                    try await access.results.submit(taskID: key.taskID, uscc: key.uscc, department: key.department, input: input, actor: actor)
                } else {
                    guard dateProblems.isEmpty else {
                        return try await page(env, context, access, result: nil, input: input, dateText: dateText, problems: dateProblems,
                                              status: .unprocessableContent)
                    }
                    try await access.results.saveDraft(taskID: key.taskID, uscc: key.uscc, department: key.department, input: input, actor: actor)
                }
            } catch let error as ResultInvalid {
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

        routes.post(base + "/approve", .departmentStep) { _, context in
            let access = try await ResultAccess.load(env, context)
            try access.requireDepartmentAdmin()
            do {
                try await access.results.approve(taskID: access.task.id, uscc: access.uscc, department: access.department,
                                                 actor: .init(access.principal.username))
            } catch let error as StoreError where !error.isNotFound {
                return try await page(env, context, access, message: error.description, status: .conflict)
            }
            return ViewRenderer.redirect(access.path + "?done=approved")
        }

        routes.post(base + "/correct", .departmentStep) { request, context in
            let access = try await ResultAccess.load(env, context)
            try access.requireDepartmentAdmin()
            let fields = try await FormFields.read(request, context: context)
            let (input, dateText, dateProblems) = ResultFormat.input(fields, items: access.part.items, today: access.today)
            let reason = fields.text("reason")
            func again(_ problems: [TaskPlanProblem], message: String? = nil, status: HTTPResponse.Status) async throws -> Response {
                try await page(env, context, access, result: nil, input: input, dateText: dateText, problems: problems, message: message,
                               correcting: true, reason: reason, status: status)
            }
            guard dateProblems.isEmpty else { return try await again(dateProblems, status: .unprocessableContent) }
            do {
                try await access.results.correct(taskID: access.task.id, uscc: access.uscc, department: access.department, input: input,
                                                 reason: reason, actor: .init(access.principal.username))
            } catch let error as ResultInvalid {
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

        routes.post(base + "/evidence", enterers) { request, context in
            let access = try await ResultAccess.load(env, context)
            try access.requireEnter()
            let result = try await access.results.find(taskID: access.task.id, uscc: access.uscc, department: access.department)
            guard access.isDepartmentAdmin || result == nil || result?.status == .draft else {
                throw HTTPError(.conflict, message: "检查结果已提交，补充证据须由部门管理员办理")
            }
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
                try await EvidenceStore(db: env.db).add(taskID: access.task.id, uscc: access.uscc, department: access.department,
                                                        fileName: file.fileName ?? "", data: file.data, actor: .init(access.principal.username))
            } catch let error as TaskTransitionError {
                throw HTTPError(.conflict, message: error.description)
            } catch let error as StoreError where !error.isNotFound {
                return try await page(env, context, access, evidenceError: error.description, status: .unprocessableContent)
            }
            return ViewRenderer.redirect(access.path + "?done=uploaded#evidence")
        }

        routes.get(base + "/evidence/{file}", readers) { _, context in
            let access = try await ResultAccess.load(env, context)
            guard let id = UUID(uuidString: try context.parameters.require("file")),
                  let (file, data) = try await EvidenceStore(db: env.db).fetch(id: id),
                  file.taskID == access.task.id, file.uscc == access.uscc, file.department == access.department
            else { throw HTTPError(.notFound, message: "证据文件不存在") }
            let fallback = "evidence." + (file.contentType == "application/pdf" ? "pdf" : file.contentType == "image/png" ? "png" : "jpg")
            let encoded = file.fileName.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? fallback
            return Response(status: .ok, headers: [
                .contentType: file.contentType,
                .contentDisposition: "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)",
                .cacheControl: "private, no-store",
            ], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }

        routes.get("/results/deadlines", deadlineReaders) { _, context in
            let principal = try context.requirePrincipal()
            let department = principal.role.seesAllDepartments ? nil : principal.departmentCode
            let data = try await ResultDeadlines.page(env, department: department, today: env.today)
            return env.views.page("result-deadlines", title: "检查结果期限", context: context, data: data)
        }
    }

    static let doneMessages = [
        "saved": "草稿已保存。", "submitted": "检查结果已提交，等待部门管理员审核公示。", "approved": "已审核，检查结果将在公示页面公开。",
        "corrected": "更正已保存并记入审计日志。", "uploaded": "证据文件已上传。",
    ]

    /// Renders the page. `input` (with its raw date text) is what was just posted and is shown
    /// instead of the stored result, so a refused form comes back as typed.
    static func page(_ env: WebEnvironment, _ context: AppRequestContext, _ access: ResultAccess, result: InspectionResult? = nil,
                     input: ResultInput? = nil, dateText: String? = nil, problems: [TaskPlanProblem] = [], message: String? = nil,
                     evidenceError: String? = nil, correcting: Bool = false, reason: String = "", done: String? = nil,
                     status: HTTPResponse.Status = .ok) async throws -> Response {
        var stored = result
        if stored == nil { stored = try await access.results.find(taskID: access.task.id, uscc: access.uscc, department: access.department) }
        let evidence = try await EvidenceStore(db: env.db).list(taskID: access.task.id, uscc: access.uscc, department: access.department)
        let editable = access.mayEdit(stored)
        let shown = (editable || correcting) ? (input ?? stored?.input) : (stored?.input ?? input)
        var data = ResultFormat.page(access, result: stored, input: shown, dateText: (editable || correcting) ? dateText : nil,
                                     problems: problems, evidence: evidence, editable: editable, correcting: correcting)
        data["reason"] = reason
        if let message { data["message"] = message }
        if let evidenceError { data["evidenceError"] = evidenceError }
        if let done { data["done"] = done }
        return env.views.page("result-entry", title: "检查结果 · \(access.form.enterprise.name)", context: context, data: data, status: status)
    }

    /// Links from the 一企一表 page: per department with a team, 录入 for who may enter, 查看
    /// for who may only look; each with the result's state.
    static func entryLinks(_ principal: Principal, task: TaskInfo, form: InspectionForm, env: WebEnvironment) async throws -> [[String: Any]] {
        let code = try await env.workflow.inspectorCode(of: principal)
        let results = ResultStore(db: env.db)
        var links: [[String: Any]] = []
        for part in form.departments where part.teamIndex != nil {
            let enters = (principal.role == .inspector && !code.isEmpty && part.team.contains { $0.code == code })
                || (principal.role == .deptAdmin && principal.departmentCode == part.department)
            let looks = AccessPolicy.seesWholeTask(principal, task)
            guard enters || looks else { continue }
            let result = try await results.find(taskID: task.id, uscc: form.enterprise.uscc, department: part.department)
            links.append([
                "href": "/tasks/\(task.id)/forms/\(form.enterprise.uscc)/results/\(part.department)",
                "label": (enters ? "录入检查结果" : "查看检查结果") + "（\(part.departmentName)）",
                "status": result?.status.label ?? "未录入",
            ])
        }
        return links
    }

    /// The office dashboard's 进度 block: per task and department drawn / inspected / submitted /
    /// published; nil when no task is matched or under inspection.
    static func progress(_ env: WebEnvironment, department: String? = nil) async throws -> [String: Any]? {
        let rows = try await ResultStore(db: env.db).progress(department: department)
        guard !rows.isEmpty else { return nil }
        let names = try await TaskController.departmentNames(env)
        return ["rows": rows.map { row -> [String: Any] in
            ["taskID": row.taskID, "documentNumber": row.documentNumber, "state": row.state.label,
             "department": names[row.department] ?? row.department, "drawn": row.drawn, "inspected": row.inspected,
             "submitted": row.submitted, "published": row.published, "complete": row.drawn > 0 && row.published == row.drawn]
        }]
    }
}

/// The principal, task, form and department part of a result URL, with what the principal may do.
struct ResultAccess {
    let principal: Principal
    let task: TaskInfo
    let form: InspectionForm
    let part: InspectionForm.DepartmentPart
    let results: ResultStore
    /// An inspector on the department's team for the enterprise, or the department's admin.
    let mayEnter: Bool
    let isDepartmentAdmin: Bool
    /// Today by the configured clock: deadlines and "not after today" checks.
    let today: CivilDate

    var uscc: String { form.enterprise.uscc }
    var department: String { part.department }
    var path: String { "/tasks/\(task.id)/forms/\(uscc)/results/\(department)" }
    var taskInspectable: Bool { task.state == .matched || task.state == .inspecting }

    /// Inspectors and the admin edit until submission.
    func mayEdit(_ result: InspectionResult?) -> Bool {
        mayEnter && taskInspectable && (result == nil || result?.status == .draft)
    }

    /// The department admin corrects a submitted or published result.
    func mayCorrect(_ result: InspectionResult?) -> Bool {
        isDepartmentAdmin && taskInspectable && result != nil && result?.status != .draft
    }

    func requireEnter() throws {
        guard mayEnter else { throw HTTPError(.forbidden, message: "只有本部门该企业检查组的检查人员和本部门管理员可以录入检查结果") }
    }

    func requireDepartmentAdmin() throws {
        guard isDepartmentAdmin else { throw HTTPError(.forbidden, message: "只有本部门管理员可以审核、更正本部门的检查结果") }
    }

    /// Access is decided before the form is built where possible, so a refused user learns
    /// nothing about the enterprise.
    static func load(_ env: WebEnvironment, _ context: AppRequestContext) async throws -> ResultAccess {
        let principal = try context.requirePrincipal()
        let store = TaskStore(db: env.db)
        let task = try await env.workflow.task(TaskReference(try context.parameters.require("id")), for: principal)
        try AccessPolicy.requireParticipant(principal, task)
        let uscc = try context.parameters.require("uscc")
        let department = try context.parameters.require("dept")
        var code = ""
        switch principal.role {
        case .inspector:
            code = try await env.workflow.inspectorCode(of: principal)
            guard try await store.isAssigned(inspector: code, taskID: task.id, uscc: uscc) else {
                throw HTTPError(.forbidden, message: "您不在该企业的检查组中")
            }
        case .deptAdmin:
            guard principal.departmentCode == department || AccessPolicy.seesWholeTask(principal, task) else {
                throw HTTPError(.forbidden, message: "只能查看本部门的检查结果")
            }
        case .officeAdmin, .auditor:
            break
        }
        let form = try await store.form(taskID: task.id, uscc: uscc)
        guard let part = form.departments.first(where: { $0.department == department && $0.teamIndex != nil }) else {
            throw HTTPError(.notFound, message: "该部门未检查这家企业")
        }
        let isAdmin = principal.role == .deptAdmin && principal.departmentCode == department
        let onTeam = principal.role == .inspector && part.team.contains { $0.code == code }
        if principal.role == .inspector && !onTeam {
            throw HTTPError(.forbidden, message: "您不在\(part.departmentName)对该企业的检查组中")
        }
        return ResultAccess(principal: principal, task: task, form: form, part: part, results: ResultStore(db: env.db),
                            mayEnter: onTeam || isAdmin, isDepartmentAdmin: isAdmin, today: env.today)
    }
}
