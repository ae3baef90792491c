import Foundation
import Hummingbird
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// 工作总结 and the closing report (issue 16): each department's admin writes, attaches to and
/// submits its summary of a task; the office, the auditor and the lead department's admin see
/// every department's and who has not submitted; the office and the auditor print the task's
/// 总结报告 (A4, PDF through the browser's print), stamped with its generation time and digest.
enum SummaryController {
    static let doneMessages = ["saved": "工作总结已保存（草稿）。", "submitted": "工作总结已提交办公室。", "attached": "附件已上传。"]

    static func register(_ routes: SecuredRoutes, _ env: WebEnvironment) {
        routes.get(SiteURL.task(.key, .summaries), RoleGate.readers) { request, context in
            let id = try await env.workflow.taskID(TaskReference(try context.parameters.require("id")))
            let notice = request.uri.queryParameters.get("done").flatMap { doneMessages[$0] }
            return try await page(env, context, task: id, notice: notice, problem: nil, typed: nil)
        }

        routes.post(SiteURL.task(.key, .summary(department: .key)), RoleGate.departmentStep) { request, context in
            let id = try await env.workflow.taskID(TaskReference(try context.parameters.require("id")))
            let department = DepartmentCode(rawValue: try context.parameters.require("code"))
            let fields = try await FormFields.read(request, context: context)
            let content = SummaryStore.Content(experience: fields.first("experience") ?? "", problems: fields.first("problems") ?? "",
                                               suggestions: fields.first("suggestions") ?? "")
            do {
                try await env.workflow.saveSummary(task: id, department: department, content, by: context.principal)
            } catch let error as StoreError where !error.isNotFound {
                return try await page(env, context, task: id, notice: nil, problem: error.description, typed: content,
                                      status: error.isConflict ? .conflict : .badRequest)
            }
            return ViewRenderer.redirect(SiteURL.task(id.rawValue, .summaries).path + "?done=saved#mine")
        }

        routes.post(SiteURL.task(.key, .submitSummary(department: .key)), RoleGate.departmentStep) { _, context in
            let id = try await env.workflow.taskID(TaskReference(try context.parameters.require("id")))
            let department = DepartmentCode(rawValue: try context.parameters.require("code"))
            do {
                try await env.workflow.submitSummary(task: id, department: department, by: context.principal)
            } catch let error as StoreError where !error.isNotFound {
                return try await page(env, context, task: id, notice: nil, problem: error.description, typed: nil,
                                      status: error.isConflict ? .conflict : .badRequest)
            }
            return ViewRenderer.redirect(SiteURL.task(id.rawValue, .summaries).path + "?done=submitted#mine")
        }

        routes.post(SiteURL.task(.key, .summaryFiles(department: .key)), RoleGate.departmentStep) { request, context in
            let id = try await env.workflow.taskID(TaskReference(try context.parameters.require("id")))
            let department = DepartmentCode(rawValue: try context.parameters.require("code"))
            var request = request
            let body = try await request.collectBody(upTo: context.bodyLimit)
            let upload = try MultipartForm(body: Data(buffer: body), contentType: request.headers[.contentType] ?? "")
            guard let file = upload.part("file"), !file.data.isEmpty else {
                return try await page(env, context, task: id, notice: nil, problem: "请选择要上传的附件", typed: nil, status: .badRequest)
            }
            do {
                try await env.workflow.attachSummaryFile(task: id, department: department, fileName: file.fileName ?? "附件",
                                                         data: file.data, by: context.principal)
            } catch let error as StoreError where !error.isNotFound {
                return try await page(env, context, task: id, notice: nil, problem: error.description, typed: nil,
                                      status: error.isConflict ? .conflict : .badRequest)
            }
            return ViewRenderer.redirect(SiteURL.task(id.rawValue, .summaries).path + "?done=attached#mine")
        }

        routes.get(SiteURL.task(.key, .summaryFile(.key)), RoleGate.readers) { _, context in
            let id = try await env.workflow.taskID(TaskReference(try context.parameters.require("id")))
            guard let fileID = UUID(uuidString: try context.parameters.require("file")) else { throw HTTPError(.notFound, message: "附件不存在") }
            let (file, data) = try await env.workflow.summaryFile(task: id, file: fileID, for: context.principal)
            return StoredFileDownload.response(file, data: data, fallbackStem: "attachment")
        }

        routes.get(SiteURL.task(.key, .report), RoleGate.oversight) { _, context in
            let id = try await env.workflow.taskID(TaskReference(try context.parameters.require("id")))
            let report = try await env.workflow.closingReport(task: id, for: context.principal)
            return env.views.page("closing-report", title: "总结报告 · \(report.facts.documentNumber)", context: context,
                                  data: reportData(report, generatedAt: env.workflow.clock.now(), taskID: id.rawValue))
        }
    }

    static func page(_ env: WebEnvironment, _ context: SignedInContext, task id: TaskID, notice: String?, problem: String?,
                     typed: SummaryStore.Content?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = context.principal
        let board = try await env.workflow.summaryBoard(task: id, for: principal)
        let names = try await env.workflow.departmentNames()
        let people = try await env.workflow.peopleNames(board.parts.compactMap { $0.summary?.submittedBy ?? $0.summary?.savedBy })
        let task = board.task
        let open = TaskState.withTeams.contains(task.state)
        let parts = board.parts.map { part -> [String: Any] in
            let s = part.summary
            let mine = principal.role == .deptAdmin && part.department == principal.departmentCode
            let editable = mine && open && !part.submitted
            return [
                "code": part.department, "name": names[part.department] ?? part.department, "mine": mine, "editable": editable,
                "submitted": part.submitted, "hasText": s != nil,
                "status": part.submitted ? "已提交" : s == nil ? "未填写" : "草稿（未提交）",
                "submittedAt": s?.submittedAt.map(DisplayDate.format) ?? "", "savedAt": s.map { DisplayDate.format($0.savedAt) } ?? "",
                "by": (s?.submittedBy ?? s?.savedBy).map { people[$0] ?? $0 } ?? "",
                "experience": (editable ? typed?.experience : nil) ?? s?.experience ?? "",
                "problems": (editable ? typed?.problems : nil) ?? s?.problems ?? "",
                "suggestions": (editable ? typed?.suggestions : nil) ?? s?.suggestions ?? "",
                "saveURL": SiteURL.task(task.id, .summary(department: .init(part.department))).path,
                "submitURL": SiteURL.task(task.id, .submitSummary(department: .init(part.department))).path,
                "filesURL": SiteURL.task(task.id, .summaryFiles(department: .init(part.department))).path,
                "files": part.files.map { ["name": $0.fileName, "size": EvidenceStore.megabytes($0.size), "sha": String($0.sha256.prefix(16)),
                                           "href": SiteURL.task(task.id, .summaryFile(.init($0.id.uuidString))).path] as [String: Any] },
                "hasFiles": !part.files.isEmpty,
            ]
        }
        var data: [String: Any] = [
            "documentNumber": task.documentNumber, "title": task.title, "url": TaskFormat.links(task.id, department: nil),
            "parts": parts, "open": open, "maxLength": SummaryStore.maxText,
            "seesAll": AccessPolicy.seesWholeTask(principal, task),
            "missing": board.notSubmitted.map { names[$0] ?? $0 }.joined(separator: "、"), "allSubmitted": board.notSubmitted.isEmpty,
            "canReport": principal.role.seesAllDepartments && open, "reportURL": SiteURL.task(task.id, .report).path,
            "hub": try await TaskHub.data(task, for: principal, current: .summaries, env: env),
        ]
        if let notice { data["notice"] = notice }
        if let problem { data["problem"] = problem }
        return env.views.page("summaries", title: "工作总结 · \(task.documentNumber)", context: context, data: data, status: status)
    }

    static func reportData(_ report: Workflow.ClosingReport, generatedAt: Date, taskID: Int) -> [String: Any] {
        let table = report.statistics
        let departmentNames = report.facts.departments
        return [
            "facts": [
                "documentNumber": report.facts.documentNumber, "title": report.facts.title, "period": report.facts.period,
                "state": report.facts.state, "lead": report.facts.lead, "departments": report.facts.departments.joined(separator: "、"),
                "planOrigin": report.facts.planOrigin,
            ] as [String: Any],
            "draw": report.draw.map { d in
                ["commitment": d.commitment, "entropy": d.entropy, "drawnOn": d.drawnOn, "record": d.recordSHA256,
                 "selected": d.selected, "replaced": d.replaced] as [String: Any]
            } as Any,
            "hasDraw": report.draw != nil,
            "columns": StatisticsTable.columnTitles,
            "rows": (table.rows + [table.total]).map { ["unit": $0.unit, "values": $0.values] as [String: Any] },
            "dispositionDepartments": departmentNames,
            "dispositions": report.dispositions.map { d in
                ["kind": d.kind, "counts": departmentNames.map { d.byDepartment[$0] ?? 0 }, "total": d.total] as [String: Any]
            },
            "summaries": report.summaries.map { s in
                ["department": s.department, "submitted": s.submitted, "experience": s.experience, "problems": s.problems,
                 "suggestions": s.suggestions, "attachments": s.attachments, "hasAttachments": !s.attachments.isEmpty] as [String: Any]
            },
            "enterprises": report.enterprises.enumerated().map { index, e in
                ["number": index + 1, "name": e.name, "uscc": e.uscc, "results": e.results] as [String: Any]
            },
            "enterpriseCount": report.enterprises.count,
            "generatedAt": DisplayDate.format(generatedAt), "digest": report.digest, "digestShort": String(report.digest.prefix(16)),
            "backURL": SiteURL.task(taskID, .summaries).path,
        ]
    }
}
