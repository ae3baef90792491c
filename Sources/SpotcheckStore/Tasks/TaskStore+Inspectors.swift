import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

/// Inspector draw and matching (product step 6).
extension TaskStore {
    /// One drawn inspector of a task with roster facts for display.
    public struct DrawnInspector: Sendable, Equatable {
        public var code: String
        public var department: String
        public var name: String
        public var mobile: String
        public var origin: DispatchOrigin
        public var seq: Int
        public var active: Bool
        public var rejectedReason: String?
        public var originLabel: String { origin.label }
    }

    /// The department draws its inspectors from its frozen eligible list (spec §5).
    @discardableResult
    public func drawInspectors(_ reference: String, department: String, actor: AuditLog.Actor) async throws -> [String] {
        try await db.transaction { tx in
            let store = on(tx)
            let task = try await store.lock(reference)
            guard task.state == .confirming else { throw TaskTransitionError(from: task.state, action: "抽取执法检查人员") }
            guard task.plan.departments.contains(where: { $0.department == department }) else {
                throw StoreError.forbidden("部门 \(department) 未参与本任务")
            }
            var drawn = try await store.drawnDepartments(task.id)
            guard !drawn.contains(department) else { throw StoreError.conflict("部门 \(department) 已抽取执法检查人员，不能重抽") }
            drawn.insert(department)
            let progress = try await store.progress(task)
            let draws = try progress.inspectorDraws(departments: drawn, rejections: try await store.rejections(task.id))
            guard let mine = draws.first(where: { $0.dept == department }) else {
                throw StoreError.invalid("部门 \(department) 没有冻结的执法检查人员名单")
            }
            let codes = mine.selection.selectedPositions.map(progress.inputs.inspectors.id(at:))
            for (seq, code) in codes.enumerated() {
                try await store.insertInspector(task.id, department: department, code: code, origin: .selected, seq: seq)
            }
            try await store.sql.insert(into: "task_department_draws").columns("task_id", "department_code", "drawn_by", "drawn_at")
                .values(SQLBind(task.id), SQLBind(department), SQLBind(actor.name), SQLBind(clock.now())).run()
            _ = try await store.refreshRecord(task, progress: progress)
            try await AuditLog.record(on: tx, actor: actor, action: "draw-inspectors", entity: "task", entityID: String(task.id),
                                      after: ["department": department, "selected": codes.joined(separator: ";")])
            try await store.advanceIfReady(task, actor: actor)
            return codes
        }
    }

    /// An inspector who cannot serve is rejected with a reason and replaced by the next of the
    /// department's shuffle. Returns the replacement's code.
    @discardableResult
    public func rejectInspector(_ reference: String, code: String, department: String, reason rawReason: String,
                                actor: AuditLog.Actor) async throws -> String {
        let reason = rawReason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw StoreError.invalid("剔除执法检查人员必须填写理由（如病假、发现需回避）") }
        return try await db.transaction { tx in
            let store = on(tx)
            let task = try await store.lock(reference)
            guard task.state == .confirming || task.state == .inspectorsDrawn else {
                throw TaskTransitionError(from: task.state, action: "剔除执法检查人员（匹配后不能再更换）")
            }
            guard let row = try await store.sql.select().columns("department_code", "active").from("task_inspectors")
                .where("task_id", .equal, task.id).where("inspector_code", .equal, code).first(),
                try row.decode(column: "department_code", as: String.self) == department
            else { throw StoreError.notFound(entity: "本部门抽中的执法检查人员", key: code) }
            guard try row.decode(column: "active", as: Bool.self) else { throw StoreError.conflict("执法检查人员 \(code) 已被剔除") }
            try await store.insertRejection(task.id, kind: .inspector, subject: code, department: department, reason: reason, actor: actor)
            try await store.sql.update("task_inspectors").set("active", to: false).set("rejected_reason", to: reason)
                .where("task_id", .equal, task.id).where("inspector_code", .equal, code).run()
            let progress = try await store.progress(task)
            let draws: [InspectorDraw]
            do {
                draws = try progress.inspectorDraws(departments: try await store.drawnDepartments(task.id),
                                                    rejections: try await store.rejections(task.id))
            } catch DrawError.noReplacementLeft {
                throw StoreError.invalid("部门 \(department) 已无可补抽的执法检查人员，不能剔除")
            }
            guard let draw = draws.first(where: { $0.dept == department }), let position = draw.selection.replacementPositions.last else {
                throw StoreError.invalid("无法为 \(code) 补抽")
            }
            let replacement = progress.inputs.inspectors.id(at: position)
            let nextSeq = try await store.sql.select().column(SQLFunction("MAX", args: SQLColumn("seq")), as: "m").from("task_inspectors")
                .where("task_id", .equal, task.id).where("department_code", .equal, department).first()?
                .decode(column: "m", as: Int?.self) ?? -1
            try await store.insertInspector(task.id, department: department, code: replacement, origin: .replacement, seq: nextSeq + 1)
            _ = try await store.refreshRecord(task, progress: progress)
            try await AuditLog.record(on: tx, actor: actor, action: "reject-inspector", entity: "task", entityID: String(task.id),
                                      after: ["inspector": code, "department": department, "reason": reason, "replacement": replacement])
            return replacement
        }
    }

    /// Forms teams and matches them to enterprises (spec §6); the draw is then complete and
    /// the record, secret included, is public. The record is checked with the verifier before
    /// it is stored, so the platform never publishes a record `spotcheck verify` would refuse.
    @discardableResult
    public func match(_ reference: String, actor: AuditLog.Actor) async throws -> TaskInfo {
        try await db.transaction { tx in
            let store = on(tx)
            let task = try await store.lock(reference)
            try task.state.check(moveTo: .matched, action: "匹配检查组")
            let progress = try await store.progress(task)
            let rejections = try await store.rejections(task.id)
            let record: DrawRecord
            do {
                record = try progress.record(rejections: rejections, drawnDepartments: Set(task.plan.departments.map(\.department)),
                                             matched: true)
            } catch let error as DrawError {
                throw StoreError.invalid("匹配失败：\(error)")
            }
            guard case .verified = DrawVerifier.verify(record, inputs: progress.inputs) else {
                throw StoreError.invalid("内部错误：抽取记录未通过复核，未保存")
            }
            for entry in record.teams {
                for (teamIndex, members) in entry.teams.enumerated() {
                    for (position, code) in members.enumerated() {
                        try await store.sql.insert(into: "task_team_members")
                            .columns("task_id", "department_code", "team_index", "position", "inspector_code")
                            .values(SQLBind(task.id), SQLBind(entry.dept), SQLBind(teamIndex), SQLBind(position), SQLBind(code)).run()
                    }
                }
                var writer = BulkWriter(table: "task_assignments", columns: ["task_id", "uscc", "department_code", "team_index"],
                                        conflictKeys: ["task_id", "uscc", "department_code"], tableWasEmpty: true, on: store.sql)
                try await writer.write(entry.assignments) { assignment, cells in
                    cells.text(String(task.id))
                    cells.text(assignment.enterprise)
                    cells.text(entry.dept)
                    cells.text(String(assignment.team))
                }
                try await writer.finish()
            }
            try await store.sql.update("tasks").set("record", to: DrawRecordJSON.string(record)).where("id", .equal, task.id).run()
            try await store.setState(task, .matched, action: "匹配检查组", actor: actor, dates: ["matched_at": clock.now()])
            try await AuditLog.record(on: tx, actor: actor, action: "match", entity: "task", entityID: String(task.id), after: [
                "teams": record.teams.map { "\($0.dept):\($0.teams.count)" }.joined(separator: ";"),
                "secret_revealed": record.secret,
            ])
            return try await store.require(String(task.id))
        }
    }

    /// The task's drawn inspectors (optionally one department's) in draw order, with names.
    public func drawnInspectors(_ taskID: Int, department: String? = nil) async throws -> [DrawnInspector] {
        var query = sql.select().columns("department_code", "inspector_code", "origin", "seq", "active", "rejected_reason")
            .from("task_inspectors").where("task_id", .equal, taskID)
        if let department { query = query.where("department_code", .equal, department) }
        let rows = try await query.orderBy("department_code").orderBy("seq").all()
        let roster = Dictionary(try await InspectorRoster(db: db).list(department: department).map { ($0.code, $0) },
                                uniquingKeysWith: { a, _ in a })
        return try rows.map { row in
            let code = try row.decode(column: "inspector_code", as: String.self)
            return DrawnInspector(
                code: code, department: try row.decode(column: "department_code", as: String.self),
                name: roster[code]?.name ?? code, mobile: roster[code]?.mobile ?? "",
                origin: try row.decodeStored("origin", as: DispatchOrigin.self, entity: "task_inspectors", id: "\(taskID)/\(code)"),
                seq: try row.decode(column: "seq", as: Int.self),
                active: try row.decode(column: "active", as: Bool.self),
                rejectedReason: try row.decodeOptionalText("rejected_reason"))
        }
    }

    func insertInspector(_ taskID: Int, department: String, code: String, origin: DispatchOrigin, seq: Int) async throws {
        try await sql.insert(into: "task_inspectors")
            .columns("task_id", "department_code", "inspector_code", "origin", "seq", "active")
            .values(SQLBind(taskID), SQLBind(department), SQLBind(code), SQLBind(origin.rawValue), SQLBind(seq), SQLBind(true)).run()
    }
}
