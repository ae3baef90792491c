import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit
import SpotcheckCore

/// The draw (product step 4): entropy in, enterprises out, dispatched to their departments.
extension TaskStore {
    /// Records the public entropy, draws the enterprises from the frozen candidates and
    /// dispatches each to the departments whose items apply, with a confirmation deadline one
    /// working day later. A task is drawn once: the entropy is stored before the draw in its own
    /// transaction, and a second attempt must repeat the same entropy (it then only completes
    /// a draw that failed half way, which cannot change the outcome). The entropy is written
    /// only where none is stored (`WHERE entropy IS NULL`) and each transaction holds the task's
    /// row lock, so of two draws with different entropy exactly one runs, and the stored entropy
    /// is the audited one; the other is refused with the task's current state.
    @discardableResult
    public func draw(_ reference: String, entropy rawEntropy: String, actor: AuditLog.Actor, today: CivilDate = .today,
                     progress report: (@Sendable (String) -> Void)? = nil) async throws -> TaskInfo {
        let entropy = rawEntropy.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !entropy.isEmpty else { throw StoreError.invalid("请录入公开随机数（按任务公示中写明的来源）") }
        guard entropy.count <= 200 else { throw StoreError.invalid("公开随机数过长（最多 200 个字符）") }
        try await db.transaction { tx in
            let store = on(tx)
            let task = try await store.lock(reference)
            try task.state.check(moveTo: .drawn, action: "抽取")
            if let stored = task.entropy {
                guard stored == entropy else { throw Self.otherEntropy(task.state, stored: stored) }
                return
            }
            let written = try await store.sql.update("tasks").set("entropy", to: entropy).where("id", .equal, task.id)
                .where("state", .equal, TaskState.published.rawValue).where(SQLColumn("entropy"), .is, SQLLiteral.null)
                .returning("id").first()
            if written == nil {
                let now = try await store.require(String(task.id))
                guard now.entropy == entropy else {
                    if let stored = now.entropy { throw Self.otherEntropy(now.state, stored: stored) }
                    throw TaskTransitionError(from: now.state, action: "抽取")
                }
                return
            }
            try await AuditLog.record(on: tx, actor: actor, action: "entropy", entity: "task", entityID: String(task.id),
                                      after: ["entropy": entropy])
        }
        return try await db.transaction { tx in
            let store = on(tx)
            let task = try await store.lock(reference)
            try task.state.check(moveTo: .drawn, action: "抽取")
            // The entropy of this call was stored by the step above, or an equal one was already.
            guard task.entropy == entropy else {
                if let stored = task.entropy { throw Self.otherEntropy(task.state, stored: stored) }
                throw TaskTransitionError(from: task.state, action: "抽取")
            }
            report?("读取冻结名单 / reading the frozen lists")
            let progress = try await store.progress(task)
            report?("抽取 / drawing")
            let draws = try progress.enterpriseDraws(rejections: [])
            let confirmBy = try await store.workingCalendar().addWorkingDays(1, to: today)
            // `seq` keeps the draw order; the rows go in in canonical (key) order, so the table's
            // indexes grow at their ends instead of taking 200,000 inserts at random places.
            var selected: [(position: Int, seq: Int, stratum: String)] = []
            for draw in draws {
                for position in draw.selection.selectedPositions {
                    selected.append((position, selected.count, draw.selection.stratum.name))
                }
            }
            selected.sort { $0.position < $1.position }
            let rows = selected.map { pick in
                DispatchRow(uscc: progress.inputs.objects.candidates.id(at: pick.position), stratum: pick.stratum,
                            origin: .selected, seq: pick.seq, depts: progress.inputs.objects.departments[pick.position])
            }
            report?("保存抽中企业并派发 / storing selections and dispatches")
            // The record (pure computation) is built while the database stores the selections.
            async let recordText = Self.recordText(progress, draws: draws)
            try await store.insertDispatches(taskID: task.id, rows, today: today, confirmBy: confirmBy)
            report?("保存抽取记录 / storing the record")
            try await store.setState(task, .drawn, action: "抽取", actor: actor, extra: ["record": try await recordText],
                                     dates: ["drawn_at": clock.now()])
            try await store.setState(TaskInfo(copying: task, state: .drawn), .confirming, action: "抽取", actor: actor)
            try await AuditLog.record(on: tx, actor: actor, action: "draw", entity: "task", entityID: String(task.id), after: [
                "entropy": entropy, "selected": String(rows.count), "confirm_by": confirmBy.description,
            ], outboxFacts: [OutboxRules.dispatchCountsKey: OutboxRules.dispatchCounts(rows.map(\.depts))])
            report?("完成 / done")
            return try await store.require(String(task.id))
        }
    }

    /// A draw with another entropy than the one stored: a task is drawn once, with the entropy
    /// recorded first (a conflict with the task as it is, not a malformed request).
    static func otherEntropy(_ state: TaskState, stored: String) -> TaskTransitionError {
        TaskTransitionError(from: state, action: "以其他公开随机数抽取（本任务已录入公开随机数「\(stored)」，任务只能抽取一次）")
    }

    /// The record right after the enterprise draw (no rejection, no inspectors yet), as stored.
    private static func recordText(_ progress: TaskDrawProgress, draws: [EnterpriseDraw]) throws -> String {
        DrawRecordJSON.string(try progress.record(enterpriseDraws: draws, rejections: [], drawnDepartments: [], matched: false))
    }

    struct DispatchRow {
        var uscc: String
        var stratum: String
        var origin: DispatchOrigin
        var seq: Int
        var depts: [String]
    }

    /// Inserts selections with their dispatch data: only the values that differ per row travel
    /// per row, the task, the dates and 有效 once (the bulk of storing 200,000 selections).
    func insertDispatches(taskID: Int, _ rows: [DispatchRow], today: CivilDate, confirmBy: CivilDate) async throws {
        if let sqlite = sql as? any SQLiteDatabase {
            try await insertDispatches(taskID: taskID, rows, today: today, confirmBy: confirmBy, on: sqlite)
        } else if let postgres = sql as? any PostgresDatabase {
            try await insertDispatches(taskID: taskID, rows, today: today, confirmBy: confirmBy, on: postgres)
        } else {
            preconditionFailure("TaskStore used on an unsupported database")
        }
    }

    /// SQLite: the values every row of a draw shares (task, dates, 有效) are bound once per
    /// statement and only the five that differ per row travel in a `VALUES` list — half the binds
    /// of a plain multi-row insert, which was most of storing 200,000 selections.
    private func insertDispatches(taskID: Int, _ rows: [DispatchRow], today: CivilDate, confirmBy: CivilDate,
                                  on sqlite: any SQLiteDatabase) async throws {
        let shared: [SQLiteData] = [.integer(taskID), .text(today.description), .text(confirmBy.description),
                                    .float(clock.now().timeIntervalSince1970)]
        let perStatement = (32_766 - shared.count) / 5
        var start = 0
        while start < rows.count {
            let batch = rows[start..<min(start + perStatement, rows.count)]
            var binds = shared
            binds.reserveCapacity(shared.count + batch.count * 5)
            var values = ""
            values.reserveCapacity(batch.count * 12)
            for row in batch {
                values += values.isEmpty ? "(?,?,?,?,?)" : ",(?,?,?,?,?)"
                binds += [.text(row.uscc), .text(row.stratum), .text(row.origin.rawValue), .integer(row.seq), .text(row.depts.joined(separator: ";"))]
            }
            _ = try await sqlite.query("""
                INSERT INTO task_enterprises (task_id, uscc, stratum, origin, seq, active, depts, dispatched_on, confirm_by, updated_at)
                SELECT ?1, column1, column2, column3, column4, 1, column5, ?2, ?3, ?4 FROM (VALUES \(values))
                """, binds)
            start += perStatement
        }
    }

    /// PostgreSQL: one `COPY` straight into the table of the columns that are text or integers;
    /// 有效 and the time come from the column defaults (migration 0011), so the server parses no
    /// boolean or timestamp per row and writes each row once.
    private func insertDispatches(taskID: Int, _ rows: [DispatchRow], today: CivilDate, confirmBy: CivilDate,
                                  on postgres: any PostgresDatabase) async throws {
        let task = String(taskID), dispatched = today.description, confirm = confirmBy.description
        let connection = try await postgres.withConnection { $0.eventLoop.makeSucceededFuture($0) }.get()
        try await connection.copyFrom(
            table: "task_enterprises",
            columns: ["task_id", "uscc", "stratum", "origin", "seq", "depts", "dispatched_on", "confirm_by"],
            logger: sql.logger
        ) { writer in
            let chunkBytes = 1 << 20
            var encoder = BulkRowEncoder(copyChunkBytes: chunkBytes)
            for row in rows {
                encoder.text(task)
                encoder.text(row.uscc)
                encoder.text(row.stratum)
                encoder.text(row.origin.rawValue)
                encoder.text(String(row.seq))
                encoder.text(row.depts.count == 1 ? row.depts[0] : row.depts.joined(separator: ";"))
                encoder.text(dispatched)
                encoder.text(confirm)
                encoder.endCopyRow()
                if encoder.copyBytes >= chunkBytes { try await writer.write(encoder.takeCopyChunk()) }
            }
            if encoder.copyBytes > 0 { try await writer.write(encoder.takeCopyChunk()) }
        }
    }

    // MARK: Replaying the protocol

    /// The task's draw as the protocol defines it, from the frozen lists and the secret.
    func progress(_ task: TaskInfo) async throws -> TaskDrawProgress {
        guard let row = try await sql.select().column("secret").from("tasks").where("id", .equal, task.id).first(),
              let secretHex = try row.decodeOptionalText("secret"), let entropy = task.entropy
        else { throw StoreError.invalid("任务尚未发布或尚未录入公开随机数") }
        guard let secret = Hex.decode(secretHex) else {
            throw CorruptStoredValue(entity: "tasks", id: String(task.id), column: "secret", value: "(not hex, \(secretHex.count) characters)")
        }
        let counts = Dictionary(task.plan.departments.map { ($0.department, $0.inspectorCount) }, uniquingKeysWith: { a, _ in a })
        return TaskDrawProgress(inputs: try await frozenInputs(task), secret: secret, entropy: entropy,
                                ratios: task.plan.ratioTable, inspectorCounts: counts, teamSize: task.plan.teamSize)
    }

    /// Every rejection of the task in the order recorded.
    func rejections(_ taskID: Int) async throws -> [TaskDrawProgress.Rejection] {
        try await sql.select().columns("kind", "subject").from("task_rejections").where("task_id", .equal, taskID)
            .orderBy("id").all().map { row in
                TaskDrawProgress.Rejection(
                    kind: try row.decodeStored("kind", as: TaskDrawProgress.Rejection.Kind.self, entity: "task_rejections",
                                               id: "\(taskID)/\(try row.decode(column: "subject", as: String.self))"),
                    id: try row.decode(column: "subject", as: String.self))
            }
    }

    /// Departments that have drawn their inspectors.
    public func drawnDepartments(_ taskID: Int) async throws -> Set<String> {
        Set(try await sql.select().column("department_code").from("task_department_draws").where("task_id", .equal, taskID)
            .all().map { try $0.decode(column: "department_code", as: String.self) })
    }

    /// Recomputes and stores the record after a step.
    func refreshRecord(_ task: TaskInfo, progress: TaskDrawProgress, matched: Bool = false) async throws -> DrawRecord {
        let record = try progress.record(rejections: try await rejections(task.id),
                                         drawnDepartments: try await drawnDepartments(task.id), matched: matched)
        try await sql.update("tasks").set("record", to: DrawRecordJSON.string(record)).set("updated_at", to: clock.now())
            .where("id", .equal, task.id).run()
        return record
    }
}

extension TaskInfo {
    init(copying task: TaskInfo, state: TaskState) {
        self = task
        self.state = state
    }
}
