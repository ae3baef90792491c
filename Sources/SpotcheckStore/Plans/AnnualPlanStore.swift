import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

/// The 年度抽查计划 (issue 16): per year, the departments' entries and the plan's state.
///
/// Once means once: every entry edit is a conditional write on the year's row while it is 编制中
/// (`touchDrafting`), in the transaction that writes the entry and its audit event; 审定 is a
/// conditional write from 编制中 to 已审定, 退回修改 from 已审定 back to 编制中, and 公布 from 已审定
/// to 已公布, each on that same row with its audit event — so an edit racing an approval either
/// lands before it or is refused, never after it, and each step happens once.
public struct AnnualPlanStore: Sendable {
    public let db: any Database
    public let clock: WorkClock
    public init(db: any Database, clock: WorkClock = .system) {
        self.db = db
        self.clock = clock
    }
    var sql: any SQLDatabase { db as! any SQLDatabase }

    /// The year's plan as a whole.
    public struct Plan: Sendable, Equatable {
        public var year: Int
        public var state: AnnualPlanState
        public var approvedAt: Date?
        public var approvedBy: String?
        public var publishedAt: Date?
        public var publishedBy: String?
    }

    /// An entry as stored, with who drafted it.
    public struct StoredEntry: Sendable, Equatable {
        public var entry: AnnualPlanEntry
        public var createdBy: String
        public var updatedAt: Date
    }

    /// A task launched from an entry, as the plan's progress shows it.
    public struct LinkedTask: Sendable, Equatable {
        public var id: Int
        public var documentNumber: String
        public var title: String
        public var state: TaskState
        /// 已启动: published and not cancelled.
        public var isLaunched: Bool { state != .draft && state != .cancelled }
        /// 已完成: completed or archived.
        public var isCompleted: Bool { state == .completed || state == .archived }
    }

    // MARK: Reads

    public func plan(year: Int) async throws -> Plan? {
        guard let row = try await sql.select().columns("year", "state", "approved_at", "approved_by", "published_at", "published_by")
            .from("annual_plans").where("year", .equal, year).first() else { return nil }
        return Plan(year: year, state: try row.decodeStored("state", as: AnnualPlanState.self, entity: "annual_plans", id: String(year)),
                    approvedAt: try row.decodeNil(column: "approved_at") ? nil : try row.decode(column: "approved_at", as: Date.self),
                    approvedBy: try row.decodeOptionalText("approved_by"),
                    publishedAt: try row.decodeNil(column: "published_at") ? nil : try row.decode(column: "published_at", as: Date.self),
                    publishedBy: try row.decodeOptionalText("published_by"))
    }

    /// Every year that has a plan, newest first.
    public func plans() async throws -> [Plan] {
        var found: [Plan] = []
        for row in try await sql.select().column("year").from("annual_plans").orderBy("year", .descending).limit(200).all() {
            if let plan = try await plan(year: try row.decode(column: "year", as: Int.self)) { found.append(plan) }
        }
        return found
    }

    /// The year's entries in the order they were added; with `department`, only the entries it
    /// takes part in (leads or cooperates).
    public func entries(year: Int, department: String? = nil) async throws -> [StoredEntry] {
        let all = try await query().where("year", .equal, year).orderBy("id").all().map(Self.decode)
        guard let department else { return all }
        return all.filter { $0.entry.departments.contains(department) }
    }

    public func entry(id: Int) async throws -> StoredEntry? {
        try await query().where("id", .equal, id).first().map(Self.decode)
    }

    /// The tasks launched from the year's entries, by entry id.
    public func linkedTasks(year: Int) async throws -> [Int: [LinkedTask]] {
        let ids = try await sql.select().column("id").from("plan_entries").where("year", .equal, year).all()
            .map { try $0.decode(column: "id", as: Int.self) }
        return try await linkedTasks(entries: ids)
    }

    public func linkedTasks(entries ids: [Int]) async throws -> [Int: [LinkedTask]] {
        guard !ids.isEmpty else { return [:] }
        var found: [Int: [LinkedTask]] = [:]
        for row in try await sql.select().columns("id", "document_number", "title", "state", "plan_entry_id").from("tasks")
            .where("plan_entry_id", .in, ids).orderBy("id").all() {
            let id = try row.decode(column: "id", as: Int.self)
            found[try row.decode(column: "plan_entry_id", as: Int.self), default: []].append(LinkedTask(
                id: id, documentNumber: try row.decode(column: "document_number", as: String.self),
                title: try row.decode(column: "title", as: String.self),
                state: try row.decodeStored("state", as: TaskState.self, entity: "tasks", id: String(id))))
        }
        return found
    }

    /// Entries of published plans whose last planned month has ended by `today` with no task
    /// launched from them: the office dashboard's warning.
    public func overdueEntries(today: CivilDate) async throws -> [StoredEntry] {
        let years = try await sql.select().column("year").from("annual_plans")
            .where("state", .equal, AnnualPlanState.published.rawValue).where("year", .lessThanOrEqual, today.year).all()
            .map { try $0.decode(column: "year", as: Int.self) }
        var overdue: [StoredEntry] = []
        for year in years {
            let entries = try await self.entries(year: year).filter { year < today.year || $0.entry.lastMonth < today.month }
            let tasks = try await linkedTasks(entries: entries.map(\.entry.id))
            overdue += entries.filter { !(tasks[$0.entry.id] ?? []).contains(where: \.isLaunched) }
        }
        return overdue
    }

    /// A task may be created from an entry of a published plan only.
    func requireLaunchable(_ id: Int) async throws {
        guard let stored = try await entry(id: id) else { throw StoreError.notFound(entity: "年度计划条目", key: String(id)) }
        guard try await plan(year: stored.entry.year)?.state == .published else {
            throw StoreError.conflict("\(stored.entry.year)年度抽查计划尚未公布，不能据此创建任务")
        }
    }

    // MARK: Writes

    /// Adds an entry to its year's plan (created 编制中 on the first entry).
    @discardableResult
    public func add(_ entry: AnnualPlanEntry, actor: AuditLog.Actor) async throws -> StoredEntry {
        try await add([entry], actor: actor).first!
    }

    /// Adds entries (an import) in one transaction: all or none.
    @discardableResult
    public func add(_ entries: [AnnualPlanEntry], actor: AuditLog.Actor) async throws -> [StoredEntry] {
        let entries = entries.map(\.cleaned)
        for entry in entries { try await check(entry) }
        guard !entries.isEmpty else { return [] }
        return try await db.transaction { tx in
            let store = AnnualPlanStore(db: tx, clock: clock)
            var added: [StoredEntry] = []
            for year in Set(entries.map(\.year)) {
                try await store.sql.insert(into: "annual_plans").columns("year", "state", "revision")
                    .values(SQLBind(year), SQLBind(AnnualPlanState.drafting.rawValue), SQLBind(0))
                    .ignoringConflicts(with: "year").run()
                try await store.touchDrafting(year)
            }
            let now = clock.now()
            for entry in entries {
                let row = try await store.sql.insert(into: "plan_entries")
                    .columns("year", "title", "lead_department", "cooperating_departments", "field", "item_codes", "object_scope",
                             "ratio_bp", "months", "created_by", "created_at", "updated_at")
                    .values(SQLBind(entry.year), SQLBind(entry.title), SQLBind(entry.leadDepartment),
                            SQLBind(entry.cooperatingDepartments.joined(separator: ";")), SQLBind(entry.field),
                            SQLBind(entry.itemCodes.joined(separator: ";")), SQLBind(entry.objectScope), SQLBind(entry.ratioBasisPoints),
                            SQLBind(entry.months.map(String.init).joined(separator: ",")), SQLBind(actor.name), SQLBind(now), SQLBind(now))
                    .returning("id").first()
                guard let id = try row?.decode(column: "id", as: Int.self) else { throw StoreError.invalid("无法保存计划条目") }
                var saved = entry
                saved.id = id
                try await AuditLog.record(on: tx, actor: actor, action: "create", entity: "plan_entry", entityID: String(id),
                                          after: Self.auditSnapshot(saved), at: now)
                added.append(StoredEntry(entry: saved, createdBy: actor.name, updatedAt: now))
            }
            return added
        }
    }

    /// Replaces an entry's content while its plan is 编制中; its year does not change.
    @discardableResult
    public func update(id: Int, with entry: AnnualPlanEntry, actor: AuditLog.Actor) async throws -> StoredEntry {
        var edited = entry.cleaned
        edited.id = id
        guard let before = try await self.entry(id: id) else { throw StoreError.notFound(entity: "年度计划条目", key: String(id)) }
        edited.year = before.entry.year
        try await check(edited)
        let entry = edited
        return try await db.transaction { tx in
            let store = AnnualPlanStore(db: tx, clock: clock)
            try await store.touchDrafting(entry.year)
            let now = clock.now()
            guard try await store.sql.update("plan_entries")
                .set("title", to: entry.title).set("lead_department", to: entry.leadDepartment)
                .set("cooperating_departments", to: entry.cooperatingDepartments.joined(separator: ";")).set("field", to: entry.field)
                .set("item_codes", to: entry.itemCodes.joined(separator: ";")).set("object_scope", to: entry.objectScope)
                .set("ratio_bp", to: entry.ratioBasisPoints).set("months", to: entry.months.map(String.init).joined(separator: ","))
                .set("updated_at", to: now)
                .where("id", .equal, id).returning("id").first() != nil
            else { throw StoreError.notFound(entity: "年度计划条目", key: String(id)) }
            try await AuditLog.record(on: tx, actor: actor, action: "update", entity: "plan_entry", entityID: String(id),
                                      before: Self.auditSnapshot(before.entry), after: Self.auditSnapshot(entry), at: now)
            return StoredEntry(entry: entry, createdBy: before.createdBy, updatedAt: now)
        }
    }

    /// Deletes an entry while its plan is 编制中.
    public func delete(id: Int, actor: AuditLog.Actor) async throws {
        guard let before = try await entry(id: id) else { throw StoreError.notFound(entity: "年度计划条目", key: String(id)) }
        try await db.transaction { tx in
            let store = AnnualPlanStore(db: tx, clock: clock)
            try await store.touchDrafting(before.entry.year)
            guard try await store.sql.delete(from: "plan_entries").where("id", .equal, id).returning("id").first() != nil else {
                throw StoreError.notFound(entity: "年度计划条目", key: String(id))
            }
            try await AuditLog.record(on: tx, actor: actor, action: "delete", entity: "plan_entry", entityID: String(id),
                                      before: Self.auditSnapshot(before.entry))
        }
    }

    /// 审定: the office has assembled the departments' entries and approves the plan; the entries
    /// are fixed from now on, and the plan may be published (or sent back). Once only.
    @discardableResult
    public func approve(year: Int, actor: AuditLog.Actor) async throws -> Plan {
        try await move(year: year, from: .drafting, to: .approved, action: "approve", actor: actor) { update, now in
            update.set("approved_at", to: now).set("approved_by", to: actor.name)
        }
    }

    /// 退回修改: an approved plan goes back to 编制中 for the departments to change their entries,
    /// with the reason in the audit log. Not once published.
    @discardableResult
    public func reopen(year: Int, reason: String, actor: AuditLog.Actor) async throws -> Plan {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw StoreError.invalid("请填写退回修改的理由") }
        guard reason.count <= AnnualPlanEntry.maxText else { throw StoreError.invalid("理由不能超过 \(AnnualPlanEntry.maxText) 字") }
        return try await move(year: year, from: .approved, to: .drafting, action: "reopen", actor: actor, note: ["reason": reason]) { update, _ in
            update.set(SQLIdentifier("approved_at"), to: SQLLiteral.null).set(SQLIdentifier("approved_by"), to: SQLLiteral.null)
        }
    }

    /// 公布: the approved plan becomes public and is never edited again. Once only.
    @discardableResult
    public func publish(year: Int, actor: AuditLog.Actor) async throws -> Plan {
        try await move(year: year, from: .approved, to: .published, action: "publish", actor: actor) { update, now in
            update.set("published_at", to: now).set("published_by", to: actor.name)
        }
    }

    /// One step of the plan: a conditional write from `from` to `to` on the year's row, with its
    /// audit event, in one transaction; refused by name when the plan is elsewhere.
    func move(year: Int, from: AnnualPlanState, to: AnnualPlanState, action: String, actor: AuditLog.Actor,
              note: [String: String] = [:], _ stamp: @escaping @Sendable (SQLUpdateBuilder, Date) -> SQLUpdateBuilder) async throws -> Plan {
        try await db.transaction { tx in
            let store = AnnualPlanStore(db: tx, clock: clock)
            guard let plan = try await store.plan(year: year) else { throw StoreError.notFound(entity: "年度抽查计划", key: "\(year)年") }
            let count = try await store.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("plan_entries")
                .where("year", .equal, year).first()?.decode(column: "n", as: Int.self) ?? 0
            guard count > 0 else { throw StoreError.invalid("\(year)年度抽查计划还没有条目，不能\(Self.verb(action))") }
            let now = clock.now()
            let update = stamp(store.sql.update("annual_plans").set("state", to: to.rawValue), now)
            guard try await update.where("year", .equal, year).where("state", .equal, from.rawValue).returning("year").first() != nil else {
                let current = try await store.plan(year: year)?.state ?? plan.state
                throw StoreError.conflict(Self.refusal(year: year, action: action, state: current))
            }
            try await AuditLog.record(on: tx, actor: actor, action: action, entity: "annual_plan", entityID: String(year),
                                      before: ["state": from.label], after: ["state": to.label, "entries": String(count)].merging(note) { a, _ in a },
                                      at: now)
            guard let moved = try await store.plan(year: year) else { throw StoreError.notFound(entity: "年度抽查计划", key: "\(year)年") }
            return moved
        }
    }

    static func verb(_ action: String) -> String {
        switch action {
        case "approve": "审定"
        case "reopen": "退回修改"
        default: "公布"
        }
    }

    /// Why a step cannot be taken from where the plan stands, and what to do instead.
    static func refusal(year: Int, action: String, state: AnnualPlanState) -> String {
        switch (action, state) {
        case ("publish", .drafting): "\(year)年度抽查计划尚未审定，请先审定再公布"
        case ("reopen", .drafting): "\(year)年度抽查计划正在编制中，无需退回"
        case (_, .published): "\(year)年度抽查计划已公布，不能再\(verb(action))"
        case (_, .approved): "\(year)年度抽查计划已审定，不能再次审定"
        default: "\(year)年度抽查计划\(state.label)，不能\(verb(action))"
        }
    }

    /// The conditional write every entry edit makes: the year's plan must still be 编制中. On
    /// PostgreSQL it also locks the row, so 审定 waits for the edit's transaction.
    func touchDrafting(_ year: Int) async throws {
        guard try await sql.update("annual_plans").set(SQLIdentifier("revision"), to: SQLRaw("revision + 1"))
            .where("year", .equal, year).where("state", .equal, AnnualPlanState.drafting.rawValue).returning("year").first() != nil
        else {
            let state = try await plan(year: year)?.state ?? .published
            throw StoreError.conflict("\(year)年度抽查计划\(state.label)，条目不能再修改\(state == .approved ? "（如需修改，请办公室先退回修改）" : "")")
        }
    }

    /// Departments and items must exist: each item code in the list of a participating department.
    public func check(_ entry: AnnualPlanEntry) async throws {
        let problems = entry.problems
        guard problems.isEmpty else { throw AnnualPlanEntryInvalid(problems: problems) }
        let departments = DepartmentRepository(db: db)
        for code in entry.departments where try await departments.find(code: code) == nil {
            throw AnnualPlanEntryInvalid(problems: [.init(field: "departments", message: "部门「\(code)」不存在")])
        }
        guard !entry.itemCodes.isEmpty else { return }
        var known: Set<String> = []
        for department in entry.departments {
            known.formUnion(try await ItemList(db: db).list(department: department).map(\.code))
        }
        if let missing = entry.itemCodes.first(where: { !known.contains($0) }) {
            throw AnnualPlanEntryInvalid(problems: [.init(field: "item_codes", message: "抽查事项「\(missing)」不在参与部门的抽查事项清单中")])
        }
    }

    func query() -> SQLSelectBuilder {
        sql.select().columns("id", "year", "title", "lead_department", "cooperating_departments", "field", "item_codes", "object_scope",
                             "ratio_bp", "months", "created_by", "updated_at").from("plan_entries")
    }

    static func decode(_ row: any SQLRow) throws -> StoredEntry {
        let id = try row.decode(column: "id", as: Int.self)
        func list(_ column: String, _ separator: Character) throws -> [String] {
            try row.decode(column: column, as: String.self).split(separator: separator).map(String.init)
        }
        let months = try list("months", ",").map { text -> Int in
            guard let month = Int(text), (1...12).contains(month) else {
                throw CorruptStoredValue(entity: "plan_entries", id: String(id), column: "months", value: text)
            }
            return month
        }
        let entry = AnnualPlanEntry(
            id: id, year: try row.decode(column: "year", as: Int.self), title: try row.decode(column: "title", as: String.self),
            leadDepartment: try row.decode(column: "lead_department", as: String.self),
            cooperatingDepartments: try list("cooperating_departments", ";"), field: try row.decode(column: "field", as: String.self),
            itemCodes: try list("item_codes", ";"), objectScope: try row.decode(column: "object_scope", as: String.self),
            ratioBasisPoints: try row.decode(column: "ratio_bp", as: Int.self), months: months)
        return StoredEntry(entry: entry, createdBy: try row.decode(column: "created_by", as: String.self),
                           updatedAt: try row.decode(column: "updated_at", as: Date.self))
    }

    static func auditSnapshot(_ entry: AnnualPlanEntry) -> [String: String] {
        ["year": String(entry.year), "title": entry.title, "lead": entry.leadDepartment,
         "cooperating": entry.cooperatingDepartments.joined(separator: ";"), "field": entry.field,
         "items": entry.itemCodes.joined(separator: ";"), "scope": entry.objectScope,
         "ratio": AnnualPlanEntry.ratioText(entry.ratioBasisPoints), "months": entry.monthsText]
    }
}

/// An entry refused for what it says, each problem with its field.
public struct AnnualPlanEntryInvalid: Error, Sendable, CustomStringConvertible {
    public var problems: [TaskPlanProblem]
    public var description: String { problems.map(\.message).joined(separator: "；") }
}
