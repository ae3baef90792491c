import Foundation
import Hummingbird
import SpotcheckCore
import SpotcheckWorkflow
import SpotcheckStore

/// 联合抽查任务 pages (product steps 2–6): the list, the plan form, and the task page where each
/// role takes its step. The state-changing steps are in `TaskActionController`.
///
/// Who sees what (`TaskInfo.isVisible(to:)`): the office and the auditor see every task; a
/// department's users see the published tasks their department takes part in, and only their
/// department's rows; its admin also sees the drafts, to set how many inspectors it draws.
enum TaskController {
    static let readers = RoleGate.taskReaders
    static let office = RoleGate.office
    static let perPage = 20

    static func register(_ routes: SecuredRoutes, _ env: WebEnvironment) {
        routes.get(SiteURL.tasks, readers) { request, context in
            let principal = context.principal
            let stateFilter = request.uri.queryParameters.get("state").flatMap { TaskState(rawValue: $0) }
            let page = try pageNumber(request)
            let (tasks, total) = try await env.workflow.tasks(state: stateFilter, page: page, perPage: perPage, for: principal)
            let names = try await departmentNames(env)
            let filterQuery = stateFilter.map { "?state=" + ($0.rawValue.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") } ?? ""
            return env.views.page("tasks", title: "联合抽查任务", context: context, data: [
                "tasks": tasks.map { TaskFormat.summary($0, names: names) }, "empty": tasks.isEmpty,
                "canCreate": principal.role == .officeAdmin,
                "states": TaskState.allCases.filter { TaskInfo.showsDrafts(to: principal.role) || $0 != .draft }.map {
                    ["value": $0.rawValue, "label": $0.label, "selected": $0 == stateFilter] as [String: Any]
                },
                "filtered": stateFilter != nil,
                "pagination": pagination(page: page, perPage: perPage, total: total, base: SiteURL.tasks.path + filterQuery),
            ])
        }

        // `?entry=N` (年度抽查计划 → 据此创建任务) pre-fills the form from that entry.
        routes.get(SiteURL.newTask, office) { request, context in
            var form = TaskPlanForm()
            if let text = request.uri.queryParameters.get("entry"), let id = Int(text) {
                let entry = try await env.workflow.planEntry(id, for: context.principal).entry
                form = TaskPlanForm(entry: entry, items: try await env.workflow.allItems(includeRetired: false))
            }
            return try await formPage(env, context: context, form: form, taskID: nil, problems: [])
        }

        // The plan form's live figures (plan-form.js): the form's fields as a query, JSON back.
        routes.get("/tasks/plan-preview", office) { request, context in
            let departments = try await participatingDepartments(env)
            let fields = try FormFields(parsing: request.uri.query ?? "")
            let form = TaskPlanForm(fields: fields, departmentCodes: departments.map(\.code))
            let preview = form.hasPeriod ? try await env.workflow.planPreview(form.plan().0, for: context.principal) : nil
            let body: [String: Any] = [
                "hasPeriod": form.hasPeriod,
                "enterprises": preview?.enterprises ?? 0,
                "departments": (preview?.departments ?? []).map { d -> [String: Any] in
                    ["code": d.code, "name": d.name, "eligible": d.eligibleInspectors, "requested": d.requestedInspectors,
                     "enterprises": d.enterprises, "tooFew": d.tooFewInspectors]
                },
                "problems": preview?.problems.map(\.message) ?? [],
                "holidayWarning": form.viewData(departments: [], items: [], problems: [], preview: preview)["holidayWarning"] as? String ?? "",
            ]
            let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }

        routes.post(SiteURL.tasks, office) { request, context in
            let principal = context.principal
            let departments = try await participatingDepartments(env)
            let form = TaskPlanForm(fields: try await FormFields.read(request, context: context), departmentCodes: departments.map(\.code))
            var (plan, problems) = form.plan(names: Self.names(departments))
            let (origin, originProblem) = form.taskOrigin()
            if let originProblem { problems.insert(originProblem, at: 0) }
            guard problems.isEmpty, let origin else { return try await formPage(env, context: context, form: form, taskID: nil, problems: problems) }
            // Counts that could never be drawn are refused here, not at 发布.
            let impossible = try await env.workflow.planPreview(plan, for: principal).problems
            guard impossible.isEmpty else { return try await formPage(env, context: context, form: form, taskID: nil, problems: impossible) }
            do {
                let task = try await env.workflow.createTask(plan, origin: origin, by: principal)
                return ViewRenderer.redirect(SiteURL.task(task.id).path + "?done=created")
            } catch let error as TaskPlanInvalid {
                return try await formPage(env, context: context, form: form, taskID: nil, problems: error.problems)
            } catch let error as StoreError where !error.isNotFound {
                return try await formPage(env, context: context, form: form, taskID: nil,
                                          problems: [.init(field: "document_number", message: error.description)])
            }
        }

        routes.get(SiteURL.task(.key, .overview), readers) { request, context in
            let (principal, task) = try await requireTask(env, context)
            let done = request.uri.queryParameters.get("done").flatMap { doneMessages[$0] }
            return try await detailPage(env, context: context, principal: principal, task: task, notice: done)
        }

        routes.get(SiteURL.task(.key, .edit), office) { _, context in
            let (_, task) = try await requireTask(env, context)
            guard task.state == .draft else { throw HTTPError(.conflict, message: TaskTransitionError(from: task.state, action: "修改任务（发布后任务内容已冻结）").description) }
            return try await formPage(env, context: context, form: TaskPlanForm(plan: task.plan), taskID: task.id, problems: [])
        }

        routes.post(SiteURL.task(.key, .edit), office) { request, context in
            let (principal, task) = try await requireTask(env, context)
            let departments = try await participatingDepartments(env)
            let form = TaskPlanForm(fields: try await FormFields.read(request, context: context), departmentCodes: departments.map(\.code))
            let (plan, problems) = form.plan(names: Self.names(departments))
            guard problems.isEmpty else { return try await formPage(env, context: context, form: form, taskID: task.id, problems: problems) }
            let impossible = try await env.workflow.planPreview(plan, for: principal).problems
            guard impossible.isEmpty else { return try await formPage(env, context: context, form: form, taskID: task.id, problems: impossible) }
            do {
                _ = try await env.workflow.updateTask(TaskID(task.id), plan: plan, by: principal)
                return ViewRenderer.redirect(SiteURL.task(task.id).path + "?done=saved")
            } catch let error as TaskPlanInvalid {
                return try await formPage(env, context: context, form: form, taskID: task.id, problems: error.problems)
            } catch let error as TaskTransitionError {
                return try await formPage(env, context: context, form: form, taskID: task.id, problems: [.init(field: "other", message: error.description)])
            } catch let error as StoreError where !error.isNotFound {
                return try await formPage(env, context: context, form: form, taskID: task.id,
                                          problems: [.init(field: "document_number", message: error.description)])
            }
        }

        for kind in TaskSnapshotKind.allCases {
            routes.get(SiteURL.task(.key, .frozenList(kind)), .oversight) { _, context in
                let (principal, task) = try await requireTask(env, context)
                guard let text = try await env.workflow.frozenListText(task, kind, for: principal) else {
                    throw HTTPError(.notFound, message: "任务尚未发布，没有冻结名单")
                }
                return download(Data(text.utf8), fileName: "task-\(task.id)-\(kind.fileName)", type: "text/csv; charset=utf-8")
            }
        }

        // Who may read the record is AccessPolicy.requireRecordRead, the API's rule too.
        routes.get(SiteURL.task(.key, .record), readers) { _, context in
            let (principal, task) = try await requireTask(env, context)
            // The same record the public gets: the secret stays hidden until matching, even here.
            guard let record = try await env.workflow.drawRecord(task: TaskID(task.id), for: principal).record else { throw HTTPError(.notFound, message: "任务尚未抽取，没有抽取记录") }
            return download(Data(DrawRecordJSON.encode(record)), fileName: "task-\(task.id)-record.json", type: "application/json")
        }
    }

    static let doneMessages: [String: String] = [
        "created": "任务草稿已保存。核对无误后可发布。", "saved": "任务已修改。", "published": "任务已发布，冻结名单与承诺值已公示。",
        "drawn": "已完成抽取，抽中企业已派发至各部门，请各部门在 1 个工作日内确认。", "confirmed": "已确认。",
        "rejected": "已退回，补抽的企业已派发。", "inspectors": "已抽取本部门执法检查人员。", "inspector-count": "已保存本部门抽取执法检查人员数，发布时冻结。",
        "expert-added": "专家已加入检查组（不计入执法人员）。", "expert-removed": "专家已移出检查组。", "inspector-rejected": "已剔除，补抽人员已加入。",
        "matched": "已完成匹配，检查组与抽取记录（含密钥）已公示。", "started": "任务进入检查阶段。", "completed": "任务已完成。",
        "archived": "任务已归档。", "cancelled": "任务已取消，取消理由已在任务公示中显示。",
    ]

    // MARK: Loading and access

    /// The task of the URL after the visibility check: a department's users get 403 on tasks
    /// their department does not take part in, inspectors also on drafts.
    static func requireTask(_ env: WebEnvironment, _ context: SignedInContext) async throws -> (Principal, TaskInfo) {
        let principal = context.principal
        let task = try await env.workflow.task(TaskReference(try context.parameters.require("id")), for: principal)
        return (principal, task)
    }

    static func departmentNames(_ env: WebEnvironment) async throws -> [String: String] {
        try await env.workflow.departmentNames()
    }

    static func names(_ departments: [DepartmentModel]) -> [String: String] {
        Dictionary(departments.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    static func participatingDepartments(_ env: WebEnvironment) async throws -> [DepartmentModel] {
        try await env.workflow.workingDepartments()
    }

    static func download(_ data: Data, fileName: String, type: String) -> Response {
        Response(status: .ok, headers: [
            .contentType: type, .contentDisposition: "attachment; filename=\"\(fileName)\"", .cacheControl: "no-store",
        ], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    // MARK: Pages

    static func formPage(_ env: WebEnvironment, context: SignedInContext, form: TaskPlanForm, taskID: Int?,
                         problems: [TaskPlanProblem]) async throws -> Response {
        let departments = try await participatingDepartments(env)
        // Retired (停用) items are not offered to a draft; TaskStore.check refuses them too.
        let items = try await env.workflow.allItems(includeRetired: false)
        let preview = form.hasPeriod ? try await env.workflow.planPreview(form.plan(names: names(departments)).0, for: context.principal) : nil
        var data = form.viewData(departments: departments, items: items, problems: problems, preview: preview)
        data["action"] = taskID.map { SiteURL.task($0, .edit).path } ?? SiteURL.tasks.path
        data["cancel"] = taskID.map { SiteURL.task($0).path } ?? SiteURL.tasks.path
        data["isNew"] = taskID == nil
        if taskID == nil {
            // Where the task stands in the year's plan: one of the published entries, or 计划外.
            let names = Dictionary(departments.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
            data["planEntries"] = try await env.workflow.launchablePlanEntries(for: context.principal).map { stored -> [String: Any] in
                let entry = stored.entry
                return ["value": "entry:\(entry.id)", "selected": form.origin == "entry:\(entry.id)",
                        "label": "\(entry.year)年 · \(entry.title)（\(names[entry.leadDepartment] ?? entry.leadDepartment)牵头，\(entry.monthsText)）"]
            }
            data["offPlanSelected"] = form.origin == "off_plan"
            data["offPlanReason"] = form.offPlanReason
            data["p_origin"] = problems.filter { $0.field == "origin" }.map(\.message)
        }
        return env.views.page("task-form", title: taskID == nil ? "新建联合抽查任务" : "修改任务", context: context, data: data,
                              status: problems.isEmpty ? .ok : .badRequest)
    }

    /// The task page: plan, freeze, dispatches, inspectors and teams as far as the task got,
    /// with the actions the principal may take now. `error` comes back from a refused action.
    static func detailPage(_ env: WebEnvironment, context: SignedInContext, principal: Principal, task: TaskInfo,
                           notice: String? = nil, error: String? = nil) async throws -> Response {
        let overview = try await env.workflow.taskOverview(task, for: principal)
        let names = overview.departmentNames
        let items = overview.items
        let today = env.today
        let isOffice = principal.role == .officeAdmin
        let seesAll = principal.role.seesAllDepartments
        let ownDepartment = principal.departmentCode
        let isDeptAdmin = principal.role == .deptAdmin
        let visible: (String) -> Bool = { seesAll || $0 == ownDepartment }

        var data = TaskFormat.summary(task, names: names)
        if let entry = TaskFormat.planEntry(try await env.workflow.planEntry(of: task), publicLink: principal.role == .inspector) {
            data["planEntry"] = entry
        }
        data["steps"] = TaskFormat.stepIndicator(task)
        data["plan"] = TaskFormat.plan(task, names: names, items: items)
        if let freeze = TaskFormat.freeze(task, names: names) { data["freeze"] = freeze }
        data["showFrozenOpen"] = isOffice && task.state == .published
        if let reason = task.cancelReason { data["cancelReason"] = reason }
        if let notice { data["notice"] = notice }
        if let error { data["error"] = error }
        data["canDownload"] = seesAll && task.freeze != nil
        data["hasRecord"] = try seesAll && task.record != nil
        data["canEdit"] = isOffice && task.state == .draft
        data["canPublish"] = isOffice && task.state == .draft
        data["canDraw"] = isOffice && task.state == .published
        data["canMatch"] = isOffice && task.state == .inspectorsDrawn
        data["canStart"] = isOffice && task.state == .matched
        data["canComplete"] = isOffice && task.state == .inspecting
        data["canArchive"] = isOffice && task.state == .completed
        data["canCancel"] = isOffice && task.state.successors.contains(.cancelled)
        data["anyOfficeAction"] = isOffice && task.state != .archived && task.state != .cancelled
        data["publicLink"] = task.state != .draft
        data["url"] = TaskFormat.links(task.id, department: isDeptAdmin ? ownDepartment : nil)
        if let eligible = overview.eligibleInspectors, let own = task.plan.departments.first(where: { $0.department == ownDepartment }) {
            data["inspectorCountForm"] = ["code": own.department, "count": own.inspectorCount, "teamSize": task.plan.teamSize,
                                          "eligible": eligible,
                                          "action": SiteURL.task(task.id, .inspectorCount(department: .init(own.department))).path] as [String: Any]
        }

        if task.state.isDrawn, task.drawnAt != nil {
            data["drawn"] = true
            data["entropy"] = task.entropy ?? ""
            data["drawnAt"] = task.drawnAt.map(DisplayDate.format) ?? ""
            let confirming = task.state == .confirming
            let dispatches = overview.dispatches
            let contacts = try await env.workflow.enterpriseContacts(dispatches.map(\.uscc))
            data["dispatches"] = dispatches.enumerated().map { index, d -> [String: Any] in
                var row = TaskFormat.dispatch(d, names: names, today: today)
                row["number"] = index + 1
                row["legalRepresentative"] = contacts[d.uscc]?.legalRepresentative ?? ""
                row["address"] = contacts[d.uscc]?.address ?? ""
                row["canDecide"] = isDeptAdmin && confirming && d.active && d.decision == nil
                let department = SiteURL.Parameter(ownDepartment), enterprise = SiteURL.Parameter(d.uscc)
                row["confirmURL"] = SiteURL.task(task.id, .confirm(department: department, enterprise: enterprise)).path
                row["rejectURL"] = SiteURL.task(task.id, .reject(department: department, enterprise: enterprise)).path
                return row
            }
            data["dispatchScope"] = seesAll ? "全部部门" : names[ownDepartment] ?? ownDepartment
            data["canConfirmAll"] = isDeptAdmin && confirming && dispatches.contains { $0.active && $0.decision == nil }
            data["ownDepartment"] = ownDepartment
            if seesAll {
                let pending = overview.pending
                let overdue = overview.overdue
                data["hasPendingTable"] = true
                data["pendingByDepartment"] = task.plan.departments.map { plan -> [String: Any] in
                    ["name": names[plan.department] ?? plan.department, "pending": pending[plan.department] ?? 0,
                     "overdue": overdue[plan.department] ?? 0, "late": (overdue[plan.department] ?? 0) > 0]
                }
            }

            // Inspectors: one block per department the principal may see.
            let drawn = overview.drawnInspectors
            let mayReject = task.state == .confirming || task.state == .inspectorsDrawn
            data["inspectorBlocks"] = task.plan.departments.filter { visible($0.department) }.map { plan -> [String: Any] in
                let mine = drawn.filter { $0.department == plan.department }
                let own = isDeptAdmin && plan.department == ownDepartment
                return [
                    "code": plan.department, "name": names[plan.department] ?? plan.department, "count": plan.inspectorCount,
                    "drawn": !mine.isEmpty, "canDraw": own && mine.isEmpty && confirming,
                    "drawURL": SiteURL.task(task.id, .drawInspectors(department: .init(plan.department))).path,
                    "inspectors": mine.map { i -> [String: Any] in
                        ["dept": plan.department, "code": i.code, "name": i.name, "mobile": i.mobile, "origin": i.originLabel, "isReplacement": i.origin == .replacement,
                         "active": i.active, "rejectedReason": i.rejectedReason ?? "", "canReject": own && mayReject && i.active,
                         "rejectURL": SiteURL.task(task.id, .rejectInspector(department: .init(plan.department), inspector: .init(i.code))).path]
                    },
                ]
            }

            if let record = try task.record, !record.teams.isEmpty {
                data["hasTeams"] = true
                let takesExperts = isDeptAdmin && (task.state == .matched || task.state == .inspecting)
                data["teamBlocks"] = TaskFormat.teams(
                    record, task: task.id, departments: visible, names: names, inspectors: drawn, enterprises: overview.enterpriseNames, experts: overview.experts,
                    managedDepartment: takesExperts ? ownDepartment : nil, availableExperts: overview.availableExperts)
            }
        }
        data["hub"] = try await TaskHub.data(task, for: principal, current: .overview, env: env)
        return env.views.page("task", title: "\(task.documentNumber) · \(task.title)", context: context, data: data,
                              status: error == nil ? .ok : .conflict)
    }
}
