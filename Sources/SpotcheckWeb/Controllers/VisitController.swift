import Foundation
import Hummingbird
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// 约定时间 (issue 16, step 6): the visit box of each 一企一表 (propose, accept, propose another),
/// the task's visit plan (by day and department, and the enterprises with no agreed visit yet),
/// the inspector's 日程 page and their calendar feed. The rules are `Workflow+Visits`'.
enum VisitController {
    /// What the visit box shows beyond the stored visit: a notice, a refusal with the typed form.
    struct BoxState {
        var notice: String?
        var problem: String?
        var warnings: [String] = []
        var form: [String: String] = [:]
    }

    static let doneMessages = [
        "proposed": "已提出约定时间，等待其他部门检查组确认。", "agreed": "各部门均已确认，约定时间已生效。",
        "accepted": "已确认该时间。",
    ]

    static func register(_ routes: SecuredRoutes, _ env: WebEnvironment) {
        routes.get(SiteURL.task(.key, .visits), RoleGate.taskReaders) { _, context in
            let task = try await env.workflow.task(TaskReference(try context.parameters.require("id")), for: context.principal)
            return try await planPage(env, context, task: task)
        }

        routes.post(SiteURL.task(.key, .proposeVisit(enterprise: .key)), RoleGate.resultEntry) { request, context in
            let principal = context.principal
            let task = try await env.workflow.task(TaskReference(try context.parameters.require("id")), for: principal)
            let uscc = USCC(rawValue: USCC.normalized(try context.parameters.require("uscc")))
            let fields = try await FormFields.read(request, context: context)
            var form: [String: String] = [:]
            for name in ["date", "half_day", "time", "place", "note"] { form[name] = fields.text(name) }
            func refuse(_ message: String, _ status: HTTPResponse.Status) async throws -> Response {
                try await InspectionFormController.formPage(env, context, task: task, uscc: uscc,
                                                            visit: BoxState(problem: message, form: form), status: status)
            }
            guard let date = CivilDate(form["date"] ?? "") else { return try await refuse("请填写约定日期", .badRequest) }
            let time = form["time"] ?? ""
            guard let half = VisitHalfDay(rawValue: form["half_day"] ?? "") ?? VisitHalfDay.of(time: time) else {
                return try await refuse("请选择上午或下午", .badRequest)
            }
            if !time.isEmpty && VisitHalfDay.of(time: time) == nil { return try await refuse("时间格式应为 09:30", .badRequest) }
            do {
                let outcome = try await env.workflow.proposeVisit(
                    task: TaskID(task.id), enterprise: uscc,
                    .init(date: date, halfDay: half, time: time, place: form["place"] ?? "", note: form["note"] ?? ""), by: principal)
                if !outcome.warnings.isEmpty {
                    return try await InspectionFormController.formPage(env, context, task: task, uscc: uscc, visit: BoxState(
                        notice: doneMessages[outcome.visit.state == .agreed ? "agreed" : "proposed"], warnings: outcome.warnings))
                }
                return ViewRenderer.redirect(SiteURL.task(task.id, .form(enterprise: .init(uscc.rawValue))).path
                                             + "?visit=\(outcome.visit.state == .agreed ? "agreed" : "proposed")#visit")
            } catch let clash as any VisitRefusal {
                return try await refuse(clash.description, .conflict)
            } catch let error as StoreError where !error.isNotFound {
                return try await refuse(error.description, error.isConflict ? .conflict : .badRequest)
            }
        }

        routes.post(SiteURL.task(.key, .acceptVisit(enterprise: .key, visit: .key)), RoleGate.resultEntry) { _, context in
            let principal = context.principal
            let task = try await env.workflow.task(TaskReference(try context.parameters.require("id")), for: principal)
            let uscc = USCC(rawValue: USCC.normalized(try context.parameters.require("uscc")))
            guard let number = Int(try context.parameters.require("visit")) else { throw HTTPError(.notFound, message: "没有这个约定") }
            do {
                let visit = try await env.workflow.acceptVisit(task: TaskID(task.id), enterprise: uscc, visit: number, by: principal)
                return ViewRenderer.redirect(SiteURL.task(task.id, .form(enterprise: .init(uscc.rawValue))).path
                                             + "?visit=\(visit.state == .agreed ? "agreed" : "accepted")#visit")
            } catch let clash as any VisitRefusal {
                return try await InspectionFormController.formPage(env, context, task: task, uscc: uscc, visit: BoxState(problem: clash.description),
                                                                   status: .conflict)
            } catch let error as StoreError where !error.isNotFound {
                return try await InspectionFormController.formPage(env, context, task: task, uscc: uscc, visit: BoxState(problem: error.description),
                                                                   status: error.isConflict ? .conflict : .badRequest)
            }
        }

        routes.get("/agenda", RoleGate.only(.inspector)) { request, context in
            try await agendaPage(env, context, newToken: nil, notice: request.uri.queryParameters.get("done") == "revoked" ? "日历订阅已停用，原订阅地址不再有效。" : nil)
        }

        routes.post("/agenda/feed", RoleGate.only(.inspector)) { _, context in
            let token = try await env.workflow.renewCalendarFeed(by: context.principal)
            return try await agendaPage(env, context, newToken: token, notice: nil)
        }

        routes.post("/agenda/feed/revoke", RoleGate.only(.inspector)) { _, context in
            try await env.workflow.revokeCalendarFeed(by: context.principal)
            return ViewRenderer.redirect("/agenda?done=revoked")
        }

        // The feed phone calendars fetch: the secret in the path is the only credential.
        routes.publicGet("/agenda/feed/{token}") { _, context in
            let name = try context.parameters.require("token")
            guard name.hasSuffix(".ics"), let text = try await env.workflow.calendarFeed(token: String(name.dropLast(4))) else {
                throw HTTPError(.notFound, message: "没有这个日历订阅（地址已停用或有误）")
            }
            return Response(status: .ok, headers: [.contentType: "text/calendar; charset=utf-8", .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(string: text)))
        }
    }

    // MARK: The 一企一表's box

    static func box(_ env: WebEnvironment, principal: Principal, task: TaskInfo, form: InspectionForm, state: BoxState) async throws -> [String: Any] {
        guard TaskState.withTeams.contains(task.state) else { return [:] }
        let names = try await env.workflow.departmentNames()
        let visit = try await env.workflow.visit(task: task, enterprise: form.enterprise.uscc)
        let mine = try await env.workflow.visitDepartments(task: task, enterprise: form.enterprise.uscc, for: principal)
        let open = task.state == .matched || task.state == .inspecting
        let departments = form.departments.filter { $0.teamIndex != nil }.map(\.department)
        var data: [String: Any] = [
            "proposeURL": SiteURL.task(task.id, .proposeVisit(enterprise: .init(form.enterprise.uscc))).path,
            "canPropose": open && !mine.isEmpty && (visit != nil || mine.contains(task.plan.leadDepartment)),
            "leadOnly": visit == nil && !mine.contains(task.plan.leadDepartment),
            "periodStart": task.plan.periodStart.description, "periodEnd": task.plan.periodEnd.description,
            "warnings": state.warnings, "openForm": state.problem != nil || visit == nil,
            "form": ["date": state.form["date"] ?? "", "am": state.form["half_day"] == "am", "pm": state.form["half_day"] == "pm",
                     "time": state.form["time"] ?? "", "place": state.form["place"] ?? "", "note": state.form["note"] ?? ""] as [String: Any],
        ]
        if let notice = state.notice { data["notice"] = notice }
        if let problem = state.problem { data["visitProblem"] = problem }
        if let visit {
            let people = try await env.workflow.peopleNames([visit.proposedBy])
            let accepted = visit.acceptances.map(\.department)
            let waiting = departments.filter { !accepted.contains($0) }
            data["visit"] = [
                "when": visit.whenText, "place": visit.place, "note": visit.note, "state": visit.state.label, "agreed": visit.state == .agreed,
                "proposedBy": people[visit.proposedBy] ?? visit.proposedBy,
                "proposedDepartment": names[visit.proposedDepartment] ?? visit.proposedDepartment,
                "accepted": accepted.map { names[$0] ?? $0 }.joined(separator: "、"),
                "waiting": waiting.map { names[$0] ?? $0 }.joined(separator: "、"), "hasWaiting": !waiting.isEmpty,
                "hasNote": !visit.note.isEmpty,
                "canAccept": open && visit.state == .proposed && mine.contains { !accepted.contains($0) },
                "acceptURL": SiteURL.task(task.id, .acceptVisit(enterprise: .init(form.enterprise.uscc), visit: .init(visit.id))).path,
                "enterpriseName": form.enterprise.name,
            ] as [String: Any]
            if visit.state == .agreed { data["agreedVisit"] = ["when": visit.whenText, "place": visit.place] }
        }
        return data
    }

    // MARK: Pages

    /// The task's visit plan: agreed and proposed visits by day, each with its departments, and
    /// the enterprises without an agreed visit.
    static func planPage(_ env: WebEnvironment, _ context: SignedInContext, task: TaskInfo) async throws -> Response {
        let principal = context.principal
        let board = try await env.workflow.visitBoard(task: TaskID(task.id), for: principal)
        let names = try await env.workflow.departmentNames()
        func departments(_ row: Workflow.VisitBoard.Row) -> String { row.departments.map { names[$0] ?? $0 }.joined(separator: "、") }
        let scheduled = board.rows.filter { $0.visit != nil }.sorted {
            ($0.visit!.date, $0.visit!.halfDay == .morning ? 0 : 1, $0.visit!.time) < ($1.visit!.date, $1.visit!.halfDay == .morning ? 0 : 1, $1.visit!.time)
        }
        var days: [[String: Any]] = []
        for row in scheduled {
            let visit = row.visit!
            let entry: [String: Any] = [
                "when": "\(visit.halfDay.label)\(visit.time.isEmpty ? "" : " \(visit.time)")", "enterprise": row.enterpriseName, "uscc": row.uscc,
                "place": visit.place, "departments": departments(row), "state": visit.state.label, "agreed": visit.state == .agreed,
                "waiting": row.waitingFor.map { names[$0] ?? $0 }.joined(separator: "、"),
                "hasWaiting": visit.state == .proposed && !row.waitingFor.isEmpty,
                "href": SiteURL.task(task.id, .form(enterprise: .init(row.uscc))).path + "#visit",
            ]
            if let last = days.last, last["date"] as? String == visit.date.chineseText {
                days[days.count - 1]["visits"] = (last["visits"] as? [[String: Any]] ?? []) + [entry]
            } else {
                days.append(["date": visit.date.chineseText, "weekday": visit.date.weekdayText, "visits": [entry]])
            }
        }
        var byDepartment: [String: (agreed: Int, proposed: Int, none: Int)] = [:]
        for row in board.rows {
            for department in row.departments {
                var counts = byDepartment[department] ?? (0, 0, 0)
                switch row.visit?.state {
                case .agreed: counts.agreed += 1
                case .proposed: counts.proposed += 1
                default: counts.none += 1
                }
                byDepartment[department] = counts
            }
        }
        let order = task.plan.departments.map(\.department)
        let data: [String: Any] = [
            "documentNumber": task.documentNumber, "title": task.title, "url": TaskFormat.links(task.id, department: nil),
            "days": days, "hasDays": !days.isEmpty, "total": board.rows.count, "agreedCount": board.agreed,
            "departments": order.compactMap { code in byDepartment[code].map { c in
                ["name": names[code] ?? code, "agreed": c.agreed, "proposed": c.proposed, "none": c.none] as [String: Any]
            } },
            "unscheduled": board.withoutAgreement.map { row -> [String: Any] in
                ["enterprise": row.enterpriseName, "uscc": row.uscc, "address": row.address, "departments": departments(row),
                 "state": row.visit?.state.label ?? "未约定", "waiting": row.waitingFor.map { names[$0] ?? $0 }.joined(separator: "、"),
                 "hasWaiting": row.visit != nil && !row.waitingFor.isEmpty,
                 "href": SiteURL.task(task.id, .form(enterprise: .init(row.uscc))).path + "#visit"]
            },
            "hasUnscheduled": !board.withoutAgreement.isEmpty, "matched": TaskState.withTeams.contains(task.state),
            "hub": try await TaskHub.data(task, for: principal, current: .visits, env: env),
        ]
        return env.views.page("visits", title: "约定检查 · \(task.documentNumber)", context: context, data: data)
    }

    /// The inspector's 日程: their visits by day, and the calendar feed.
    static func agendaPage(_ env: WebEnvironment, _ context: SignedInContext, newToken: String?, notice: String?) async throws -> Response {
        let items = try await env.workflow.agenda(for: context.principal)
        let today = env.today
        let feedCreated = try await env.workflow.calendarFeedCreated(for: context.principal)
        var data: [String: Any] = [
            "items": items.map { item -> [String: Any] in
                let v = item.visit
                return ["date": v.date.chineseText, "weekday": v.date.weekdayText, "when": "\(v.halfDay.label)\(v.time.isEmpty ? "" : " \(v.time)")",
                        "enterprise": item.enterpriseName, "address": item.address, "place": v.place, "documentNumber": item.documentNumber,
                        "state": v.state.label, "agreed": v.state == .agreed, "past": v.date < today,
                        "href": SiteURL.task(v.taskID, .form(enterprise: .init(v.uscc))).path + "#visit"]
            },
            "empty": items.isEmpty, "hasFeed": feedCreated != nil, "feedCreated": feedCreated.map(DisplayDate.format) ?? "",
        ]
        if let newToken {
            data["feedPath"] = "/agenda/feed/\(newToken).ics"
        }
        if let notice { data["notice"] = notice }
        return env.views.page("agenda", title: "我的日程", context: context, data: data)
    }
}
