import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

/// Confirmation (product step 5): each department confirms or rejects the enterprises
/// dispatched to it within one working day; a rejection draws the protocol's replacement.
extension TaskStore {
    /// One enterprise dispatched to a department, with the department's decision.
    public struct Dispatch: Sendable, Equatable {
        public var uscc: String
        public var name: String
        public var stratum: String
        public var origin: DispatchOrigin
        public var seq: Int
        public var active: Bool
        public var departments: [String]
        public var dispatchedOn: CivilDate
        public var confirmBy: CivilDate
        /// The decision, nil while pending (for the department asked about).
        public var decision: ConfirmationDecision?
        public var reason: String
        /// Why the enterprise was returned (nil while it is active).
        public var rejection: DispatchRejection?
        /// The rejection as it has always been worded, `code：reason`.
        public var rejectedReason: String? { rejection?.text }

        /// Pending after its deadline.
        public func isOverdue(today: CivilDate) -> Bool { active && decision == nil && today > confirmBy }
        /// Shown as 抽中 or 补抽.
        public var originLabel: String { origin.label }
    }

    /// The task's enterprises (all, or those dispatched to `department`) in draw order, with
    /// that department's decisions; with no department the decision is the first rejection or,
    /// when every department confirmed, `confirmed`.
    public func dispatches(_ taskID: Int, department: String? = nil) async throws -> [Dispatch] {
        var query = sql.select()
            .columns(SQLColumn("uscc", table: "e"), SQLColumn("stratum", table: "e"), SQLColumn("origin", table: "e"),
                     SQLColumn("seq", table: "e"), SQLColumn("active", table: "e"), SQLColumn("depts", table: "e"),
                     SQLColumn("dispatched_on", table: "e"), SQLColumn("confirm_by", table: "e"),
                     SQLColumn("rejected_department", table: "e"), SQLColumn("rejected_reason", table: "e"))
            .column(SQLColumn("name", table: "d"), as: "name")
            .from(SQLAlias(SQLIdentifier("task_enterprises"), as: SQLIdentifier("e")))
            .join(SQLAlias(SQLIdentifier("enterprises"), as: SQLIdentifier("d")), method: SQLJoinMethod.left,
                  on: SQLColumn("uscc", table: "e"), .equal, SQLColumn("uscc", table: "d"))
            .where(SQLColumn("task_id", table: "e"), .equal, SQLBind(taskID))
        if let department { query = query.where(Self.dispatchedTo(department)) }
        let rows = try await query.orderBy(SQLColumn("seq", table: "e")).all()
        var decisions: [String: [(dept: String, decision: ConfirmationDecision, reason: String)]] = [:]
        for row in try await sql.select().columns("uscc", "department_code", "decision", "reason").from("task_confirmations")
            .where("task_id", .equal, taskID).all() {
            let uscc = try row.decode(column: "uscc", as: String.self), dept = try row.decode(column: "department_code", as: String.self)
            decisions[uscc, default: []].append((
                dept, try row.decodeStored("decision", as: ConfirmationDecision.self, entity: "task_confirmations", id: "\(taskID)/\(uscc)/\(dept)"),
                try row.decode(column: "reason", as: String.self)))
        }
        return try rows.map { row in
            let uscc = try row.decode(column: "uscc", as: String.self)
            let depts = FieldTag.splitList(try row.decode(column: "depts", as: String.self))
            let mine = decisions[uscc] ?? []
            var decision: ConfirmationDecision?
            var reason = ""
            if let department {
                if let hit = mine.first(where: { $0.dept == department }) { decision = hit.decision; reason = hit.reason }
            } else if let rejected = mine.first(where: { $0.decision == .rejected }) {
                decision = .rejected; reason = "\(rejected.dept)：\(rejected.reason)"
            } else if Set(mine.map(\.dept)).isSuperset(of: depts) {
                decision = .confirmed
            }
            let key = "\(taskID)/\(uscc)"
            return Dispatch(
                uscc: uscc, name: try row.decodeOptionalText("name") ?? uscc,
                stratum: try row.decode(column: "stratum", as: String.self),
                origin: try row.decodeStored("origin", as: DispatchOrigin.self, entity: "task_enterprises", id: key),
                seq: try row.decode(column: "seq", as: Int.self), active: try row.decode(column: "active", as: Bool.self),
                departments: depts,
                dispatchedOn: try row.decodeStoredDate("dispatched_on", entity: "task_enterprises", id: key),
                confirmBy: try row.decodeStoredDate("confirm_by", entity: "task_enterprises", id: key),
                decision: decision, reason: reason,
                rejection: try row.decodeOptionalText("rejected_reason").map {
                    DispatchRejection(department: try row.decodeOptionalText("rejected_department"), reason: $0)
                })
        }
    }

    /// Rows of `task_enterprises` (alias `e`) dispatched to `department`. `depts` holds the codes
    /// joined by `;`, which a department code cannot contain; the code is compared as a whole
    /// token with a plain substring search — never LIKE, where `_` (legal in a code) is a wildcard
    /// and department `a_b` would see the dispatches of `a-b`.
    static func dispatchedTo(_ department: String) -> any SQLExpression {
        SQLDispatchedTo(department: department)
    }

    /// The department confirms it will inspect `uscc`.
    public func confirm(_ reference: String, uscc: String, department: String, actor: AuditLog.Actor, now: Date = Date()) async throws {
        try await db.transaction { tx in
            let store = on(tx)
            let task = try await store.lock(reference)
            try await store.checkPendingDispatch(task, uscc: uscc, department: department)
            try await store.insertDecision(task.id, uscc: uscc, department: department, decision: .confirmed, reason: "", actor: actor, now: now)
            try await AuditLog.record(on: tx, actor: actor, action: "confirm", entity: "task", entityID: String(task.id),
                                      after: ["uscc": uscc, "department": department])
            try await store.advanceIfReady(task, actor: actor)
        }
    }

    /// The department rejects `uscc` with a reason; the protocol's next candidate of the same
    /// stratum replaces it and is dispatched the same way. Returns the replacement's USCC.
    @discardableResult
    public func reject(_ reference: String, uscc: String, department: String, reason rawReason: String,
                       actor: AuditLog.Actor, today: CivilDate = .today) async throws -> String {
        let reason = rawReason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw StoreError.invalid("退回企业必须填写理由（如已注销、不属于检查范围）") }
        return try await db.transaction { tx in
            let store = on(tx)
            let task = try await store.lock(reference)
            try await store.checkPendingDispatch(task, uscc: uscc, department: department)
            try await store.insertDecision(task.id, uscc: uscc, department: department, decision: .rejected, reason: reason, actor: actor)
            try await store.insertRejection(task.id, kind: .enterprise, subject: uscc, department: department, reason: reason, actor: actor)
            try await store.sql.update("task_enterprises").set("active", to: false)
                .set("rejected_department", to: department).set("rejected_reason", to: reason)
                .where("task_id", .equal, task.id).where("uscc", .equal, uscc).run()

            let progress = try await store.progress(task)
            let draws: [EnterpriseDraw]
            do {
                draws = try progress.enterpriseDraws(rejections: try await store.rejections(task.id))
            } catch DrawError.noReplacementLeft {
                throw StoreError.invalid("企业 \(uscc) 所在信用风险分类已无可补抽的企业，不能退回")
            }
            guard let (stratum, _) = progress.inputs.objects.candidates.locate(uscc),
                  let draw = draws.first(where: { $0.selection.stratum == stratum }),
                  let position = draw.selection.replacementPositions.last
            else { throw StoreError.invalid("企业 \(uscc) 不在本任务的冻结名单中") }
            let replacement = progress.inputs.objects.candidates.id(at: position)
            let nextSeq = try await store.sql.select().column(SQLFunction("MAX", args: SQLColumn("seq")), as: "m").from("task_enterprises")
                .where("task_id", .equal, task.id).first()?.decode(column: "m", as: Int?.self) ?? -1
            try await store.insertDispatches(
                taskID: task.id,
                [DispatchRow(uscc: replacement, stratum: stratum.name, origin: .replacement, seq: nextSeq + 1,
                             depts: progress.inputs.objects.departments[position])],
                today: today, confirmBy: try await store.workingCalendar().addWorkingDays(1, to: today))
            _ = try await store.refreshRecord(task, progress: progress)
            try await AuditLog.record(on: tx, actor: actor, action: "reject-enterprise", entity: "task", entityID: String(task.id),
                                      after: ["uscc": uscc, "department": department, "reason": reason, "replacement": replacement])
            return replacement
        }
    }

    func checkPendingDispatch(_ task: TaskInfo, uscc: String, department: String) async throws {
        guard task.state == .confirming else { throw TaskTransitionError(from: task.state, action: "确认或退回企业") }
        guard let row = try await sql.select().columns("active", "depts").from("task_enterprises")
            .where("task_id", .equal, task.id).where("uscc", .equal, uscc).first()
        else { throw StoreError.notFound(entity: "本任务抽中的企业", key: uscc) }
        guard try row.decode(column: "active", as: Bool.self) else { throw StoreError.conflict("企业 \(uscc) 已被退回，无需再确认或退回") }
        guard FieldTag.splitList(try row.decode(column: "depts", as: String.self)).contains(department) else {
            throw StoreError.forbidden("企业 \(uscc) 未派发给部门 \(department)")
        }
        if let decided = try await sql.select().column("decision").from("task_confirmations").where("task_id", .equal, task.id)
            .where("uscc", .equal, uscc).where("department_code", .equal, department).first() {
            let decision = try decided.decodeStored("decision", as: ConfirmationDecision.self, entity: "task_confirmations",
                                                    id: "\(task.id)/\(uscc)/\(department)")
            throw StoreError.conflict("部门 \(department) 已对企业 \(uscc) 作出决定（\(decision.label)），不能重复确认或退回")
        }
    }

    func insertDecision(_ taskID: Int, uscc: String, department: String, decision: ConfirmationDecision, reason: String, actor: AuditLog.Actor,
                        now: Date = Date()) async throws {
        try await sql.insert(into: "task_confirmations")
            .columns("task_id", "uscc", "department_code", "decision", "reason", "decided_by", "decided_at")
            .values(SQLBind(taskID), SQLBind(uscc), SQLBind(department), SQLBind(decision.rawValue), SQLBind(reason), SQLBind(actor.name), SQLBind(now))
            .run()
    }

    func insertRejection(_ taskID: Int, kind: TaskDrawProgress.Rejection.Kind, subject: String, department: String, reason: String,
                         actor: AuditLog.Actor) async throws {
        try await sql.insert(into: "task_rejections")
            .columns("task_id", "kind", "subject", "department_code", "reason", "actor", "created_at")
            .values(SQLBind(taskID), SQLBind(kind.rawValue), SQLBind(subject), SQLBind(department), SQLBind(reason),
                    SQLBind(actor.name), SQLBind(clock.now()))
            .run()
    }

    /// Pending confirmations per department (active enterprises without that department's
    /// decision); every participating department with dispatches appears, with 0 when done.
    public func pendingConfirmations(_ taskID: Int) async throws -> [String: Int] {
        let done = try await decidedPairs(taskID)
        var pending: [String: Int] = [:]
        for row in try await sql.select().columns("uscc", "depts").from("task_enterprises")
            .where("task_id", .equal, taskID).where("active", .equal, true).all() {
            let uscc = try row.decode(column: "uscc", as: String.self)
            for dept in FieldTag.splitList(try row.decode(column: "depts", as: String.self)) {
                pending[dept, default: 0] += done.contains(uscc + "|" + dept) ? 0 : 1
            }
        }
        return pending
    }

    /// 确认中 → 人员已抽取 once every dispatch is confirmed and every department has drawn.
    func advanceIfReady(_ task: TaskInfo, actor: AuditLog.Actor) async throws {
        let current = try await require(String(task.id))
        guard current.state == .confirming else { return }
        let pending = try await pendingConfirmations(task.id).values.reduce(0, +)
        let drawn = try await drawnDepartments(task.id)
        guard pending == 0, Set(current.plan.departments.map(\.department)).isSubset(of: drawn) else { return }
        try await setState(current, .inspectorsDrawn, action: "完成确认与人员抽取", actor: actor)
    }
}

/// `';' || e.depts || ';'` contains `';' || code || ';'`, with each dialect's own substring
/// search (`strpos` on PostgreSQL, `instr` on SQLite): both compare characters exactly.
private struct SQLDispatchedTo: SQLExpression {
    let department: String

    func serialize(to serializer: inout SQLSerializer) {
        let function = serializer.dialect.name == "postgresql" ? "strpos" : "instr"
        SQLBinaryExpression(
            SQLFunction(function, args: SQLRaw("';' || e.depts || ';'"), SQLBind(";" + department + ";")),
            .greaterThan, SQLLiteral.numeric("0")
        ).serialize(to: &serializer)
    }
}
