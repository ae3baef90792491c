import Foundation
import Hummingbird
import SpotcheckCore
import SpotcheckWorkflow
import SpotcheckStore

/// 后续处置 (product step 9): per task, the dispositions of findings — 行政指导, 责令改正,
/// 应列入经营异常名录, 立案调查, 移送 — each with a status and its history.
///
/// Who sees what: the office and the auditor see every disposition of the task; a department
/// admin sees its own and those transferred (移送其他部门) to it, even from a task it does not take
/// part in. The office and a department admin add and move dispositions on (the department its
/// own and its incoming ones); the auditor only reads. Linked from the result page as
/// `/tasks/{id}/dispositions?uscc=…&dept=…`, which preselects the form's enterprise.
enum DispositionController {
    static let readers = RoleGate.readers
    static let writers = RoleGate.managers

    struct Problem: Error { let message: String }

    static func register(_ routes: SecuredRoutes, _ env: WebEnvironment) {
        routes.get(SiteURL.task(.key, .dispositions), readers) { request, context in
            let (principal, id) = try await load(env, context)
            let query = request.uri.queryParameters
            return try await page(env, context: context, principal: principal, task: id,
                                  form: ["uscc": query.get("uscc") ?? "", "department": query.get("dept") ?? ""], problem: nil,
                                  notice: query.get("done").flatMap { doneMessages[$0] })
        }

        routes.post(SiteURL.task(.key, .dispositions), writers) { request, context in
            let (principal, id) = try await load(env, context)
            let fields = try await FormFields.read(request, context: context)
            var form: [String: String] = [:]
            for name in ["kind", "form", "target_department", "reason", "decided_on", "due_on", "note"] {
                form[name] = fields.text(name)
            }
            // The enterprise select sends "<department>|<uscc>": one option per department's enterprise.
            let choice = fields.text("enterprise").split(separator: "|", maxSplits: 1).map(String.init)
            form["department"] = choice.first ?? ""
            form["uscc"] = choice.count > 1 ? choice[1] : ""
            let department = principal.role == .deptAdmin ? principal.departmentCode : form["department"] ?? ""
            do {
                guard !(form["uscc"] ?? "").isEmpty, !department.isEmpty else { throw Problem(message: "请选择本部门检查的企业") }
                guard let kind = DispositionKind(rawValue: form["kind"] ?? "") else { throw Problem(message: "请选择处置方式") }
                guard let decided = CivilDate(form["decided_on"] ?? "") else { throw Problem(message: "请填写决定日期（YYYY-MM-DD）") }
                var due: CivilDate?
                if let text = form["due_on"], !text.isEmpty {
                    guard let date = CivilDate(text) else { throw Problem(message: "期限日期格式应为 YYYY-MM-DD") }
                    due = date
                }
                let added = try await env.workflow.addDisposition(
                    task: id, enterprise: USCC(rawValue: form["uscc"] ?? ""), department: DepartmentCode(rawValue: department), kind: kind,
                    form: form["form"] ?? "", targetDepartment: form["target_department"], reason: form["reason"] ?? "",
                    decidedOn: decided, dueOn: due, note: form["note"] ?? "", by: principal)
                return ViewRenderer.redirect(SiteURL.task(id.rawValue, .dispositions).path + "?done=added#d\(added.id)")
            } catch let problem as Problem {
                return try await page(env, context: context, principal: principal, task: id, form: form, problem: problem.message,
                                      notice: nil, status: .badRequest)
            } catch let error as InputInvalid {
                return try await page(env, context: context, principal: principal, task: id, form: form,
                                      problem: error.problems.map(\.message).joined(separator: "；"), notice: nil, status: .badRequest)
            } catch let error as StoreError {
                return try await page(env, context: context, principal: principal, task: id, form: form, problem: error.description,
                                      notice: nil, status: error.isNotFound ? .notFound : .badRequest)
            }
        }

        routes.post(SiteURL.task(.key, .disposition(.key)), writers) { request, context in
            let (principal, id) = try await load(env, context)
            guard let number = Int(try context.parameters.require("did")) else {
                throw HTTPError(.notFound, message: "没有这个处置（或无权办理）")
            }
            let fields = try await FormFields.read(request, context: context)
            let status = DispositionStatus(rawValue: fields.text("status")) ?? .open
            var closed: CivilDate?
            if status == .closed, !fields.text("closed_on").isEmpty {
                closed = CivilDate(fields.text("closed_on"))
                if closed == nil {
                    return try await page(env, context: context, principal: principal, task: id, form: [:],
                                          problem: "完结日期格式应为 YYYY-MM-DD", notice: nil, status: .badRequest)
                }
            }
            do {
                try await env.workflow.updateDisposition(task: id, disposition: number, status: status, note: fields.text("note"),
                                                         closedOn: closed, by: principal)
            } catch let error as StoreError where !error.isNotFound {
                return try await page(env, context: context, principal: principal, task: id, form: [:],
                                      problem: "处置 #\(number)：\(error.description)", notice: nil, status: .badRequest)
            }
            return ViewRenderer.redirect(SiteURL.task(id.rawValue, .dispositions).path + "?done=updated#d\(number)")
        }
    }

    static let doneMessages = ["added": "处置已登记。", "updated": "办理情况已记录。"]

    /// Who asks and the task's id (a 文号 resolved once); the use cases decide access.
    static func load(_ env: WebEnvironment, _ context: SignedInContext) async throws -> (Principal, TaskID) {
        let principal = context.principal
        return (principal, try await env.workflow.taskID(TaskReference(try context.parameters.require("id"))))
    }

    static func page(_ env: WebEnvironment, context: SignedInContext, principal: Principal, task id: TaskID,
                     form: [String: String], problem: String?, notice: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let board = try await env.workflow.dispositionBoard(task: id, for: principal)
        let task = board.task
        let names = try await TaskController.departmentNames(env)
        let people = try await env.workflow.peopleNames(board.entries.flatMap { [$0.disposition.createdBy] + $0.history.map(\.actor) })
        var preselected = false
        let choices = board.choices.map { choice -> [String: Any] in
            let wanted = form["department"] ?? ""
            let selected = !preselected && form["uscc"] == choice.uscc && (wanted.isEmpty || wanted == choice.department)
            if selected { preselected = true }
            return ["value": "\(choice.department)|\(choice.uscc)", "uscc": choice.uscc, "department": choice.department, "selected": selected,
                    "label": "\(names[choice.department] ?? choice.department) · \(choice.enterpriseName)（\(choice.uscc)）"]
        }
        let items = board.entries.map { entry -> [String: Any] in
            let d = entry.disposition
            return [
                "id": d.id, "updateURL": SiteURL.task(task.id, .disposition(.init(String(d.id)))).path, "uscc": d.uscc, "enterprise": entry.enterpriseName,
                "department": names[d.department] ?? d.department, "kind": d.kind.label, "form": d.form, "hasForm": !d.form.isEmpty,
                "target": d.targetDepartment.map { names[$0] ?? $0 } ?? "", "hasTarget": d.targetDepartment != nil,
                "incoming": principal.role == .deptAdmin && d.targetDepartment == principal.departmentCode,
                "reason": d.reason, "decidedOn": d.decidedOn.chineseText, "dueOn": d.dueOn?.chineseText ?? "",
                "overdue": d.status == .open && (d.dueOn.map { $0 < env.today } ?? false),
                "closedOn": d.closedOn?.chineseText ?? "", "note": d.note, "status": d.status.label, "open": d.status == .open,
                "createdBy": people[d.createdBy] ?? d.createdBy, "canUpdate": entry.mayUpdate, "today": env.today.description,
                "history": entry.history.map { ["status": $0.status.label, "note": $0.note, "actor": people[$0.actor] ?? $0.actor, "at": DisplayDate.format($0.at)] },
            ]
        }
        let matched = board.matched
        let selectedKind = form["kind"] ?? ""
        var data: [String: Any] = [
            "taskID": task.id, "url": TaskFormat.links(task.id, department: nil), "documentNumber": task.documentNumber, "title": task.title,
            "dispositions": items, "empty": items.isEmpty, "matched": matched,
            "canAdd": matched && !choices.isEmpty,
            "choices": choices,
            "kinds": DispositionKind.allCases.map { ["value": $0.rawValue, "label": $0.label, "selected": $0.rawValue == selectedKind] as [String: Any] },
            "guidanceForms": DispositionKind.guidanceForms.map { ["value": $0, "selected": $0 == form["form"]] as [String: Any] },
            "targets": board.departments.map { dept -> [String: Any] in
                ["value": dept.code, "label": dept.name, "selected": dept.code == form["target_department"]]
            },
            "reason": form["reason"] ?? "", "note": form["note"] ?? "",
            "decidedOn": (form["decided_on"].flatMap { $0.isEmpty ? nil : $0 }) ?? env.today.description, "dueOn": form["due_on"] ?? "",
            "isDeptAdmin": principal.role == .deptAdmin,
        ]
        if let problem { data["problem"] = problem }
        if let notice { data["notice"] = notice }
        data["hub"] = try await TaskHub.data(task, for: principal, current: .dispositions, env: env)
        return env.views.page("dispositions", title: "后续处置 · \(task.documentNumber)", context: context, data: data, status: status)
    }
}
