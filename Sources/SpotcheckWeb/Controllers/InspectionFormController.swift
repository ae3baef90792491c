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
        routes.get(SiteURL.task(.key, .forms), readers) { _, context in
            let principal = context.principal
            let (task, forms, scope) = try await env.workflow.forms(task: TaskReference(try context.parameters.require("id")), for: principal)
            let scopeNote = switch scope {
            case .wholeTask: ""
            case .department: "，以下为本部门参与检查的企业"
            case .ownTeams: "，以下为您所在检查组负责的企业"
            }
            let rows = forms.enumerated().map { InspectionFormFormat.summary($1, taskID: task.id, number: $0 + 1) }
            return env.views.page("inspection-forms", title: "一企一表 · \(task.documentNumber)", context: context, data: [
                "taskID": task.id, "url": TaskFormat.links(task.id, department: nil), "documentNumber": task.documentNumber, "title": task.title, "state": task.state.label,
                "forms": rows, "hasForms": !rows.isEmpty, "count": rows.count, "scopeNote": scopeNote,
                "canSeeGroups": principal.role != .inspector, "hub": TaskHub.data(task, for: principal, current: .forms),
            ])
        }

        routes.get(SiteURL.task(.key, .form(enterprise: .key)), readers) { _, context in
            let principal = context.principal
            let task = try await env.workflow.task(TaskReference(try context.parameters.require("id")), for: principal)
            // Access (department, team) is decided by the use case before the form is built.
            let uscc = USCC(rawValue: USCC.normalized(try context.parameters.require("uscc")))
            let form = try await env.workflow.form(task: TaskID(task.id), enterprise: uscc, for: principal)
            var data = InspectionFormFormat.form(form)
            data["resultLinks"] = try await ResultController.entryLinks(principal, task: task, form: form, env: env)
            data["hub"] = TaskHub.data(task, for: principal, current: .forms)
            return env.views.page("inspection-form", title: "一企一表 · \(form.enterprise.name)", context: context, data: data)
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
