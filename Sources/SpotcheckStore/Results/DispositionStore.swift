import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

/// 后续处置 of findings: each disposition has a kind, a status and a history of events.
public struct DispositionStore: Sendable {
    public let db: any Database
    /// Where "now" comes from for the times a disposition and its events are written.
    public let clock: WorkClock
    public init(db: any Database, clock: WorkClock = .system) {
        self.db = db
        self.clock = clock
    }
    var sql: any SQLDatabase { db as! any SQLDatabase }

    public struct Disposition: Sendable, Equatable {
        public var id: Int
        public var taskID: Int
        public var uscc: String
        public var department: String
        public var kind: DispositionKind
        /// 教育/建议/提醒 for guidance, the body (领导小组 → 案件承办机构) for investigations, else empty.
        public var form: String
        public var status: DispositionStatus
        public var targetDepartment: String?
        public var reason: String
        public var decidedOn: CivilDate
        public var dueOn: CivilDate?
        public var closedOn: CivilDate?
        public var note: String
        public var createdBy: String
    }

    public struct Event: Sendable, Equatable {
        public var status: DispositionStatus
        public var note: String
        public var actor: String
        public var at: Date
    }

    /// Records a disposition of `department`'s finding at `uscc`. A transfer names the receiving
    /// department, which then sees it among its incoming dispositions.
    @discardableResult
    public func add(taskID: Int, uscc: String, department: String, kind: DispositionKind, form: String = "",
                    targetDepartment: String? = nil, reason: String, decidedOn: CivilDate, dueOn: CivilDate? = nil,
                    note: String = "", actor: AuditLog.Actor) async throws -> Int {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw StoreError.invalid("请写明处置的事实和理由") }
        if kind == .guidance && !DispositionKind.guidanceForms.contains(form) {
            throw StoreError.invalid("行政指导须选择方式：\(DispositionKind.guidanceForms.joined(separator: "/"))")
        }
        if kind == .transferDepartment {
            guard let targetDepartment, !targetDepartment.isEmpty, targetDepartment != department else {
                throw StoreError.invalid("移送其他部门须选择接收部门（不能是本部门）")
            }
            guard try await DepartmentRepository(db: db).find(code: targetDepartment) != nil else {
                throw StoreError.notFound(entity: "部门", key: targetDepartment)
            }
        }
        if kind == .abnormalList && department != "scjg" {
            throw StoreError.invalid("列入经营异常名录由市场监管部门决定；其他部门请选择移送市场监管部门")
        }
        return try await db.transaction { tx in
            let sql = tx as! any SQLDatabase
            guard try await sql.select().column("team_index").from("task_assignments").where("task_id", .equal, taskID)
                .where("uscc", .equal, uscc).where("department_code", .equal, department).first() != nil
            else { throw StoreError.notFound(entity: "本部门检查的企业", key: uscc) }
            let row = try await sql.insert(into: "dispositions")
                .columns("task_id", "uscc", "department_code", "kind", "form", "status", "target_department", "reason",
                         "decided_on", "due_on", "note", "created_by", "created_at")
                .values(SQLBind(taskID), SQLBind(uscc), SQLBind(department), SQLBind(kind.rawValue), SQLBind(form),
                        SQLBind(DispositionStatus.open.rawValue), SQLBind(kind == .transferDepartment ? targetDepartment : nil),
                        SQLBind(reason), SQLBind(decidedOn.description), SQLBind(dueOn?.description), SQLBind(note),
                        SQLBind(actor.name), SQLBind(clock.now()))
                .returning("id").first()
            guard let id = try row?.decode(column: "id", as: Int.self) else { throw StoreError.invalid("无法保存处置") }
            try await Self.event(id, status: .open, note: "登记：\(reason)", actor: actor, at: clock.now(), on: sql)
            try await AuditLog.record(on: tx, actor: actor, action: "create", entity: "disposition", entityID: String(id), after: [
                "task": String(taskID), "uscc": uscc, "department": department, "kind": kind.label, "form": form,
                "target": targetDepartment ?? "", "reason": reason, "decided_on": decidedOn.description,
            ])
            return id
        }
    }

    /// Moves a disposition on: a note for progress, or closing it on `closedOn`.
    public func update(id: Int, department: String, status: DispositionStatus, note: String, closedOn: CivilDate? = nil,
                       actor: AuditLog.Actor) async throws {
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !note.isEmpty else { throw StoreError.invalid("请填写办理情况") }
        try await db.transaction { tx in
            let store = DispositionStore(db: tx, clock: clock)
            guard let before = try await store.find(id: id), before.department == department || before.targetDepartment == department else {
                throw StoreError.notFound(entity: "处置", key: String(id))
            }
            guard before.status == .open else { throw StoreError.conflict("该处置已完结") }
            var update = store.sql.update("dispositions").set("status", to: status.rawValue)
            if status == .closed { update = update.set("closed_on", to: (closedOn ?? CivilDate.today).description) }
            // Conditional on 未完结: of two updates at once, one closing it, the other cannot write after it.
            guard try await update.where("id", .equal, id).where("status", .equal, DispositionStatus.open.rawValue)
                .returning("id").first() != nil
            else { throw StoreError.conflict("该处置已完结") }
            try await Self.event(id, status: status, note: note, actor: actor, at: clock.now(), on: store.sql)
            try await AuditLog.record(on: tx, actor: actor, action: "update", entity: "disposition", entityID: String(id),
                                      before: ["status": before.status.label], after: ["status": status.label, "note": note])
        }
    }

    public func find(id: Int) async throws -> Disposition? {
        try await query().where("id", .equal, id).first().map(Self.decode)
    }

    /// Dispositions of a task (or all), optionally of one department, or transferred to it.
    public func list(taskID: Int? = nil, department: String? = nil, incoming: Bool = false) async throws -> [Disposition] {
        var q = query()
        if let taskID { q = q.where("task_id", .equal, taskID) }
        if let department { q = q.where(incoming ? "target_department" : "department_code", .equal, department) }
        return try await q.orderBy("id").all().map(Self.decode)
    }

    /// The histories of dispositions `ids`, by id, in one query (a page lists many).
    public func histories(ids: [Int]) async throws -> [Int: [Event]] {
        guard !ids.isEmpty else { return [:] }
        var found: [Int: [Event]] = [:]
        for row in try await sql.select().columns("id", "disposition_id", "status", "note", "actor", "at").from("disposition_events")
            .where("disposition_id", .in, ids).orderBy("id").all() {
            let event = Event(status: try row.decodeStored("status", as: DispositionStatus.self, entity: "disposition_events",
                                                           id: String(try row.decode(column: "id", as: Int.self))),
                              note: try row.decode(column: "note", as: String.self), actor: try row.decode(column: "actor", as: String.self),
                              at: try row.decode(column: "at", as: Date.self))
            found[try row.decode(column: "disposition_id", as: Int.self), default: []].append(event)
        }
        return found
    }

    public func history(id: Int) async throws -> [Event] {
        try await sql.select().columns("id", "status", "note", "actor", "at").from("disposition_events").where("disposition_id", .equal, id)
            .orderBy("id").all().map { row in
                Event(status: try row.decodeStored("status", as: DispositionStatus.self, entity: "disposition_events",
                                                   id: String(try row.decode(column: "id", as: Int.self))),
                      note: try row.decode(column: "note", as: String.self), actor: try row.decode(column: "actor", as: String.self),
                      at: try row.decode(column: "at", as: Date.self))
            }
    }

    func query() -> SQLSelectBuilder {
        sql.select().columns("id", "task_id", "uscc", "department_code", "kind", "form", "status", "target_department", "reason",
                             "decided_on", "due_on", "closed_on", "note", "created_by").from("dispositions")
    }

    static func event(_ id: Int, status: DispositionStatus, note: String, actor: AuditLog.Actor, at date: Date,
                      on sql: any SQLDatabase) async throws {
        try await sql.insert(into: "disposition_events").columns("disposition_id", "status", "note", "actor", "at")
            .values(SQLBind(id), SQLBind(status.rawValue), SQLBind(note), SQLBind(actor.name), SQLBind(date)).run()
    }

    static func decode(_ row: any SQLRow) throws -> Disposition {
        let id = try row.decode(column: "id", as: Int.self)
        return Disposition(
            id: id, taskID: try row.decode(column: "task_id", as: Int.self),
            uscc: try row.decode(column: "uscc", as: String.self), department: try row.decode(column: "department_code", as: String.self),
            kind: try row.decodeStored("kind", as: DispositionKind.self, entity: "dispositions", id: String(id)),
            form: try row.decode(column: "form", as: String.self),
            status: try row.decodeStored("status", as: DispositionStatus.self, entity: "dispositions", id: String(id)),
            targetDepartment: try row.decodeOptionalText("target_department"), reason: try row.decode(column: "reason", as: String.self),
            decidedOn: try row.decodeStoredDate("decided_on", entity: "dispositions", id: String(id)),
            dueOn: try row.decodeStoredOptionalDate("due_on", entity: "dispositions", id: String(id)),
            closedOn: try row.decodeStoredOptionalDate("closed_on", entity: "dispositions", id: String(id)),
            note: try row.decode(column: "note", as: String.self), createdBy: try row.decode(column: "created_by", as: String.self))
    }
}
