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
        routes.get("/tasks/{id}/dispositions", readers) { request, context in
            let (principal, task) = try await load(env, context)
            let query = request.uri.queryParameters
            return try await page(env, context: context, principal: principal, task: task,
                                  form: ["uscc": query.get("uscc") ?? "", "department": query.get("dept") ?? ""], problem: nil,
                                  notice: query.get("done").flatMap { doneMessages[$0] })
        }

        routes.post("/tasks/{id}/dispositions", writers) { request, context in
            let (principal, task) = try await load(env, context)
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
                try AccessPolicy.requireManage(principal, department: department)
                guard !(form["uscc"] ?? "").isEmpty, task.plan.departments.contains(where: { $0.department == department }) else {
                    throw Problem(message: "请选择本部门检查的企业")
                }
                guard let kind = DispositionKind(rawValue: form["kind"] ?? "") else { throw Problem(message: "请选择处置方式") }
                guard let decided = CivilDate(form["decided_on"] ?? "") else { throw Problem(message: "请填写决定日期（YYYY-MM-DD）") }
                var due: CivilDate?
                if let text = form["due_on"], !text.isEmpty {
                    guard let date = CivilDate(text) else { throw Problem(message: "期限日期格式应为 YYYY-MM-DD") }
                    guard date >= decided else { throw Problem(message: "期限不能早于决定日期") }
                    due = date
                }
                let target = kind == .transferDepartment ? form["target_department"] : nil
                let id = try await DispositionStore(db: env.db).add(
                    taskID: task.id, uscc: form["uscc"] ?? "", department: department, kind: kind,
                    form: kind == .guidance ? form["form"] ?? "" : "", targetDepartment: target, reason: form["reason"] ?? "",
                    decidedOn: decided, dueOn: due, note: form["note"] ?? "", actor: .init(principal.username))
                return ViewRenderer.redirect("/tasks/\(task.id)/dispositions?done=added#d\(id)")
            } catch let problem as Problem {
                return try await page(env, context: context, principal: principal, task: task, form: form, problem: problem.message,
                                      notice: nil, status: .badRequest)
            } catch let error as StoreError {
                return try await page(env, context: context, principal: principal, task: task, form: form, problem: error.description,
                                      notice: nil, status: error.isNotFound ? .notFound : .badRequest)
            }
        }

        routes.post("/tasks/{id}/dispositions/{did}", writers) { request, context in
            let (principal, task) = try await load(env, context)
            guard let id = Int(try context.parameters.require("did")),
                  let disposition = try await DispositionStore(db: env.db).find(id: id), disposition.taskID == task.id,
                  mayUpdate(principal, disposition)
            else { throw HTTPError(.notFound, message: "没有这个处置（或无权办理）") }
            let fields = try await FormFields.read(request, context: context)
            let status = DispositionStatus(rawValue: fields.text("status")) ?? .open
            var closed: CivilDate?
            if status == .closed, !fields.text("closed_on").isEmpty {
                closed = CivilDate(fields.text("closed_on"))
                if closed == nil {
                    return try await page(env, context: context, principal: principal, task: task, form: [:],
                                          problem: "完结日期格式应为 YYYY-MM-DD", notice: nil, status: .badRequest)
                }
            }
            // A department admin acts for its own department: the owner or the receiving one.
            let acting = principal.role == .deptAdmin ? principal.departmentCode : disposition.department
            do {
                try await DispositionStore(db: env.db).update(id: id, department: acting, status: status, note: fields.text("note"),
                                                              closedOn: closed, actor: .init(principal.username))
            } catch let error as StoreError where !error.isNotFound {
                return try await page(env, context: context, principal: principal, task: task, form: [:],
                                      problem: "处置 #\(id)：\(error.description)", notice: nil, status: .badRequest)
            }
            return ViewRenderer.redirect("/tasks/\(task.id)/dispositions?done=updated#d\(id)")
        }
    }

    static let doneMessages = ["added": "处置已登记。", "updated": "办理情况已记录。"]

    /// The task and who asks; a department admin needs its department in the task, or a
    /// disposition of the task transferred to it.
    static func load(_ env: WebEnvironment, _ context: AppRequestContext) async throws -> (Principal, TaskInfo) {
        let principal = try context.requirePrincipal()
        let task = try await TaskStore(db: env.db).require(try context.parameters.require("id"))
        if principal.role == .deptAdmin {
            let participates = task.state != .draft && task.plan.departments.contains { $0.department == principal.departmentCode }
            if !participates {
                let incoming = try await DispositionStore(db: env.db).list(taskID: task.id, department: principal.departmentCode, incoming: true)
                guard !incoming.isEmpty else { throw HTTPError(.forbidden, message: "本部门未参与此任务，无权查看其处置") }
            }
        }
        return (principal, task)
    }

    /// The dispositions the principal may see: all for the office and the auditor; a department's
    /// own and its incoming transfers otherwise.
    static func visible(_ principal: Principal, taskID: Int, store: DispositionStore) async throws -> [DispositionStore.Disposition] {
        if principal.role.seesAllDepartments { return try await store.list(taskID: taskID) }
        let own = try await store.list(taskID: taskID, department: principal.departmentCode)
        let incoming = try await store.list(taskID: taskID, department: principal.departmentCode, incoming: true)
        return (own + incoming).sorted { $0.id < $1.id }
    }

    static func mayUpdate(_ principal: Principal, _ d: DispositionStore.Disposition) -> Bool {
        switch principal.role {
        case .officeAdmin: true
        case .deptAdmin: d.department == principal.departmentCode || d.targetDepartment == principal.departmentCode
        default: false
        }
    }

    static func page(_ env: WebEnvironment, context: AppRequestContext, principal: Principal, task: TaskInfo,
                     form: [String: String], problem: String?, notice: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let store = DispositionStore(db: env.db)
        let names = try await TaskController.departmentNames(env)
        let matched = try task.record?.teams.isEmpty == false && task.state.hasTeams

        // Enterprises each writable department inspects in this task (the add form's choices).
        let writable: [String] = switch principal.role {
        case .officeAdmin: task.plan.departments.map(\.department)
        case .deptAdmin: task.plan.departments.map(\.department).filter { $0 == principal.departmentCode }
        default: []
        }
        var enterpriseNames: [String: String] = [:]
        var choices: [[String: Any]] = []
        var preselected = false
        if matched {
            for dept in task.plan.departments.map(\.department) {
                guard let report = try? await TaskStore(db: env.db).groupReport(taskID: task.id, department: dept) else { continue }
                for row in report.rows {
                    enterpriseNames[row.uscc] = row.name
                    if writable.contains(dept) {
                        let value = "\(dept)|\(row.uscc)"
                        let wanted = form["department"] ?? ""
                        let selected = !preselected && form["uscc"] == row.uscc && (wanted.isEmpty || wanted == dept)
                        if selected { preselected = true }
                        choices.append(["value": value, "uscc": row.uscc, "department": dept, "selected": selected,
                                        "label": "\(names[dept] ?? dept) · \(row.name)（\(row.uscc)）"])
                    }
                }
            }
        }
        let rows = try await visible(principal, taskID: task.id, store: store)
        var items: [[String: Any]] = []
        for d in rows {
            let history = try await store.history(id: d.id)
            items.append([
                "id": d.id, "uscc": d.uscc, "enterprise": enterpriseNames[d.uscc] ?? d.uscc,
                "department": names[d.department] ?? d.department, "kind": d.kind.label, "form": d.form, "hasForm": !d.form.isEmpty,
                "target": d.targetDepartment.map { names[$0] ?? $0 } ?? "", "hasTarget": d.targetDepartment != nil,
                "incoming": principal.role == .deptAdmin && d.targetDepartment == principal.departmentCode,
                "reason": d.reason, "decidedOn": d.decidedOn.description, "dueOn": d.dueOn?.description ?? "",
                "overdue": d.status == .open && (d.dueOn.map { $0 < env.today } ?? false),
                "closedOn": d.closedOn?.description ?? "", "note": d.note, "status": d.status.label, "open": d.status == .open,
                "createdBy": d.createdBy, "canUpdate": d.status == .open && mayUpdate(principal, d), "today": env.today.description,
                "history": history.map { ["status": $0.status.label, "note": $0.note, "actor": $0.actor, "at": DisplayDate.format($0.at)] },
            ])
        }
        let selectedKind = form["kind"] ?? ""
        var data: [String: Any] = [
            "taskID": task.id, "documentNumber": task.documentNumber, "title": task.title,
            "dispositions": items, "empty": items.isEmpty, "matched": matched,
            "canAdd": matched && !writable.isEmpty && !choices.isEmpty,
            "choices": choices,
            "kinds": DispositionKind.allCases.map { ["value": $0.rawValue, "label": $0.label, "selected": $0.rawValue == selectedKind] as [String: Any] },
            "guidanceForms": DispositionKind.guidanceForms.map { ["value": $0, "selected": $0 == form["form"]] as [String: Any] },
            "targets": try await DepartmentRepository(db: env.db).all().map { dept -> [String: Any] in
                ["value": dept.code, "label": dept.name, "selected": dept.code == form["target_department"]]
            },
            "reason": form["reason"] ?? "", "note": form["note"] ?? "",
            "decidedOn": (form["decided_on"].flatMap { $0.isEmpty ? nil : $0 }) ?? env.today.description, "dueOn": form["due_on"] ?? "",
            "isDeptAdmin": principal.role == .deptAdmin,
        ]
        if let problem { data["problem"] = problem }
        if let notice { data["notice"] = notice }
        return env.views.page("dispositions", title: "后续处置 · \(task.documentNumber)", context: context, data: data, status: status)
    }
}
