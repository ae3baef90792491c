import FluentKit
import Foundation
import OpenAPIRuntime
import SpotcheckCore
import SpotcheckStore

/// 联合抽查任务 (product steps 2–8) over `TaskStore`, with the rules of the task pages
/// (`TaskController`, `TaskActionController`, `TaskFormAccess` in SpotcheckWeb, mirrored here
/// because the API target does not import the web layer):
///
/// - the office admin plans, publishes, draws, matches, cancels and moves the task on;
/// - a department admin confirms or rejects its dispatches, draws its inspectors and rejects
///   one who cannot serve — only for its own department, and only in a task it takes part in;
/// - the office and the auditor read every task; a department's users read the published tasks
///   their department takes part in, and only their department's dispatches and inspectors;
/// - forms and group reports follow `TaskFormAccess`.
///
/// The store checks the state of each step (`TaskTransitionError` → 409) and its content
/// (`StoreError.invalid` → 422, `TaskPlanInvalid` → 422 with every problem).
extension APIHandler {
    var tasks: TaskStore { TaskStore(db: db) }

    // MARK: Planning

    func listTasks(_ input: Operations.ListTasks.Input) async throws -> Operations.ListTasks.Output {
        try await respond {
            let principal = try caller()
            let (page, perPage) = try Self.paging(page: input.query.page, perPage: input.query.perPage)
            let filter = input.query.state.flatMap { TaskState(rawValue: $0.rawValue) }
            var states = filter.map { [$0] }
            var department: String?
            if !principal.role.seesAllDepartments {
                // Drafts are the office's working copies: departments see tasks once published.
                states = filter == .draft ? [] : (states ?? TaskState.allCases.filter { $0 != .draft })
                department = principal.departmentCode
            }
            let (found, total) = try await tasks.list(states: states, department: department, page: page, perPage: perPage)
            return .ok(.init(body: .json(.init(items: found.map(Components.Schemas.Task.init), total: total, page: page, perPage: perPage))))
        }
    }

    func createTask(_ input: Operations.CreateTask.Input) async throws -> Operations.CreateTask.Output {
        try await respond {
            let principal = try caller()
            guard case let .json(body) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let task = try await tasks.create(try Self.plan(body), actor: actor(principal))
            return .created(.init(body: .json(.init(task))))
        }
    }

    func getTask(_ input: Operations.GetTask.Input) async throws -> Operations.GetTask.Output {
        try await respond {
            .ok(.init(body: .json(.init(try await visibleTask(input.path.task)))))
        }
    }

    func replaceTask(_ input: Operations.ReplaceTask.Input) async throws -> Operations.ReplaceTask.Output {
        try await respond {
            let principal = try caller()
            guard case let .json(body) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let task = try await visibleTask(input.path.task)
            let plan = try Self.plan(body)
            let stored = try await tasks.update(String(task.id), plan: plan, actor: actor(principal))
            return .ok(.init(body: .json(.init(stored))))
        }
    }

    func deleteTask(_ input: Operations.DeleteTask.Input) async throws -> Operations.DeleteTask.Output {
        try await respond {
            let principal = try caller()
            let task = try await visibleTask(input.path.task)
            try await tasks.deleteDraft(String(task.id), actor: actor(principal))
            return .noContent(.init())
        }
    }

    // MARK: Office steps

    func publishTask(_ input: Operations.PublishTask.Input) async throws -> Operations.PublishTask.Output {
        try await respond {
            let principal = try caller()
            let task = try await visibleTask(input.path.task)
            return .ok(.init(body: .json(.init(try await tasks.publish(String(task.id), actor: actor(principal))))))
        }
    }

    func drawTask(_ input: Operations.DrawTask.Input) async throws -> Operations.DrawTask.Output {
        try await respond {
            let principal = try caller()
            guard case let .json(body) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let task = try await visibleTask(input.path.task)
            let drawn = try await tasks.draw(String(task.id), entropy: body.entropy, actor: actor(principal), today: Self.today())
            return .ok(.init(body: .json(.init(drawn))))
        }
    }

    func matchTask(_ input: Operations.MatchTask.Input) async throws -> Operations.MatchTask.Output {
        try await respond {
            let principal = try caller()
            let task = try await visibleTask(input.path.task)
            return .ok(.init(body: .json(.init(try await tasks.match(String(task.id), actor: actor(principal))))))
        }
    }

    func cancelTask(_ input: Operations.CancelTask.Input) async throws -> Operations.CancelTask.Output {
        try await respond {
            let principal = try caller()
            guard case let .json(body) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let task = try await visibleTask(input.path.task)
            return .ok(.init(body: .json(.init(try await tasks.cancel(String(task.id), reason: body.reason, actor: actor(principal))))))
        }
    }

    func startTask(_ input: Operations.StartTask.Input) async throws -> Operations.StartTask.Output {
        try await respond {
            let principal = try caller()
            let task = try await visibleTask(input.path.task)
            return .ok(.init(body: .json(.init(try await tasks.startInspection(String(task.id), actor: actor(principal))))))
        }
    }

    func completeTask(_ input: Operations.CompleteTask.Input) async throws -> Operations.CompleteTask.Output {
        try await respond {
            let principal = try caller()
            let task = try await visibleTask(input.path.task)
            return .ok(.init(body: .json(.init(try await tasks.complete(String(task.id), actor: actor(principal))))))
        }
    }

    func archiveTask(_ input: Operations.ArchiveTask.Input) async throws -> Operations.ArchiveTask.Output {
        try await respond {
            let principal = try caller()
            let task = try await visibleTask(input.path.task)
            return .ok(.init(body: .json(.init(try await tasks.archive(String(task.id), actor: actor(principal))))))
        }
    }

    // MARK: Confirmation

    func listTaskDispatches(_ input: Operations.ListTaskDispatches.Input) async throws -> Operations.ListTaskDispatches.Output {
        try await respond {
            let principal = try caller()
            let department = try Self.departmentFilter(principal, input.query.department)
            let task = try await visibleTask(input.path.task)
            let today = Self.today()
            let dispatches = try await tasks.dispatches(task.id, department: department)
            let pending = try await tasks.pendingConfirmations(task.id)
                .filter { department == nil || $0.key == department }
                .sorted { $0.key.utf8Precedes($1.key) }
                .map { Components.Schemas.DispatchList.PendingPayloadPayload(departmentCode: $0.key, count: $0.value) }
            return .ok(.init(body: .json(.init(
                items: dispatches.map { Components.Schemas.Dispatch($0, today: today) }, pending: pending))))
        }
    }

    func confirmTaskDispatch(_ input: Operations.ConfirmTaskDispatch.Input) async throws -> Operations.ConfirmTaskDispatch.Output {
        try await respond {
            let principal = try caller()
            guard case let .json(body) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let department = input.path.code
            let task = try await departmentStepTask(principal, input.path.task, department: department)
            let uscc = USCC.normalized(body.uscc)
            try await tasks.confirm(String(task.id), uscc: uscc, department: department, actor: actor(principal))
            let dispatch = try await dispatch(task.id, uscc: uscc, department: department)
            return .ok(.init(body: .json(dispatch)))
        }
    }

    func rejectTaskDispatch(_ input: Operations.RejectTaskDispatch.Input) async throws -> Operations.RejectTaskDispatch.Output {
        try await respond {
            let principal = try caller()
            guard case let .json(body) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let department = input.path.code
            let task = try await departmentStepTask(principal, input.path.task, department: department)
            let uscc = USCC.normalized(body.uscc)
            let replacement = try await tasks.reject(String(task.id), uscc: uscc, department: department, reason: body.reason,
                                                     actor: actor(principal), today: Self.today())
            return .created(.init(body: .json(.init(
                uscc: uscc, departmentCode: department, reason: body.reason.trimmingCharacters(in: .whitespacesAndNewlines),
                replacement: try await dispatch(task.id, uscc: replacement, department: nil)))))
        }
    }

    // MARK: Inspector draw

    func drawTaskInspectors(_ input: Operations.DrawTaskInspectors.Input) async throws -> Operations.DrawTaskInspectors.Output {
        try await respond {
            let principal = try caller()
            let department = input.path.code
            let task = try await departmentStepTask(principal, input.path.task, department: department)
            try await tasks.drawInspectors(String(task.id), department: department, actor: actor(principal))
            let drawn = try await tasks.drawnInspectors(task.id, department: department)
            return .created(.init(body: .json(.init(items: drawn.map(Components.Schemas.DrawnInspector.init)))))
        }
    }

    func rejectTaskInspector(_ input: Operations.RejectTaskInspector.Input) async throws -> Operations.RejectTaskInspector.Output {
        try await respond {
            let principal = try caller()
            guard case let .json(body) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let department = input.path.code
            let task = try await departmentStepTask(principal, input.path.task, department: department)
            let code = body.code.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
            let replacement = try await tasks.rejectInspector(String(task.id), code: code, department: department, reason: body.reason,
                                                              actor: actor(principal))
            guard let drawn = try await tasks.drawnInspectors(task.id, department: department).first(where: { $0.code == replacement }) else {
                throw StoreError.notFound(entity: "补抽的执法检查人员", key: replacement)
            }
            return .created(.init(body: .json(.init(
                code: code, departmentCode: department, reason: body.reason.trimmingCharacters(in: .whitespacesAndNewlines),
                replacement: .init(drawn)))))
        }
    }

    func listTaskInspectors(_ input: Operations.ListTaskInspectors.Input) async throws -> Operations.ListTaskInspectors.Output {
        try await respond {
            let principal = try caller()
            let department = try Self.departmentFilter(principal, input.query.department)
            let task = try await visibleTask(input.path.task)
            let drawn = try await tasks.drawnInspectors(task.id, department: department)
            return .ok(.init(body: .json(.init(items: drawn.map(Components.Schemas.DrawnInspector.init)))))
        }
    }

    // MARK: Record and frozen lists

    func getTaskRecord(_ input: Operations.GetTaskRecord.Input) async throws -> Operations.GetTaskRecord.Output {
        try await respond {
            let task = try await visibleTask(input.path.task)
            // The record the public notice shows: the secret stays hidden until matching.
            guard task.drawnAt != nil, let record = task.publicRecord else {
                throw APIError.notFound("任务「\(task.documentNumber)」尚未抽取，没有抽取记录")
            }
            return .ok(.init(body: .json(.init(record))))
        }
    }

    func getTaskCandidates(_ input: Operations.GetTaskCandidates.Input) async throws -> Operations.GetTaskCandidates.Output {
        try await respond {
            let task = try await visibleTask(input.path.task)
            guard task.state.isFrozen, task.freeze != nil, let kind = TaskSnapshotKind(rawValue: input.path.kind.rawValue) else {
                throw APIError.notFound("任务「\(task.documentNumber)」尚未发布，没有冻结名单")
            }
            let text = try await tasks.snapshot(task.id, kind)
            return .ok(.init(body: .csv(HTTPBody(text))))
        }
    }

    // MARK: Forms and group reports

    func getTaskForm(_ input: Operations.GetTaskForm.Input) async throws -> Operations.GetTaskForm.Output {
        try await respond {
            let principal = try caller()
            let task = try await tasks.require(input.path.task)
            try Self.requireParticipant(principal, task)
            try Self.requireMatched(task)
            let uscc = USCC.normalized(input.path.uscc)
            // Access is decided before the form is built, so a refused caller learns nothing about it.
            if principal.role == .inspector {
                let code = try await UserModel.find(principal.userID, on: db)?.inspectorCode?.trimmingCharacters(in: .whitespaces) ?? ""
                guard !code.isEmpty, try await tasks.isAssigned(inspector: code, taskID: task.id, uscc: uscc) else {
                    throw APIError.forbidden("您不在该企业的检查组中")
                }
            }
            let form = try await tasks.form(taskID: task.id, uscc: uscc)
            if principal.role == .deptAdmin && !Self.seesWholeTask(principal, task)
                && !form.departments.contains(where: { $0.department == principal.departmentCode && $0.teamIndex != nil }) {
                throw APIError.forbidden("本部门未参与该企业的检查")
            }
            return .ok(.init(body: .json(.init(form))))
        }
    }

    func getTaskGroupReport(_ input: Operations.GetTaskGroupReport.Input) async throws -> Operations.GetTaskGroupReport.Output {
        try await respond {
            let principal = try caller()
            let department = input.path.code
            let task = try await tasks.require(input.path.task)
            if !Self.seesWholeTask(principal, task) {
                guard principal.role == .deptAdmin, principal.departmentCode == department else {
                    throw APIError.forbidden("只能查看本部门的分组情况（办公室和牵头部门可查看各部门）")
                }
            }
            try Self.requireMatched(task)
            return .ok(.init(body: .json(.init(try await tasks.groupReport(taskID: task.id, department: department)))))
        }
    }

    // MARK: Access

    /// The task `reference` names (id or 文号) after the visibility check of the task pages: a
    /// department's users get 403 on drafts and on tasks their department does not take part in.
    func visibleTask(_ reference: String) async throws -> TaskInfo {
        let principal = try caller()
        let task = try await tasks.require(reference)
        guard principal.role.seesAllDepartments
            || (task.state != .draft && task.plan.departments.contains { $0.department == principal.departmentCode })
        else { throw APIError.forbidden("本部门未参与此任务，无权查看") }
        return task
    }

    /// A department step: the caller's own department (checked before anything is loaded), in a
    /// task that department takes part in.
    func departmentStepTask(_ principal: Principal, _ reference: String, department: String) async throws -> TaskInfo {
        guard principal.mayManage(departmentCode: department) else {
            throw APIError.forbidden("只能为本部门（\(principal.departmentCode)）确认、退回或抽取人员，不能代其他部门（\(department)）操作")
        }
        let task = try await visibleTask(reference)
        guard task.plan.departments.contains(where: { $0.department == department }) else {
            throw APIError.forbidden("部门 \(department) 未参与此任务")
        }
        return task
    }

    /// The department whose rows a list shows: anyone seeing all departments may choose one or
    /// none; a department's users see their own (another is 403).
    static func departmentFilter(_ principal: Principal, _ requested: String?) throws -> String? {
        let requested = requested?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        if principal.role.seesAllDepartments { return requested }
        if let requested, requested != principal.departmentCode {
            throw APIError.forbidden("只能查看本部门（\(principal.departmentCode)）的数据")
        }
        return principal.departmentCode
    }

    /// `TaskFormAccess.seesWholeTask`: the office, the auditor and the lead department's admin.
    static func seesWholeTask(_ principal: Principal, _ task: TaskInfo) -> Bool {
        principal.role.seesAllDepartments || (principal.role == .deptAdmin && principal.departmentCode == task.plan.leadDepartment)
    }

    /// `TaskFormAccess.requireParticipant`: a department admin must belong to a participating department.
    static func requireParticipant(_ principal: Principal, _ task: TaskInfo) throws {
        guard principal.role == .deptAdmin else { return }
        guard task.plan.departments.contains(where: { $0.department == principal.departmentCode }) else {
            throw APIError.forbidden("本部门未参与该任务")
        }
    }

    /// Forms and group reports exist once the teams are matched; before that the state is the conflict.
    static func requireMatched(_ task: TaskInfo) throws {
        let states: Set<TaskState> = [.matched, .inspecting, .completed, .archived]
        guard states.contains(task.state) else {
            throw APIError.conflict("任务「\(task.documentNumber)」当前状态为「\(task.state.label)」，检查组匹配完成后才有一企一表和分组情况")
        }
    }

    func dispatch(_ taskID: Int, uscc: String, department: String?) async throws -> Components.Schemas.Dispatch {
        guard let dispatch = try await tasks.dispatches(taskID, department: department).first(where: { $0.uscc == uscc }) else {
            throw StoreError.notFound(entity: "本任务抽中的企业", key: uscc)
        }
        return .init(dispatch, today: Self.today())
    }

    // MARK: Plan from the request

    /// The store's plan from the request. Dates and field tags are checked here (the generated
    /// code keeps `format: date` as text); together with the plan's own rules every problem is
    /// answered at once, each with its field.
    static func plan(_ body: Components.Schemas.TaskPlan) throws -> TaskPlan {
        var problems: [TaskPlanProblem] = []
        func date(_ text: String, field: String) -> CivilDate? {
            guard let date = CivilDate(text.trimmingCharacters(in: .whitespaces)) else {
                problems.append(TaskPlanProblem(field: field, message: "日期格式不正确 \(text)（应为 yyyy-MM-dd）"))
                return nil
            }
            return date
        }
        let start = date(body.periodStart, field: "period_start")
        let end = date(body.periodEnd, field: "period_end")
        var tags: [FieldTag] = []
        for value in body.scope?.tags ?? [] {
            let tag = FieldTag(value.trimmingCharacters(in: .whitespacesAndNewlines))
            if tag.rawValue.isEmpty || tags.contains(tag) { continue }
            guard FieldTagVocabulary.standard.contains(tag) else {
                problems.append(TaskPlanProblem(field: "scope.tags", message: "未知领域标签 \(tag.rawValue)"))
                continue
            }
            tags.append(tag)
        }
        var ratios: [RiskClass: Int] = [:]
        ratios[.a] = body.ratios.a
        ratios[.b] = body.ratios.b
        ratios[.c] = body.ratios.c
        ratios[.d] = body.ratios.d
        // Unparseable dates stand in as one placeholder day, so the plan's own rules still run
        // (and do not report a bogus period order).
        let placeholder = start ?? end ?? CivilDate(dayNumber: 0)
        let plan = TaskPlan(
            documentNumber: body.documentNumber, title: body.title, periodStart: start ?? placeholder,
            periodEnd: start == nil ? placeholder : (end ?? start!),
            leadDepartment: body.leadDepartment,
            departments: body.departments.map {
                TaskDepartmentPlan(department: $0.department.trimmingCharacters(in: .whitespaces),
                                   itemCodes: $0.itemCodes.map { $0.trimmingCharacters(in: .whitespaces) },
                                   inspectorCount: $0.inspectorCount, materials: $0.materials ?? [])
            },
            scope: TaskScope(tags: tags, regionPrefix: body.scope?.regionPrefix ?? "",
                             excludeInspectedWithinMonths: body.scope?.excludeInspectedWithinMonths ?? 0),
            ratios: ratios, ratioOverrideReason: body.ratioOverrideReason ?? "", teamSize: body.teamSize ?? 2,
            entropySource: body.entropySource)
        if (body.scope?.excludeInspectedWithinMonths ?? 0) < 0 {
            problems.append(TaskPlanProblem(field: "scope.exclude_inspected_within_months", message: "月数不能为负"))
        }
        guard problems.isEmpty else {
            let all = problems + plan.problems()
            throw APIError(status: 422, detail: "任务内容有误：" + all.map(\.description).joined(separator: "；"), problems: all)
        }
        return plan
    }
}

extension String {
    fileprivate var nilIfEmpty: String? { isEmpty ? nil : self }
}

// MARK: - Model to schema

extension Components.Schemas.TaskPlan {
    init(_ plan: TaskPlan) {
        self.init(
            documentNumber: plan.documentNumber, title: plan.title, periodStart: plan.periodStart.description,
            periodEnd: plan.periodEnd.description, leadDepartment: plan.leadDepartment,
            departments: plan.departments.map {
                .init(department: $0.department, itemCodes: $0.itemCodes, inspectorCount: $0.inspectorCount, materials: $0.materials)
            },
            scope: .init(tags: plan.scope.tags.map(\.rawValue), regionPrefix: plan.scope.regionPrefix,
                         excludeInspectedWithinMonths: plan.scope.excludeInspectedWithinMonths),
            ratios: .init(a: plan.ratios[.a], b: plan.ratios[.b], c: plan.ratios[.c], d: plan.ratios[.d]),
            ratioOverrideReason: plan.ratioOverrideReason, teamSize: plan.teamSize, entropySource: plan.entropySource)
    }
}

extension Components.Schemas.Task {
    init(_ task: TaskInfo) {
        self.init(
            id: task.id, documentNumber: task.documentNumber, title: task.title,
            state: Components.Schemas.TaskState(rawValue: task.state.rawValue)!, plan: .init(task.plan),
            commitment: task.commitment, freeze: task.freeze.map(Components.Schemas.TaskFreeze.init), entropy: task.entropy,
            secretRevealed: task.revealsSecret, cancelReason: task.cancelReason, createdBy: task.createdBy, createdAt: task.createdAt,
            publishedAt: task.publishedAt, drawnAt: task.drawnAt, matchedAt: task.matchedAt)
    }
}

extension Components.Schemas.TaskFreeze {
    init(_ freeze: TaskFreeze) {
        self.init(
            strata: freeze.strata.map { .init(stratum: $0.stratum, ratioBasisPoints: $0.ratioBasisPoints, n: $0.n, k: $0.k, digest: $0.digest) },
            inspectors: freeze.inspectors.map { .init(departmentCode: $0.dept, n: $0.n, k: $0.k, digest: $0.digest) },
            conflictsDigest: freeze.conflictsDigest, conflictsCount: freeze.conflictsCount,
            objectsSha256: freeze.fileDigests[TaskSnapshotKind.objects.fileName] ?? "",
            inspectorsSha256: freeze.fileDigests[TaskSnapshotKind.inspectors.fileName] ?? "",
            conflictsSha256: freeze.fileDigests[TaskSnapshotKind.conflicts.fileName] ?? "",
            publishedOn: freeze.publishedOn.description, candidateCount: freeze.candidateCount, quotaCount: freeze.quotaCount,
            overallBasisPoints: freeze.overallBasisPoints)
    }
}

extension Components.Schemas.Dispatch {
    init(_ d: TaskStore.Dispatch, today: CivilDate) {
        self.init(
            uscc: d.uscc, name: d.name, stratum: d.stratum, origin: d.origin == "replacement" ? .replacement : .selected,
            originLabel: d.originLabel, seq: d.seq, active: d.active, departments: d.departments,
            dispatchedOn: d.dispatchedOn.description, confirmBy: d.confirmBy.description,
            decision: d.decision.flatMap(DecisionPayload.init(rawValue:)), reason: d.reason, rejectedReason: d.rejectedReason,
            overdue: d.isOverdue(today: today))
    }
}

extension Components.Schemas.DrawnInspector {
    init(_ i: TaskStore.DrawnInspector) {
        self.init(
            code: i.code, departmentCode: i.department, name: i.name, mobile: i.mobile,
            origin: i.origin == "replacement" ? .replacement : .selected, originLabel: i.originLabel, seq: i.seq, active: i.active,
            rejectedReason: i.rejectedReason)
    }
}

extension Components.Schemas.DrawRecord {
    init(_ r: DrawRecord) {
        self.init(
            _protocol: r.protocol, commitment: r.commitment, secret: r.secret, entropy: r.entropy, seed: r.seed,
            conflictsDigest: r.conflictsDigest,
            objects: r.objects.map {
                .init(stratum: $0.stratum, ratioBp: $0.ratioBasisPoints, n: $0.n, k: $0.k, digest: $0.digest, selected: $0.selected,
                      rejected: $0.rejected, replacements: $0.replacements)
            },
            inspectors: r.inspectors.map {
                .init(dept: $0.dept, n: $0.n, k: $0.k, digest: $0.digest, selected: $0.selected, rejected: $0.rejected,
                      replacements: $0.replacements)
            },
            teams: r.teams.map {
                .init(dept: $0.dept, teamSize: $0.teamSize, teams: $0.teams,
                      assignments: $0.assignments.map { [.case1($0.enterprise), .case2($0.team)] })
            })
    }
}

extension Components.Schemas.TeamMember {
    init(_ m: InspectionForm.Member) {
        self.init(code: m.code, name: m.name, departmentCode: m.department, departmentName: m.departmentName, mobile: m.mobile,
                  isTeamHead: m.isTeamHead)
    }
}

extension Components.Schemas.InspectionForm {
    init(_ f: InspectionForm) {
        let e = f.enterprise
        self.init(
            taskId: f.taskID, documentNumber: f.documentNumber, title: f.title, periodStart: f.periodStart.description,
            periodEnd: f.periodEnd.description, state: Components.Schemas.TaskState(rawValue: f.state.rawValue)!,
            enterprise: .init(uscc: e.uscc, name: e.name, legalRepresentative: e.legalRepresentative, address: e.address, phone: e.phone,
                              regionCode: e.regionCode, industry: e.industry, riskClass: e.riskClass, tags: e.tags.map(\.rawValue)),
            departments: f.departments.map { part in
                .init(departmentCode: part.department, departmentName: part.departmentName, isLead: part.isLead, teamIndex: part.teamIndex,
                      items: part.items.map {
                          .init(code: $0.code, name: $0.name, subItems: $0.subItems, legalBasis: $0.legalBasis, subject: $0.subject,
                                methods: $0.methods.map(Components.Schemas.InspectionMethod.init))
                      },
                      materials: part.materials, team: part.team.map(Components.Schemas.TeamMember.init))
            })
    }
}

extension Components.Schemas.GroupReport {
    init(_ g: GroupReport) {
        self.init(
            taskId: g.taskID, documentNumber: g.documentNumber, title: g.title, departmentCode: g.department,
            departmentName: g.departmentName, isLead: g.isLead, submittedAt: g.submittedAt, teamCount: g.teamCount,
            rows: g.rows.map {
                .init(uscc: $0.uscc, name: $0.name, address: $0.address, teamIndex: $0.teamIndex,
                      members: $0.members.map(Components.Schemas.TeamMember.init))
            })
    }
}
