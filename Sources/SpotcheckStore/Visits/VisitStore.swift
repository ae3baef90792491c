import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

/// A visit refused for when it would happen (an officer booked twice in one half-day): the
/// office sees these in the audit log, and pages and the API answer 409 with the description.
public protocol VisitRefusal: Error, Sendable, CustomStringConvertible {}

/// 约定时间 (issue 16): the proposed and agreed joint visits of a task's enterprises, and who
/// accepted each. A proposal and an acceptance lock the task's row for their transaction, so two
/// proposals for one enterprise cannot both become its current visit, and the clash check (one
/// inspector at two enterprises in the same half-day) sees every visit written before it.
public struct VisitStore: Sendable {
    public let db: any Database
    public let clock: WorkClock
    /// A fixed working-day calendar (tests), or nil for the built-in notices plus the office's
    /// overrides: the results deadline a visit may not pass is counted with it.
    public let calendar: WorkingDayCalendar?
    public init(db: any Database, clock: WorkClock = .system, calendar: WorkingDayCalendar? = nil) {
        self.db = db
        self.clock = clock
        self.calendar = calendar
    }
    func on(_ tx: any Database) -> VisitStore { VisitStore(db: tx, clock: clock, calendar: calendar) }
    var sql: any SQLDatabase { db as! any SQLDatabase }

    public struct Acceptance: Sendable, Equatable {
        public var department: String
        public var acceptedBy: String
        public var acceptedAt: Date
    }

    public struct Visit: Sendable, Equatable {
        public var id: Int
        public var taskID: Int
        public var uscc: String
        public var date: CivilDate
        public var halfDay: VisitHalfDay
        /// "09:30", or "" when only the half-day was agreed.
        public var time: String
        public var place: String
        public var note: String
        public var state: VisitState
        public var proposedBy: String
        public var proposedDepartment: String
        public var createdAt: Date
        public var agreedAt: Date?
        public var acceptances: [Acceptance]

        /// 2024年6月3日 上午 09:30, as a clerk writes it.
        public var whenText: String { "\(date.chineseText) \(halfDay.label)\(time.isEmpty ? "" : " \(time)")" }
    }

    /// What a proposal says.
    public struct Proposal: Sendable, Equatable {
        public var date: CivilDate
        public var halfDay: VisitHalfDay
        public var time: String
        public var place: String
        public var note: String
        public init(date: CivilDate, halfDay: VisitHalfDay, time: String = "", place: String, note: String = "") {
            self.date = date
            self.halfDay = halfDay
            self.time = time
            self.place = place
            self.note = note
        }
    }

    /// A visit refused because an inspector of this enterprise's teams is at another enterprise in
    /// the same half-day: the message names the inspector and the other enterprise.
    public struct Clash: VisitRefusal {
        public var inspector: String
        public var otherEnterprise: String
        public var otherDocumentNumber: String
        public var when: String
        public var description: String {
            "\(inspector)\(when)已约定（或待确认）到「\(otherEnterprise)」检查（\(otherDocumentNumber)），同一半天不能到两家企业；请另选时间"
        }
    }

    /// The results deadline already running at an enterprise: a department has recorded its
    /// inspection there (draft or submitted), and its result must be public by `due`.
    public struct ResultDeadlineRunning: Sendable, Equatable {
        public var department: String
        public var inspectionDate: CivilDate
        public var due: CivilDate
    }

    // MARK: Reads

    /// The current (not replaced) visits of a task, by enterprise.
    public func current(taskID: Int) async throws -> [String: Visit] {
        let visits = try await decode(try await query().where("task_id", .equal, taskID)
            .where("state", .notEqual, VisitState.replaced.rawValue).orderBy("id").all())
        return Dictionary(visits.map { ($0.uscc, $0) }, uniquingKeysWith: { _, last in last })
    }

    public func visit(id: Int) async throws -> Visit? {
        try await decode(try await query().where("id", .equal, id).all()).first
    }

    /// The departments whose teams inspect `uscc` in the task (each must accept a visit).
    public func departments(taskID: Int, uscc: String) async throws -> [String] {
        try await sql.select().column("department_code").from("task_assignments").where("task_id", .equal, taskID)
            .where("uscc", .equal, uscc).all().map { try $0.decode(column: "department_code", as: String.self) }.sorted()
    }

    /// The departments in which the inspector `code` is on a team at `uscc` in the task.
    public func departments(of code: String, taskID: Int, uscc: String) async throws -> [String] {
        guard !code.isEmpty else { return [] }
        return try await membersAtAssignments().column(column("department_code", Self.assignments))
            .where(column("task_id", Self.assignments), .equal, SQLBind(taskID)).where(column("uscc", Self.assignments), .equal, SQLBind(uscc))
            .where(column("inspector_code", Self.members), .equal, SQLBind(code)).all()
            .map { try $0.decode(column: "department_code", as: String.self) }.sorted()
    }

    /// Every drawn officer on a team at `uscc` in the task (experts are not drawn and not checked).
    public func inspectors(taskID: Int, uscc: String) async throws -> [String] {
        try await membersAtAssignments().column(column("inspector_code", Self.members))
            .where(column("task_id", Self.assignments), .equal, SQLBind(taskID)).where(column("uscc", Self.assignments), .equal, SQLBind(uscc))
            .all().map { try $0.decode(column: "inspector_code", as: String.self) }
    }

    /// The current visits of every enterprise the inspector `code` inspects, soonest first: one
    /// query over the inspector's teams, their enterprises and those enterprises' visits.
    public func agenda(inspector code: String) async throws -> [Visit] {
        guard !code.isEmpty else { return [] }
        let visitJoin = and(equal(column("task_id", Self.visits), column("task_id", Self.assignments)),
                            equal(column("uscc", Self.visits), column("uscc", Self.assignments)))
        let rows = try await membersAtAssignments().distinct().columns(Self.visitColumns.map { column($0, Self.visits) })
            .join(Self.visits, on: visitJoin)
            .where(column("inspector_code", Self.members), .equal, SQLBind(code))
            .where(column("state", Self.visits), .notEqual, SQLBind(VisitState.replaced.rawValue)).all()
        return try await decode(rows)
            .sorted { ($0.date, $0.halfDay == .morning ? 0 : 1, $0.time, $0.id) < ($1.date, $1.halfDay == .morning ? 0 : 1, $1.time, $1.id) }
    }

    // MARK: Writes

    /// Proposes a visit for `uscc` on behalf of `department` (whose acceptance it carries): the
    /// enterprise's current visit, if any, is replaced. Refused outside the task's period, before
    /// teams exist, and when an inspector of the enterprise's teams is elsewhere that half-day (a
    /// clash, which is audited).
    @discardableResult
    public func propose(taskID: Int, uscc: String, department: String, _ proposal: Proposal, actor: AuditLog.Actor) async throws -> Visit {
        do {
            return try await write(proposal, taskID: taskID, uscc: uscc, department: department, actor: actor)
        } catch let refusal as any VisitRefusal {
            try await recordRefusal(refusal, taskID: taskID, uscc: uscc, date: proposal.date, halfDay: proposal.halfDay, actor: actor)
            throw refusal
        }
    }

    func write(_ proposal: Proposal, taskID: Int, uscc: String, department: String, actor: AuditLog.Actor) async throws -> Visit {
        let place = proposal.place.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !place.isEmpty else { throw StoreError.invalid("请填写集合地点（如企业门口、某路口）") }
        guard place.count <= 200, proposal.note.count <= 500 else { throw StoreError.invalid("地点不能超过 200 字，备注不能超过 500 字") }
        if !proposal.time.isEmpty, VisitHalfDay.of(time: proposal.time) != proposal.halfDay {
            throw StoreError.invalid("时间 \(proposal.time) 不在\(proposal.halfDay.label)")
        }
        return try await db.transaction { tx in
            let store = on(tx)
            let task = try await store.lockTask(taskID)
            guard task.state == .matched || task.state == .inspecting else {
                throw StoreError.conflict("任务\(task.state.label)，只有匹配检查组后、检查完成前可以约定检查时间")
            }
            guard proposal.date >= task.plan.periodStart && proposal.date <= task.plan.periodEnd else {
                throw StoreError.invalid("约定日期须在检查时间（\(task.plan.periodStart.chineseText)至\(task.plan.periodEnd.chineseText)）内")
            }
            let departments = try await store.departments(taskID: taskID, uscc: uscc)
            guard departments.contains(department) else { throw StoreError.notFound(entity: "本部门检查组负责的企业", key: uscc) }
            try await store.refuseClash(taskID: taskID, uscc: uscc, date: proposal.date, halfDay: proposal.halfDay)
            let now = clock.now()
            let previous = try await store.current(taskID: taskID)[uscc]
            if let previous {
                try await store.sql.update("task_visits").set("state", to: VisitState.replaced.rawValue)
                    .where("id", .equal, previous.id).where("state", .notEqual, VisitState.replaced.rawValue).run()
            }
            let agreed = departments == [department]
            let row = try await store.sql.insert(into: "task_visits")
                .columns("task_id", "uscc", "visit_date", "half_day", "start_time", "place", "note", "state", "proposed_by",
                         "proposed_department", "created_at", "agreed_at")
                .values(SQLBind(taskID), SQLBind(uscc), SQLBind(proposal.date.description), SQLBind(proposal.halfDay.rawValue),
                        SQLBind(proposal.time), SQLBind(place), SQLBind(proposal.note.trimmingCharacters(in: .whitespacesAndNewlines)),
                        SQLBind(agreed ? VisitState.agreed.rawValue : VisitState.proposed.rawValue), SQLBind(actor.name), SQLBind(department),
                        SQLBind(now), SQLBind(agreed ? now : nil))
                .returning("id").first()
            guard let id = try row?.decode(column: "id", as: Int.self) else { throw StoreError.invalid("无法保存约定") }
            try await store.sql.insert(into: "task_visit_acceptances").columns("visit_id", "department_code", "accepted_by", "accepted_at")
                .values(SQLBind(id), SQLBind(department), SQLBind(actor.name), SQLBind(now)).run()
            try await AuditLog.record(on: tx, actor: actor, action: previous == nil ? "propose-visit" : "repropose-visit", entity: "task_visit",
                                      entityID: String(id), before: previous.map(Self.auditSnapshot),
                                      after: ["task": String(taskID), "uscc": uscc, "department": department, "date": proposal.date.description,
                                              "half_day": proposal.halfDay.label, "time": proposal.time, "place": place], at: now)
            guard let saved = try await store.visit(id: id) else { throw StoreError.notFound(entity: "约定", key: String(id)) }
            return saved
        }
    }

    /// `department` accepts the current proposal; when every department at the enterprise has,
    /// the visit is 已约定. Once per department (409 the second time); refused, and audited, when
    /// an officer has been booked elsewhere that half-day since.
    @discardableResult
    public func accept(visitID: Int, department: String, actor: AuditLog.Actor) async throws -> Visit {
        do {
            return try await writeAcceptance(visitID: visitID, department: department, actor: actor)
        } catch let refusal as any VisitRefusal {
            try await recordRefusal(of: visitID, refusal, actor: actor)
            throw refusal
        }
    }

    func recordRefusal(of visitID: Int, _ refusal: any VisitRefusal, actor: AuditLog.Actor) async throws {
        guard let visit = try await visit(id: visitID) else { return }
        try await recordRefusal(refusal, taskID: visit.taskID, uscc: visit.uscc, date: visit.date, halfDay: visit.halfDay, actor: actor)
    }

    func writeAcceptance(visitID: Int, department: String, actor: AuditLog.Actor) async throws -> Visit {
        try await db.transaction { tx in
            let store = on(tx)
            guard let visit = try await store.visit(id: visitID) else { throw StoreError.notFound(entity: "约定", key: String(visitID)) }
            _ = try await store.lockTask(visit.taskID)
            guard let current = try await store.visit(id: visitID), current.state == .proposed else {
                throw StoreError.conflict(visit.state == .agreed ? "该时间已约定" : "该约定已被新的时间取代，请查看最新的约定")
            }
            let departments = try await store.departments(taskID: visit.taskID, uscc: visit.uscc)
            guard departments.contains(department) else { throw StoreError.notFound(entity: "本部门检查组负责的企业", key: visit.uscc) }
            guard !current.acceptances.contains(where: { $0.department == department }) else { throw StoreError.conflict("本部门已确认该时间") }
            try await store.refuseClash(taskID: visit.taskID, uscc: visit.uscc, date: visit.date, halfDay: visit.halfDay)
            let now = clock.now()
            try await store.sql.insert(into: "task_visit_acceptances").columns("visit_id", "department_code", "accepted_by", "accepted_at")
                .values(SQLBind(visitID), SQLBind(department), SQLBind(actor.name), SQLBind(now)).run()
            let accepted = Set(current.acceptances.map(\.department) + [department])
            var after = ["department": department]
            if Set(departments).isSubset(of: accepted) {
                guard try await store.sql.update("task_visits").set("state", to: VisitState.agreed.rawValue).set("agreed_at", to: now)
                    .where("id", .equal, visitID).where("state", .equal, VisitState.proposed.rawValue).returning("id").first() != nil
                else { throw StoreError.conflict("该约定已变化，请刷新后再试") }
                after["state"] = VisitState.agreed.label
            }
            try await AuditLog.record(on: tx, actor: actor, action: "accept-visit", entity: "task_visit", entityID: String(visitID),
                                      after: after, at: now)
            guard let saved = try await store.visit(id: visitID) else { throw StoreError.notFound(entity: "约定", key: String(visitID)) }
            return saved
        }
    }

    // MARK: Helpers

    func lockTask(_ id: Int) async throws -> TaskInfo {
        try await TaskStore(db: db, clock: clock).lock(String(id))
    }

    static let visits = SQLIdentifier("task_visits")
    static let assignments = SQLIdentifier("task_assignments")
    static let members = SQLIdentifier("task_team_members")
    static let visitColumns = ["id", "task_id", "uscc", "visit_date", "half_day", "start_time", "place", "note", "state", "proposed_by",
                               "proposed_department", "created_at", "agreed_at"]

    /// Team members joined to the enterprises their team inspects (same task, department and team).
    func membersAtAssignments() -> SQLSelectBuilder {
        let memberJoin = and(and(equal(column("task_id", Self.members), column("task_id", Self.assignments)),
                                 equal(column("department_code", Self.members), column("department_code", Self.assignments))),
                             equal(column("team_index", Self.members), column("team_index", Self.assignments)))
        return sql.select().from(Self.assignments).join(Self.members, on: memberJoin)
    }

    func column(_ name: String, _ table: SQLIdentifier) -> SQLColumn { SQLColumn(SQLIdentifier(name), table: table) }
    func equal(_ left: any SQLExpression, _ right: any SQLExpression) -> SQLBinaryExpression { SQLBinaryExpression(left, .equal, right) }
    func and(_ left: any SQLExpression, _ right: any SQLExpression) -> SQLBinaryExpression { SQLBinaryExpression(left, .and, right) }

    func query() -> SQLSelectBuilder {
        sql.select().columns(Self.visitColumns).from("task_visits")
    }

    func decode(_ rows: [any SQLRow]) async throws -> [Visit] {
        let ids = try rows.map { try $0.decode(column: "id", as: Int.self) }
        var acceptances: [Int: [Acceptance]] = [:]
        if !ids.isEmpty {
            for row in try await sql.select().columns("visit_id", "department_code", "accepted_by", "accepted_at").from("task_visit_acceptances")
                .where("visit_id", .in, ids).orderBy("accepted_at").all() {
                acceptances[try row.decode(column: "visit_id", as: Int.self), default: []].append(Acceptance(
                    department: try row.decode(column: "department_code", as: String.self),
                    acceptedBy: try row.decode(column: "accepted_by", as: String.self), acceptedAt: try row.decode(column: "accepted_at", as: Date.self)))
            }
        }
        return try rows.map { row in
            let id = try row.decode(column: "id", as: Int.self)
            return Visit(
                id: id, taskID: try row.decode(column: "task_id", as: Int.self), uscc: try row.decode(column: "uscc", as: String.self),
                date: try row.decodeStoredDate("visit_date", entity: "task_visits", id: String(id)),
                halfDay: try row.decodeStored("half_day", as: VisitHalfDay.self, entity: "task_visits", id: String(id)),
                time: try row.decode(column: "start_time", as: String.self), place: try row.decode(column: "place", as: String.self),
                note: try row.decode(column: "note", as: String.self),
                state: try row.decodeStored("state", as: VisitState.self, entity: "task_visits", id: String(id)),
                proposedBy: try row.decode(column: "proposed_by", as: String.self),
                proposedDepartment: try row.decode(column: "proposed_department", as: String.self),
                createdAt: try row.decode(column: "created_at", as: Date.self),
                agreedAt: try row.decodeNil(column: "agreed_at") ? nil : try row.decode(column: "agreed_at", as: Date.self),
                acceptances: acceptances[id] ?? [])
        }
    }

    static func auditSnapshot(_ visit: Visit) -> [String: String] {
        ["date": visit.date.description, "half_day": visit.halfDay.label, "time": visit.time, "place": visit.place, "state": visit.state.label]
    }
}
