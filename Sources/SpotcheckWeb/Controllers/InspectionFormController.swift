import Foundation
import Hummingbird
import SpotcheckCore
import SpotcheckWorkflow
import SpotcheckStore

/// 一企一表: the list of a matched task's forms and the printable A4 form per enterprise; the
/// inspector's 我的检查任务 on the dashboard. Access rules in ``TaskFormAccess``.
enum InspectionFormController {
    static let readers = RoleGate.taskReaders

    static func register(_ routes: SecuredRoutes, _ env: WebEnvironment) {
        registerPrinting(routes, env)
        routes.get(SiteURL.task(.key, .forms), readers) { _, context in
            let principal = context.principal
            let (task, forms, scope) = try await env.workflow.forms(task: TaskReference(try context.parameters.require("id")), for: principal)
            let scopeNote = switch scope {
            case .wholeTask: ""
            case .department: "，以下为本部门参与检查的企业"
            case .ownTeams: "，以下为您所在检查组负责的企业"
            }
            let rows = forms.enumerated().map { InspectionFormFormat.summary($1, taskID: task.id, number: $0 + 1) }
            let names = try await env.workflow.departmentNames()
            let printPath = SiteURL.task(task.id, .printForms).path
            let printable = task.plan.departments.map(\.department).filter { code in
                principal.role.seesAllDepartments || code == principal.departmentCode
            }.filter { code in forms.contains { $0.teams.contains { $0.department == code } } }
            return env.views.page("inspection-forms", title: "一企一表 · \(task.documentNumber)", context: context, data: [
                "taskID": task.id, "url": TaskFormat.links(task.id, department: nil), "documentNumber": task.documentNumber, "title": task.title, "state": task.state.label,
                "forms": rows, "hasForms": !rows.isEmpty, "count": rows.count, "scopeNote": scopeNote,
                "canSeeGroups": principal.role != .inspector, "hub": try await TaskHub.data(task, for: principal, current: .forms, env: env),
                "printAll": printPath,
                "printDepartments": principal.role == .inspector ? [] : printable.map { code -> [String: Any] in
                    ["name": names[code] ?? code, "href": printPath + "?department=\(code)",
                     "count": forms.filter { $0.teams.contains { $0.department == code } }.count]
                },
            ])
        }

        routes.get(SiteURL.task(.key, .form(enterprise: .key)), readers) { request, context in
            let principal = context.principal
            let task = try await env.workflow.task(TaskReference(try context.parameters.require("id")), for: principal)
            let uscc = USCC(rawValue: USCC.normalized(try context.parameters.require("uscc")))
            let notice = request.uri.queryParameters.get("visit").flatMap { VisitController.doneMessages[$0] }
            return try await formPage(env, context, task: task, uscc: uscc, visit: .init(notice: notice))
        }
    }

    /// The 一企一表 page with its 约定检查时间 box; a refused proposal comes back with what was typed.
    static func formPage(_ env: WebEnvironment, _ context: SignedInContext, task: TaskInfo, uscc: USCC,
                         visit box: VisitController.BoxState, status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = context.principal
        // Access (department, team) is decided by the use case before the form is built.
        let form = try await env.workflow.form(task: TaskID(task.id), enterprise: uscc, for: principal)
        var data = InspectionFormFormat.form(form)
        data["pageIndex"] = 0
        data["pagesCSS"] = SiteURL.task(task.id, .printFormsCSS).path + "?uscc=" + form.enterprise.uscc
        data["resultLinks"] = try await ResultController.entryLinks(principal, task: task, form: form, env: env)
        data["hub"] = try await TaskHub.data(task, for: principal, current: .forms, env: env)
        let visitData = try await VisitController.box(env, principal: principal, task: task, form: form, state: box)
        if !visitData.isEmpty { data["visitBox"] = visitData }
        if let agreed = visitData["agreedVisit"] { data["agreedVisit"] = agreed }
        return env.views.page("inspection-form", title: "一企一表 · \(form.enterprise.name)", context: context, data: data, status: status)
    }

    /// The most forms one print document holds; a province prints by department.
    static let printLimit = 300

    /// The forms a batch print covers: every form the reader may see, or one department's, or
    /// (for a single form's page CSS) one enterprise's, in the list's order.
    static func printSelection(_ env: WebEnvironment, _ request: Request, _ context: SignedInContext) async throws
        -> (task: TaskInfo, forms: [InspectionForm], department: String?, truncated: Bool) {
        let principal = context.principal
        let (task, summaries, _) = try await env.workflow.forms(task: TaskReference(try context.parameters.require("id")), for: principal)
        let department = request.uri.queryParameters.get("department").flatMap { $0.isEmpty ? nil : String($0) }
        let uscc = request.uri.queryParameters.get("uscc").map { USCC.normalized(String($0)) }
        let chosen = summaries.filter { summary in
            (department.map { d in summary.teams.contains { $0.department == d } } ?? true) && (uscc.map { $0 == summary.uscc } ?? true)
        }
        var forms: [InspectionForm] = []
        for summary in chosen.prefix(printLimit) {
            forms.append(try await env.workflow.form(task: TaskID(task.id), enterprise: USCC(rawValue: summary.uscc), for: principal))
        }
        return (task, forms, department, chosen.count > printLimit)
    }

    /// A CSS string literal: quotes, backslashes, line breaks and `<` escaped, so a name from the
    /// directory can neither end the string nor the stylesheet.
    static func cssString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "<", ">": out += "\\" + String(scalar.value, radix: 16) + " "
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { out += "\\" + String(scalar.value, radix: 16) + " " } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }

    static func registerPrinting(_ routes: SecuredRoutes, _ env: WebEnvironment) {
        routes.get(SiteURL.task(.key, .printForms), readers) { request, context in
            let (task, forms, department, truncated) = try await printSelection(env, request, context)
            let names = try await env.workflow.departmentNames()
            let sheets: [[String: Any]] = forms.enumerated().map { index, form in
                var data = InspectionFormFormat.form(form)
                data["pageIndex"] = index
                return data
            }
            let query = department.map { "?department=\($0)" } ?? ""
            return env.views.page("inspection-forms-print", title: "一企一表 · \(task.documentNumber)\(department.map { " · " + (names[$0] ?? $0) } ?? "")", context: context, data: [
                "sheets": sheets, "count": sheets.count, "truncated": truncated, "limit": printLimit,
                "scope": department.map { (names[$0] ?? $0) + "参与检查的企业，" } ?? "",
                "url": TaskFormat.links(task.id, department: nil),
                "pagesCSS": SiteURL.task(task.id, .printFormsCSS).path + query,
            ])
        }

        routes.get(SiteURL.task(.key, .printFormsCSS), readers) { request, context in
            let (task, forms, _, _) = try await printSelection(env, request, context)
            var css = "/* Named pages: each 一企一表 carries its enterprise's name at the top of every printed page. */\n"
            for (index, form) in forms.enumerated() {
                let heading = "\(form.enterprise.name)（\(form.enterprise.uscc)）· 一企一表 · \(task.documentNumber)"
                css += ".page-e\(index) { page: e\(index); }\n"
                css += "@page e\(index) { @top-left { content: \(cssString(heading)); font-size: 9pt; } }\n"
            }
            return Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "private, no-store"],
                            body: .init(byteBuffer: ByteBuffer(string: css)))
        }
    }

    /// 我的检查任务 for the inspector's dashboard: the forms of the teams the inspector is on.
    static func dashboard(_ env: WebEnvironment, principal: Principal) async throws -> [String: Any] {
        let (code, assignments) = try await env.workflow.myForms(for: principal)
        let names = try await env.workflow.departmentNames()
        let rows = assignments.map { InspectionFormFormat.assignment($0, departmentNames: names) }
        return ["myForms": rows, "hasMyForms": !rows.isEmpty, "noInspectorCode": code.isEmpty]
    }
}
