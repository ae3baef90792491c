import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

/// Field results of matched tasks: draft, submit, approve (= publish), corrections.
/// Every write is one transaction with its audit event.
public struct ResultStore: Sendable {
    public let db: any Database
    /// A fixed calendar (tests), or nil for the built-in notices plus the office's stored entries.
    public let calendar: WorkingDayCalendar?
    /// Where "now" comes from for submitted/approved/updated times (the workflow's clock).
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

    func on(_ tx: any Database) -> ResultStore { ResultStore(db: tx, calendar: calendar, clock: clock) }

    static let columns = ["task_id", "uscc", "department_code", "status", "inspection_date", "result_category", "problem_count",
                          "onsite_answer", "onsite_note", "signature", "refusal_note", "members", "due_date",
                          "submitted_by", "submitted_at", "approved_by", "approved_at", "category_answered"]

    /// The result of `department` for `uscc` in the task, if any was saved.
    public func find(taskID: Int, uscc: String, department: String) async throws -> InspectionResult? {
        guard let row = try await sql.select().columns(Self.columns).from("inspection_results")
            .where("task_id", .equal, taskID).where("uscc", .equal, uscc).where("department_code", .equal, department).first()
        else { return nil }
        let items = try await sql.select().columns("item_code", "methods", "finding", "problem", "problem_kind", "problem_answered").from("result_items")
            .where("task_id", .equal, taskID).where("uscc", .equal, uscc).where("department_code", .equal, department)
            .orderBy("item_code").all()
            .map { row in
                ResultInput.Item(
                    itemCode: try row.decode(column: "item_code", as: String.self),
                    methods: FieldTag.splitList(try row.decode(column: "methods", as: String.self)).compactMap(InspectionMethod.init(rawValue:)),
                    finding: try row.decode(column: "finding", as: String.self), problem: try row.decode(column: "problem", as: Bool.self),
                    problemKind: try row.decode(column: "problem_kind", as: String.self),
                    problemAnswered: try row.decode(column: "problem_answered", as: Bool.self))
            }
        return try Self.decode(row, items: items)
    }

    /// Results of a task (optionally one department's), in enterprise order.
    public func list(taskID: Int, department: String? = nil) async throws -> [InspectionResult] {
        var query = sql.select().columns(Self.columns).from("inspection_results").where("task_id", .equal, taskID)
        if let department { query = query.where("department_code", .equal, department) }
        return try await query.orderBy("uscc").orderBy("department_code").all().map { try Self.decode($0, items: []) }
    }

    /// Results submitted and waiting for `department`'s approval, oldest submission first (the
    /// department admin's 待审核 queue).
    public func awaitingApproval(department: String, limit: Int = 200) async throws -> [InspectionResult] {
        try await sql.select().columns(Self.columns).from("inspection_results")
            .where("status", .equal, InspectionResult.Status.submitted.rawValue)
            .where("department_code", .equal, department)
            .orderBy("submitted_at").orderBy("uscc").limit(limit).all().map { try Self.decode($0, items: []) }
    }

    /// One page of a task's results (optionally one department's) in enterprise order, with the
    /// total: paged by the database, since a province's task holds tens of thousands.
    public func list(taskID: Int, department: String?, page: ListPage) async throws -> (items: [InspectionResult], total: Int) {
        func filtered(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
            var query = query.where("task_id", .equal, taskID)
            if let department { query = query.where("department_code", .equal, department) }
            return query
        }
        let total = try await filtered(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("inspection_results"))
            .first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await filtered(sql.select().columns(Self.columns).from("inspection_results"))
            .orderBy("uscc").orderBy("department_code").limit(page.size).offset(page.offset).all()
        return (try rows.map { try Self.decode($0, items: []) }, total)
    }

    /// Saves a draft (creating the result on first save). Moves a matched task to 检查中.
    /// A submitted result is changed only through ``correct(taskID:uscc:department:input:reason:actor:)``.
    public func saveDraft(taskID: Int, uscc: String, department: String, input: ResultInput, actor: AuditLog.Actor) async throws {
        try await db.transaction { tx in
            let store = on(tx)
            let task = try await store.requireInspectable(taskID: taskID, uscc: uscc, department: department)
            if let existing = try await store.find(taskID: taskID, uscc: uscc, department: department), existing.status != .draft {
                throw StoreError.conflict("检查结果已提交（当前：\(existing.status.label)），修改需由部门管理员更正")
            }
            try await store.write(taskID: taskID, uscc: uscc, department: department, input: input, status: .draft)
            if task.state == .matched { _ = try await TaskStore(db: tx, clock: clock).startInspection(String(taskID), actor: actor) }
            try await AuditLog.record(on: tx, actor: actor, action: "save-result", entity: "result",
                                      entityID: "\(taskID)/\(uscc)/\(department)", after: Self.snapshot(input))
        }
    }

    /// Submits the result: checks it is complete, lists the team, computes the publication due date.
    public func submit(taskID: Int, uscc: String, department: String, input: ResultInput, actor: AuditLog.Actor) async throws {
        let problems = input.submissionProblems()
        guard problems.isEmpty else { throw ResultInvalid(problems: problems) }
        try await db.transaction { tx in
            let store = on(tx)
            let task = try await store.requireInspectable(taskID: taskID, uscc: uscc, department: department)
            if let existing = try await store.find(taskID: taskID, uscc: uscc, department: department), existing.status != .draft {
                throw StoreError.conflict("检查结果已提交（当前：\(existing.status.label)），不能重复提交")
            }
            try await store.write(taskID: taskID, uscc: uscc, department: department, input: input, status: .submitted)
            let due = ResultDeadline.due(inspectedOn: input.inspectionDate!, calendar: try await store.workingCalendar())
            let members = try await store.teamText(taskID: taskID, uscc: uscc)
            try await store.sql.update("inspection_results")
                .set("due_date", to: due.description).set("members", to: members)
                .set("submitted_by", to: actor.name).set("submitted_at", to: clock.now())
                .where("task_id", .equal, taskID).where("uscc", .equal, uscc).where("department_code", .equal, department).run()
            if task.state == .matched { _ = try await TaskStore(db: tx, clock: clock).startInspection(String(taskID), actor: actor) }
            var after = Self.snapshot(input)
            after["due_date"] = due.description
            try await AuditLog.record(on: tx, actor: actor, action: "submit-result", entity: "result",
                                      entityID: "\(taskID)/\(uscc)/\(department)", after: after)
        }
    }

    /// The department admin approves a submitted result; it then appears on the public results page.
    /// Once only: the write is conditional on 已提交, so of two approvals at once exactly one is
    /// recorded and audited; the other is refused naming the result's state.
    public func approve(taskID: Int, uscc: String, department: String, actor: AuditLog.Actor) async throws {
        try await db.transaction { tx in
            let store = on(tx)
            _ = try await TaskStore(db: tx).lock(String(taskID))
            guard let existing = try await store.find(taskID: taskID, uscc: uscc, department: department) else {
                throw StoreError.notFound(entity: "检查结果", key: "\(uscc)/\(department)")
            }
            guard existing.status == .submitted else { throw Self.notSubmitted(existing.status) }
            let written = try await store.sql.update("inspection_results").set("status", to: InspectionResult.Status.approved.rawValue)
                .set("approved_by", to: actor.name).set("approved_at", to: clock.now()).set("updated_at", to: clock.now())
                .where("task_id", .equal, taskID).where("uscc", .equal, uscc).where("department_code", .equal, department)
                .where("status", .equal, InspectionResult.Status.submitted.rawValue).returning("status").first()
            guard written != nil else {
                let now = try await store.find(taskID: taskID, uscc: uscc, department: department)
                throw Self.notSubmitted(now?.status ?? existing.status)
            }
            try await AuditLog.record(on: tx, actor: actor, action: "approve-result", entity: "result",
                                      entityID: "\(taskID)/\(uscc)/\(department)", // The audit log keeps its wording: the label, as before the status had a code.
                                      after: ["status": InspectionResult.Status.approved.label])
        }
    }

    /// A correction after submission, by the department admin, with a reason; audited with
    /// before and after. The status stays (a published result stays published, corrected).
    public func correct(taskID: Int, uscc: String, department: String, input: ResultInput, reason: String, actor: AuditLog.Actor) async throws {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw StoreError.invalid("更正检查结果须填写更正理由") }
        let problems = input.submissionProblems()
        guard problems.isEmpty else { throw ResultInvalid(problems: problems) }
        try await db.transaction { tx in
            let store = on(tx)
            _ = try await TaskStore(db: tx).lock(String(taskID))
            guard let before = try await store.find(taskID: taskID, uscc: uscc, department: department), before.status != .draft else {
                throw StoreError.invalid("只有已提交的检查结果需要更正；草稿可直接修改")
            }
            try await store.write(taskID: taskID, uscc: uscc, department: department, input: input, status: before.status)
            let due = ResultDeadline.due(inspectedOn: input.inspectionDate!, calendar: try await store.workingCalendar())
            try await store.sql.update("inspection_results").set("due_date", to: due.description)
                .where("task_id", .equal, taskID).where("uscc", .equal, uscc).where("department_code", .equal, department).run()
            var after = Self.snapshot(input)
            after["reason"] = reason
            try await AuditLog.record(on: tx, actor: actor, action: "correct-result", entity: "result",
                                      entityID: "\(taskID)/\(uscc)/\(department)", before: Self.snapshot(before.input), after: after)
        }
    }

    /// Results (submitted or approved) overdue for publication on `today`, optionally one department's.
    public func overdue(today: CivilDate, department: String? = nil) async throws -> [InspectionResult] {
        var query = sql.select().columns(Self.columns).from("inspection_results")
            .where("status", .equal, InspectionResult.Status.submitted.rawValue)
            .where("due_date", .lessThan, today.description)
        if let department { query = query.where("department_code", .equal, department) }
        return try await query.orderBy("due_date").all().map { try Self.decode($0, items: []) }
    }

    /// How many results are overdue on `today`, counted in SQL for the dashboards (the deadline
    /// list reads them all): submitted ones past their stored due date, whatever their task's
    /// state; and in matched or inspecting tasks, unapproved ones whose stored due date has passed
    /// or, with none stored, whose inspection date is on or before `draftCutoff`
    /// (``ResultDeadline/lastOverdueInspection(on:workingDays:calendar:)``).
    public func overdueCount(today: CivilDate, draftCutoff: CivilDate, department: String? = nil) async throws -> Int {
        let departmentClause: SQLQueryString = department.map { " AND department_code = \(bind: $0)" } ?? ""
        let open = [TaskState.matched.rawValue, TaskState.inspecting.rawValue]
        let query: SQLQueryString = """
            SELECT COUNT(*) AS n FROM inspection_results WHERE status <> \(bind: InspectionResult.Status.approved.rawValue)\(departmentClause)
            AND ((status = \(bind: InspectionResult.Status.submitted.rawValue) AND COALESCE(due_date, '') <> '' AND due_date < \(bind: today.description))
              OR (task_id IN (SELECT id FROM tasks WHERE state IN (\(binds: open)))
                  AND ((COALESCE(due_date, '') <> '' AND due_date < \(bind: today.description))
                    OR (COALESCE(due_date, '') = '' AND COALESCE(inspection_date, '') <> '' AND inspection_date <= \(bind: draftCutoff.description)))))
            """
        return try await sql.raw(query).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    // MARK: Internals

    static func notSubmitted(_ status: InspectionResult.Status) -> StoreError {
        .conflict("只有已提交的检查结果才能审核公示（当前：\(status.label)）")
    }

    /// The task must be matched or under inspection and the enterprise assigned to the department.
    /// Reads the task under its row lock: a result is not written while the task is cancelled.
    func requireInspectable(taskID: Int, uscc: String, department: String) async throws -> TaskInfo {
        let task = try await TaskStore(db: db).lock(String(taskID))
        guard task.state == .matched || task.state == .inspecting else {
            throw TaskTransitionError(from: task.state, action: "录入检查结果")
        }
        guard try await sql.select().column("team_index").from("task_assignments").where("task_id", .equal, taskID)
            .where("uscc", .equal, uscc).where("department_code", .equal, department).first() != nil
        else { throw StoreError.notFound(entity: "本部门检查的企业", key: uscc) }
        return task
    }

    func write(taskID: Int, uscc: String, department: String, input: ResultInput, status: InspectionResult.Status) async throws {
        try await sql.delete(from: "inspection_results").where("task_id", .equal, taskID).where("uscc", .equal, uscc)
            .where("department_code", .equal, department).where("status", .equal, InspectionResult.Status.draft.rawValue).run()
        let exists = try await sql.select().column("status").from("inspection_results").where("task_id", .equal, taskID)
            .where("uscc", .equal, uscc).where("department_code", .equal, department).first() != nil
        if exists {
            try await sql.update("inspection_results")
                .set("inspection_date", to: input.inspectionDate?.description).set("result_category", to: input.category.rawValue)
                .set("problem_count", to: input.problemCount).set("onsite_answer", to: input.onsiteAnswer)
                .set("onsite_note", to: input.onsiteNote).set("signature", to: Self.signatureText(input))
                .set("category_answered", to: input.categoryAnswered)
                .set("refusal_note", to: input.refusalNote).set("updated_at", to: clock.now())
                .where("task_id", .equal, taskID).where("uscc", .equal, uscc).where("department_code", .equal, department).run()
        } else {
            try await sql.insert(into: "inspection_results")
                .columns("task_id", "uscc", "department_code", "status", "inspection_date", "result_category", "problem_count",
                         "onsite_answer", "onsite_note", "signature", "refusal_note", "members", "updated_at", "category_answered")
                .values(SQLBind(taskID), SQLBind(uscc), SQLBind(department), SQLBind(status.rawValue),
                        SQLBind(input.inspectionDate?.description), SQLBind(input.category.rawValue), SQLBind(input.problemCount),
                        SQLBind(input.onsiteAnswer), SQLBind(input.onsiteNote), SQLBind(Self.signatureText(input)),
                        SQLBind(input.refusalNote), SQLBind(""), SQLBind(clock.now()), SQLBind(input.categoryAnswered))
                .run()
        }
        try await sql.delete(from: "result_items").where("task_id", .equal, taskID).where("uscc", .equal, uscc)
            .where("department_code", .equal, department).run()
        for item in input.items {
            try await sql.insert(into: "result_items")
                .columns("task_id", "uscc", "department_code", "item_code", "methods", "finding", "problem", "problem_kind", "problem_answered")
                .values(SQLBind(taskID), SQLBind(uscc), SQLBind(department), SQLBind(item.itemCode),
                        SQLBind(item.methods.map(\.rawValue).joined(separator: ";")), SQLBind(item.finding), SQLBind(item.problem),
                        SQLBind(item.problemKind), SQLBind(item.problemAnswered))
                .run()
        }
    }

    /// The stored signature: 已签字, 拒绝签字, or empty while a draft has no choice yet.
    static func signatureText(_ input: ResultInput) -> String {
        guard input.signatureAnswered else { return "" }
        return input.signatureRefused ? "拒绝签字" : "已签字"
    }

    /// `部门:姓名(执法证号)、…` of every team matched to the enterprise, lead department first.
    func teamText(taskID: Int, uscc: String) async throws -> String {
        let rows = try await sql.select()
            .columns(SQLColumn("department_code", table: "a"), SQLColumn("inspector_code", table: "m"))
            .from(SQLAlias(SQLIdentifier("task_assignments"), as: SQLIdentifier("a")))
            .join(SQLAlias(SQLIdentifier("task_team_members"), as: SQLIdentifier("m")), method: SQLJoinMethod.inner,
                  on: SQLRaw("m.task_id = a.task_id AND m.department_code = a.department_code AND m.team_index = a.team_index"))
            .where(SQLColumn("task_id", table: "a"), .equal, SQLBind(taskID))
            .where(SQLColumn("uscc", table: "a"), .equal, SQLBind(uscc))
            .orderBy(SQLColumn("department_code", table: "a")).orderBy(SQLColumn("position", table: "m")).all()
        let roster = Dictionary(try await InspectorRoster(db: db).list(department: nil).map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        return try rows.map { row in
            let code = try row.decode(column: "inspector_code", as: String.self)
            return "\(try row.decode(column: "department_code", as: String.self)):\(roster[code] ?? code)(\(code))"
        }.joined(separator: "、")
    }

    static func decode(_ row: any SQLRow, items: [ResultInput.Item]) throws -> InspectionResult {
        func date(_ column: String) throws -> Date? { try row.decodeNil(column: column) ? nil : row.decode(column: column, as: Date.self) }
        let taskID = try row.decode(column: "task_id", as: Int.self)
        let uscc = try row.decode(column: "uscc", as: String.self)
        let department = try row.decode(column: "department_code", as: String.self)
        let key = "\(taskID)/\(uscc)/\(department)"
        let input = ResultInput(
            inspectionDate: try row.decodeStoredOptionalDate("inspection_date", entity: "inspection_results", id: key),
            category: try row.decodeStored("result_category", as: ResultCategory.self, entity: "inspection_results", id: key),
            items: items, onsiteAnswer: try row.decode(column: "onsite_answer", as: Bool.self),
            onsiteNote: try row.decode(column: "onsite_note", as: String.self),
            signatureRefused: try row.decode(column: "signature", as: String.self) == "拒绝签字",
            refusalNote: try row.decode(column: "refusal_note", as: String.self),
            categoryAnswered: try row.decode(column: "category_answered", as: Bool.self),
            signatureAnswered: !(try row.decode(column: "signature", as: String.self)).isEmpty)
        return InspectionResult(
            taskID: taskID, uscc: uscc, department: department,
            status: try row.decodeStored("status", as: InspectionResult.Status.self, entity: "inspection_results", id: key),
            input: input, members: try row.decode(column: "members", as: String.self),
            dueDate: try row.decodeStoredOptionalDate("due_date", entity: "inspection_results", id: key),
            submittedBy: try row.decodeOptionalText("submitted_by"), submittedAt: try date("submitted_at"),
            approvedBy: try row.decodeOptionalText("approved_by"), approvedAt: try date("approved_at"))
    }

    static func snapshot(_ input: ResultInput) -> [String: String] {
        [
            "inspection_date": input.inspectionDate?.description ?? "", "category": input.category.rawValue,
            "problem_count": String(input.problemCount), "onsite_answer": input.onsiteAnswer ? "是" : "否", "onsite_note": input.onsiteNote,
            "signature": input.signatureRefused ? "拒绝签字：\(input.refusalNote)" : "已签字",
            "items": input.items.map { "\($0.itemCode)[\($0.methods.map(\.rawValue).joined(separator: "+"))]\($0.problem ? "问题:" + $0.finding : "")" }
                .joined(separator: "；"),
        ]
    }
}
