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
        routes.get("/tasks/{id}/forms", readers) { _, context in
            let principal = try context.requirePrincipal()
            let store = TaskStore(db: env.db)
            let task = try await env.workflow.task(TaskReference(try context.parameters.require("id")), for: principal)
            try AccessPolicy.requireParticipant(principal, task)
            var forms = try await store.forms(taskID: task.id)
            var scopeNote = ""
            if !AccessPolicy.seesWholeTask(principal, task) {
                switch principal.role {
                case .deptAdmin:
                    forms = forms.filter { $0.teams.contains { $0.department == principal.departmentCode } }
                    scopeNote = "，以下为本部门参与检查的企业"
                default:
                    let code = try await env.workflow.inspectorCode(of: principal)
                    let mine = Set(try await store.formsForInspector(code: code).filter { $0.taskID == task.id }.map(\.uscc))
                    forms = forms.filter { mine.contains($0.uscc) }
                    scopeNote = "，以下为您所在检查组负责的企业"
                }
            }
            let rows = forms.enumerated().map { InspectionFormFormat.summary($1, taskID: task.id, number: $0 + 1) }
            return env.views.page("inspection-forms", title: "一企一表 · \(task.documentNumber)", context: context, data: [
                "taskID": task.id, "documentNumber": task.documentNumber, "title": task.title, "state": task.state.label,
                "forms": rows, "hasForms": !rows.isEmpty, "count": rows.count, "scopeNote": scopeNote,
                "canSeeGroups": principal.role != .inspector,
            ])
        }

        routes.get("/tasks/{id}/forms/{uscc}", readers) { _, context in
            let principal = try context.requirePrincipal()
            let store = TaskStore(db: env.db)
            let task = try await env.workflow.task(TaskReference(try context.parameters.require("id")), for: principal)
            try AccessPolicy.requireParticipant(principal, task)
            let uscc = try context.parameters.require("uscc")
            // Access is decided before the form is built, so a refused user learns nothing about it.
            if principal.role == .inspector {
                let code = try await env.workflow.inspectorCode(of: principal)
                guard try await store.isAssigned(inspector: code, taskID: task.id, uscc: uscc) else {
                    throw HTTPError(.forbidden, message: "您不在该企业的检查组中")
                }
            }
            let form = try await store.form(taskID: task.id, uscc: uscc)
            if principal.role == .deptAdmin && !AccessPolicy.seesWholeTask(principal, task)
                && !form.departments.contains(where: { $0.department == principal.departmentCode && $0.teamIndex != nil }) {
                throw HTTPError(.forbidden, message: "本部门未参与该企业的检查")
            }
            var data = InspectionFormFormat.form(form)
            data["resultLinks"] = try await ResultController.entryLinks(principal, task: task, form: form, env: env)
            return env.views.page("inspection-form", title: "一企一表 · \(form.enterprise.name)", context: context, data: data)
        }
    }

    /// 我的检查任务 for the inspector's dashboard: the forms of the teams the inspector is on.
    static func dashboard(_ env: WebEnvironment, principal: Principal) async throws -> [String: Any] {
        let code = try await env.workflow.inspectorCode(of: principal)
        let assignments = try await TaskStore(db: env.db).formsForInspector(code: code)
        let names = Dictionary(try await DepartmentRepository(db: env.db).all().map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let rows = assignments.map { InspectionFormFormat.assignment($0, departmentNames: names) }
        return ["myForms": rows, "hasMyForms": !rows.isEmpty, "noInspectorCode": code.isEmpty]
    }
}
