import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

/// 联合抽查任务 in the database: plan, lifecycle, freeze, draw, confirmation, inspector draw
/// and matching. Each step is one transaction with its audit event, so a failed step leaves
/// the task exactly as it was.
public struct TaskStore: Sendable {
    public let db: any Database
    /// The working-day calendar deadlines are computed with.
    /// A fixed calendar (tests), or nil for the built-in notices plus the office's stored entries.
    public let calendar: WorkingDayCalendar?
    /// Where "now" comes from for the times the store writes (published, drawn, matched …); the
    /// workflow passes its own, so a test that fixes the clock fixes them too.
    public let clock: WorkClock

    public init(db: any Database, calendar: WorkingDayCalendar? = nil, clock: WorkClock = .system) {
        self.db = db
        self.calendar = calendar
        self.clock = clock
    }

    var sql: any SQLDatabase { db as! any SQLDatabase }

    /// The calendar deadlines are computed with.
    func workingCalendar() async throws -> WorkingDayCalendar {
        try await CalendarStore.calendar(fixed: calendar, on: db)
    }

    func on(_ tx: any Database) -> TaskStore { TaskStore(db: tx, calendar: calendar, clock: clock) }

    // MARK: Reading

    /// The task `reference` names: its numeric id or its document number (文号).
    public func find(_ reference: String) async throws -> TaskInfo? {
        let trimmed = reference.trimmingCharacters(in: .whitespaces)
        var query = sql.select().columns(TaskInfo.columns).from("tasks")
        if let id = Int(trimmed) {
            query = query.where("id", .equal, id)
        } else {
            query = query.where("document_number", .equal, TaskPlan.normalizedDocumentNumber(trimmed))
        }
        return try await query.first().map(TaskInfo.decode)
    }

    /// The task `reference` names, or a not-found error.
    public func require(_ reference: String) async throws -> TaskInfo {
        guard let task = try await find(reference) else { throw StoreError.notFound(entity: "抽查任务", key: reference) }
        return task
    }

    /// The task `reference` names, read under a row lock held until the caller's transaction
    /// ends: every step that changes a task starts here, so two steps on one task run one after
    /// the other and the second sees what the first wrote (PostgreSQL `SELECT … FOR UPDATE`;
    /// SQLite write transactions are serialised as a whole, and the clause is left out there).
    /// Only inside a transaction; the state checks after it are then decided on current data.
    func lock(_ reference: String) async throws -> TaskInfo {
        let trimmed = reference.trimmingCharacters(in: .whitespaces)
        var id = Int(trimmed)
        if id == nil {
            id = try await sql.select().column("id").from("tasks").where("document_number", .equal, TaskPlan.normalizedDocumentNumber(trimmed)).first()?
                .decode(column: "id", as: Int.self)
        }
        guard let id, let row = try await sql.select().columns(TaskInfo.columns).from("tasks").where("id", .equal, id)
            .for(.update).first()
        else { throw StoreError.notFound(entity: "抽查任务", key: reference) }
        return try TaskInfo.decode(row)
    }

    /// The task's state as stored now (for the message of a step that lost a race).
    func currentState(_ taskID: Int) async throws -> TaskState? {
        guard let row = try await sql.select().column("state").from("tasks").where("id", .equal, taskID).first() else { return nil }
        return try row.decodeStored("state", as: TaskState.self, entity: "tasks", id: String(taskID))
    }

    /// Tasks newest first, optionally only those with `states` or in which `department` takes part.
    public func list(states: [TaskState]? = nil, department: String? = nil, page: Int = 1, perPage: Int = 50)
        async throws -> (tasks: [TaskInfo], total: Int)
    {
        let window = try ListPage(number: page, size: perPage)
        if states?.isEmpty == true { return ([], 0) }
        // One page read by SQL, without the draw record (lists never show it): a county's
        // hundreds of tasks, a province's tens of thousands.
        func filtered<Query: SQLPartialResultBuilder & SQLPredicateBuilder>(_ query: Query) -> Query {
            var query = query
            if let states { query = query.where("state", .in, states.map(\.rawValue)) }
            if let department { query = query.where(SQLListContains(column: "departments", code: department)) }
            return query
        }
        let total = try await filtered(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("tasks"))
            .first()?.decode(column: "n", as: Int.self) ?? 0
        let tasks = try await filtered(sql.select().columns(TaskInfo.listColumns).from("tasks"))
            .orderBy("id", .descending).limit(window.size).offset(window.offset).all().map(TaskInfo.decode)
        return (tasks, total)
    }

    /// The 文号 of tasks `ids`, by id, in one query (tables of results name their task).
    public func documentNumbers(ids: some Collection<Int>) async throws -> [Int: String] {
        let ids = Array(Set(ids))
        guard !ids.isEmpty else { return [:] }
        var numbers: [Int: String] = [:]
        for row in try await sql.select().columns("id", "document_number").from("tasks").where("id", .in, ids).all() {
            numbers[try row.decode(column: "id", as: Int.self)] = try row.decode(column: "document_number", as: String.self)
        }
        return numbers
    }

    /// The participating departments as stored in `tasks.departments`.
    static func departmentList(_ plan: TaskPlan) -> String {
        plan.departments.map(\.department).joined(separator: ";")
    }

    // MARK: Planning

    /// Saves a new draft task after checking the plan and that every department and item exists.
    @discardableResult
    ///
    /// `origin` places the task in the year's plan: the (published) entry it carries out, or 计划外
    /// with a written reason. Nil only for callers that predate plans (benchmarks, store tests).
    public func create(_ plan: TaskPlan, origin: TaskOrigin? = nil, actor: AuditLog.Actor, now: Date = Date()) async throws -> TaskInfo {
        let plan = Self.cleaned(plan)
        try await check(plan)
        var chosenEntry: Int?
        var reasonGiven = ""
        switch origin {
        case .planEntry(let id): chosenEntry = id
        case .offPlan(let reason):
            reasonGiven = reason.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !reasonGiven.isEmpty else { throw StoreError.invalid("计划外任务须写明理由（将在任务公示中显示）") }
            guard reasonGiven.count <= AnnualPlanEntry.maxText else { throw StoreError.invalid("计划外理由不能超过 \(AnnualPlanEntry.maxText) 字") }
        case nil: break
        }
        let (entryID, offPlanReason) = (chosenEntry, reasonGiven)
        return try await db.transaction { tx in
            let store = on(tx)
            if try await store.find(plan.documentNumber) != nil {
                throw StoreError.duplicate(entity: "文号", key: plan.documentNumber)
            }
            if let entryID { try await AnnualPlanStore(db: tx, clock: clock).requireLaunchable(entryID) }
            let row = try await store.sql.insert(into: "tasks")
                .columns("document_number", "title", "period_start", "period_end", "lead_department", "state", "plan",
                         "departments", "created_by", "created_at", "updated_at", "plan_entry_id", "off_plan_reason")
                .values(SQLBind(plan.documentNumber), SQLBind(plan.title), SQLBind(plan.periodStart.description),
                        SQLBind(plan.periodEnd.description), SQLBind(plan.leadDepartment), SQLBind(TaskState.draft.rawValue),
                        SQLBind(try Self.json(plan)), SQLBind(Self.departmentList(plan)), SQLBind(actor.name), SQLBind(now), SQLBind(now),
                        SQLBind(entryID), SQLBind(offPlanReason))
                .returning("id").first()
            guard let id = try row?.decode(column: "id", as: Int.self) else { throw StoreError.invalid("无法保存任务") }
            var snapshot = Self.auditSnapshot(plan)
            if let entryID { snapshot["plan_entry"] = String(entryID) }
            if !offPlanReason.isEmpty { snapshot["off_plan_reason"] = offPlanReason }
            try await AuditLog.record(on: tx, actor: actor, action: "create", entity: "task", entityID: String(id),
                                      after: snapshot, at: now)
            return try await store.require(String(id))
        }
    }

    /// Replaces the plan of a draft; a published task's plan is frozen.
    @discardableResult
    public func update(_ reference: String, plan: TaskPlan, actor: AuditLog.Actor) async throws -> TaskInfo {
        let plan = Self.cleaned(plan)
        try await check(plan)
        return try await db.transaction { tx in
            let store = on(tx)
            let task = try await store.lock(reference)
            let action = "修改任务（发布后任务内容已冻结）"
            guard task.state == .draft else { throw TaskTransitionError(from: task.state, action: action) }
            if plan.documentNumber != task.documentNumber, try await store.find(plan.documentNumber) != nil {
                throw StoreError.duplicate(entity: "文号", key: plan.documentNumber)
            }
            let written = try await store.sql.update("tasks")
                .set("document_number", to: plan.documentNumber).set("title", to: plan.title)
                .set("period_start", to: plan.periodStart.description).set("period_end", to: plan.periodEnd.description)
                .set("lead_department", to: plan.leadDepartment).set("plan", to: try Self.json(plan))
                .set("departments", to: Self.departmentList(plan))
                .set("updated_at", to: clock.now())
                .where("id", .equal, task.id).where("state", .equal, TaskState.draft.rawValue).returning("id").first()
            guard written != nil else { throw try await store.transitionError(task.id, action: action) }
            try await AuditLog.record(on: tx, actor: actor, action: "update", entity: "task", entityID: String(task.id),
                                      before: Self.auditSnapshot(task.plan), after: Self.auditSnapshot(plan))
            return try await store.require(String(task.id))
        }
    }

    /// Deletes a draft (nothing about it was ever public).
    public func deleteDraft(_ reference: String, actor: AuditLog.Actor) async throws {
        try await db.transaction { tx in
            let store = on(tx)
            let task = try await store.lock(reference)
            let action = "删除（已发布的任务只能取消）"
            guard task.state == .draft else { throw TaskTransitionError(from: task.state, action: action) }
            let deleted = try await store.sql.delete(from: "tasks").where("id", .equal, task.id)
                .where("state", .equal, TaskState.draft.rawValue).returning("id").first()
            guard deleted != nil else { throw try await store.transitionError(task.id, action: action) }
            try await AuditLog.record(on: tx, actor: actor, action: "delete", entity: "task", entityID: String(task.id),
                                      before: Self.auditSnapshot(task.plan))
        }
    }

    // MARK: Lifecycle after matching

    /// Cancels a task with a written reason; once published this is public and audited.
    public func cancel(_ reference: String, reason: String, actor: AuditLog.Actor) async throws -> TaskInfo {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw StoreError.invalid("取消任务必须填写理由（将在任务公示中显示）") }
        return try await move(reference, to: .cancelled, action: "取消任务", actor: actor, extra: ["cancel_reason": reason])
    }

    /// 检查中: the teams set off.
    public func startInspection(_ reference: String, actor: AuditLog.Actor) async throws -> TaskInfo {
        try await move(reference, to: .inspecting, action: "开始检查", actor: actor)
    }

    /// 已完成: every form is in.
    public func complete(_ reference: String, actor: AuditLog.Actor) async throws -> TaskInfo {
        try await move(reference, to: .completed, action: "完成任务", actor: actor)
    }

    /// 已归档.
    public func archive(_ reference: String, actor: AuditLog.Actor) async throws -> TaskInfo {
        try await move(reference, to: .archived, action: "归档", actor: actor)
    }

    func move(_ reference: String, to next: TaskState, action: String, actor: AuditLog.Actor,
              extra: [String: String] = [:]) async throws -> TaskInfo {
        try await db.transaction { tx in
            let store = on(tx)
            let task = try await store.lock(reference)
            try task.state.check(moveTo: next, action: action)
            try await store.setState(task, next, action: action, actor: actor, extra: extra)
            return try await store.require(String(task.id))
        }
    }

    /// Writes the new state (and any extra text columns) with its audit event, in the caller's
    /// transaction. The write is conditional on the state `task` was read in (`WHERE state = …`),
    /// so a step that lost a race to another one can never write: it fails with a
    /// ``TaskTransitionError`` naming the state the task is in now, and its transaction (audit
    /// event included) rolls back.
    func setState(_ task: TaskInfo, _ next: TaskState, action: String, actor: AuditLog.Actor, extra: [String: String] = [:],
                  dates: [String: Date] = [:]) async throws {
        var update = sql.update("tasks").set("state", to: next.rawValue).set("updated_at", to: clock.now())
        for (column, value) in extra.sorted(by: { $0.key < $1.key }) { update = update.set(column, to: value) }
        for (column, value) in dates.sorted(by: { $0.key < $1.key }) { update = update.set(column, to: value) }
        let written = try await update.where("id", .equal, task.id).where("state", .equal, task.state.rawValue)
            .returning("id").first()
        guard written != nil else { throw try await transitionError(task.id, action: action) }
        // The audit log keeps its wording: labels, as before the states had codes.
        var after = ["state": next.label]
        for (key, value) in extra where key != "secret" && key != "record" && key != "freeze" { after[key] = value }
        try await AuditLog.record(on: db, actor: actor, action: "state", entity: "task", entityID: String(task.id),
                                  before: ["state": task.state.label], after: after)
    }

    /// The refusal of `action` for the task's state as stored now.
    func transitionError(_ taskID: Int, action: String) async throws -> any Error {
        guard let state = try await currentState(taskID) else { return StoreError.notFound(entity: "抽查任务", key: String(taskID)) }
        return TaskTransitionError(from: state, action: action)
    }

    // MARK: Helpers

    /// Checks references of a plan against the departments and item lists.
    func check(_ plan: TaskPlan) async throws {
        let departments = try await DepartmentRepository(db: db).all()
        var problems = plan.problems(names: Dictionary(departments.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a }))
        let codes = Dictionary(departments.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let items = try await ItemList(db: db).list(department: nil)
        let retired = try await ItemList(db: db).retiredCodes(department: nil)
        for dept in plan.departments {
            guard let model = codes[dept.department] else {
                problems.append(TaskPlanProblem(field: "departments", message: "部门 \(dept.department) 不存在"))
                continue
            }
            if (try model.departmentKind) == .office {
                problems.append(TaskPlanProblem(field: "departments", message: "\(model.name) 是办公室，不能作为检查部门"))
            }
            let known = Set(items.filter { $0.dept == dept.department }.map(\.code))
            for code in dept.itemCodes where !known.contains(code) {
                problems.append(TaskPlanProblem(field: "departments.\(dept.department).items",
                                                message: "\(model.name)的抽查事项清单中没有事项 \(code)"))
            }
            // A retired (停用) item is not put into new tasks; a draft that still has it is refused here, publication included.
            for code in dept.itemCodes where retired.contains(dept.department + "/" + code) {
                problems.append(TaskPlanProblem(field: "departments.\(dept.department).items",
                                                message: "\(model.name)的抽查事项 \(code) 已停用，不能列入新的任务"))
            }
        }
        if !problems.isEmpty { throw TaskPlanInvalid(problems: problems) }
    }

    static func cleaned(_ plan: TaskPlan) -> TaskPlan {
        var plan = plan
        plan.documentNumber = TaskPlan.normalizedDocumentNumber(plan.documentNumber)
        plan.title = plan.title.trimmingCharacters(in: .whitespaces)
        plan.leadDepartment = plan.leadDepartment.trimmingCharacters(in: .whitespaces)
        plan.scope.regionPrefix = plan.scope.regionPrefix.trimmingCharacters(in: .whitespaces)
        plan.ratioOverrideReason = plan.ratioOverrideReason.trimmingCharacters(in: .whitespacesAndNewlines)
        plan.entropySource = plan.entropySource.trimmingCharacters(in: .whitespacesAndNewlines)
        // The lead department first, then the others in canonical order, as the notice lists them.
        plan.departments.sort { a, b in
            if (a.department == plan.leadDepartment) != (b.department == plan.leadDepartment) {
                return a.department == plan.leadDepartment
            }
            return a.department.utf8Precedes(b.department)
        }
        return plan
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func auditSnapshot(_ plan: TaskPlan) -> [String: String] {
        [
            "document_number": plan.documentNumber, "title": plan.title,
            "period": "\(plan.periodStart)..\(plan.periodEnd)", "lead": plan.leadDepartment,
            "departments": plan.departments.map { "\($0.department):\($0.itemCodes.joined(separator: "+")):\($0.inspectorCount)" }
                .joined(separator: ";"),
            "ratios": plan.ratioText, "ratio_override_reason": plan.ratioOverrideReason,
            "team_size": String(plan.teamSize), "scope_tags": plan.scope.tags.map(\.rawValue).joined(separator: ";"),
            "scope_region": plan.scope.regionPrefix, "entropy_source": plan.entropySource,
        ]
    }
}

/// A plan with problems, each naming its field.
public struct TaskPlanInvalid: Error, Sendable, CustomStringConvertible {
    public let problems: [TaskPlanProblem]
    public var description: String { "任务内容有误：" + problems.map(\.description).joined(separator: "；") }
}
