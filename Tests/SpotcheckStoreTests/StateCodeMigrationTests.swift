import Foundation
import SQLKit
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
import Testing

/// Migration 0016 on a database as 0015 left it: Chinese labels where states are stored, and
/// rejection reasons preformatted as `code：reason`.
@Suite("Migration 0016: stored states become codes")
struct StateCodeMigrationTests {
    static let before = "0015_add_item_retirement"

    /// The labels every earlier version stored, with the code each must become.
    static let taskStates: [(label: String, code: TaskState)] = [
        ("草稿", .draft), ("已发布", .published), ("已抽取", .drawn), ("确认中", .confirming), ("人员已抽取", .inspectorsDrawn),
        ("已匹配", .matched), ("检查中", .inspecting), ("已完成", .completed), ("已归档", .archived), ("已取消", .cancelled),
    ]
    static let resultStatuses: [(label: String, code: ResultStatus)] = [("草稿", .draft), ("已提交", .submitted), ("已公示", .approved)]
    static let dispositionKinds: [(label: String, code: DispositionKind)] = [
        ("行政指导", .guidance), ("责令改正", .orderCorrection), ("应列入经营异常名录", .abnormalList),
        ("涉嫌违法应立案调查", .caseInvestigation), ("移送其他部门", .transferDepartment), ("移送公安司法机关", .transferJudicial),
    ]
    /// Old `rejected_reason` text → (department, reason) after the migration.
    static let rejections: [(stored: String?, department: String?, reason: String?)] = [
        ("scjg：该企业已于2024年5月注销", "scjg", "该企业已于2024年5月注销"),
        ("yjj-2：理由：含冒号的说明", "yjj-2", "理由：含冒号的说明"),  // split at the first colon only
        ("没有部门代码的理由", nil, "没有部门代码的理由"),  // no separator: kept whole
        ("市场监管局：不是部门代码", nil, "市场监管局：不是部门代码"),  // not a code before the colon: kept whole
        ("scjg：", nil, "scjg："),  // nothing after the colon: kept whole
        (nil, nil, nil),
    ]

    @Test("labels become codes and rejection reasons are split, on every database", arguments: TestDatabase.available)
    func convertsStoredLabels(database: TestDatabase) async throws {
        try await database.withStore(migratedThrough: Self.before) { store in
            let sql = store.sql
            #expect(try await store.appliedMigrations().last == Self.before)
            let plan = String(decoding: try JSONEncoder().encode(DemoSeed.qinghePlan), as: UTF8.self)
            func insertTask(_ number: String, state: String) async throws -> Int {
                try await sql.insert(into: "tasks")
                    .columns("document_number", "title", "period_start", "period_end", "lead_department", "state", "plan",
                             "created_by", "created_at")
                    .values(SQLBind(number), SQLBind("迁移测试"), SQLBind("2024-06-01"), SQLBind("2024-06-30"), SQLBind("scjg"),
                            SQLBind(state), SQLBind(plan), SQLBind("old"), SQLBind(Date()))
                    .returning("id").first()!.decode(column: "id", as: Int.self)
            }
            var taskIDs: [String: Int] = [:]
            for (label, _) in Self.taskStates { taskIDs[label] = try await insertTask("迁移〔\(label)〕号", state: label) }
            let unknown = try await insertTask("迁移〔未知〕号", state: "待定")
            let task = try #require(taskIDs["检查中"])

            for (index, rejection) in Self.rejections.enumerated() {
                try await sql.insert(into: "task_enterprises")
                    .columns("task_id", "uscc", "stratum", "origin", "seq", "active", "depts", "dispatched_on", "confirm_by",
                             "rejected_reason", "updated_at")
                    .values(SQLBind(task), SQLBind("E\(index)"), SQLBind("B"), SQLBind(index == 0 ? "selected" : "replacement"),
                            SQLBind(index), SQLBind(rejection.stored == nil), SQLBind("scjg;yjj-2"), SQLBind("2024-06-07"),
                            SQLBind("2024-06-11"), SQLBind(rejection.stored), SQLBind(Date()))
                    .run()
            }
            for (index, (label, _)) in Self.resultStatuses.enumerated() {
                try await sql.insert(into: "inspection_results")
                    .columns("task_id", "uscc", "department_code", "status", "result_category", "problem_count", "onsite_answer",
                             "onsite_note", "signature", "refusal_note", "members")
                    .values(SQLBind(task), SQLBind("E\(index)"), SQLBind("scjg"), SQLBind(label), SQLBind(ResultCategory.noProblem.rawValue),
                            SQLBind(0), SQLBind(false), SQLBind(""), SQLBind("已签字"), SQLBind(""), SQLBind(""))
                    .run()
            }
            var dispositionIDs: [Int] = []
            for (index, (label, _)) in Self.dispositionKinds.enumerated() {
                let status = index.isMultiple(of: 2) ? "未完结" : "已完结"
                let id = try await sql.insert(into: "dispositions")
                    .columns("task_id", "uscc", "department_code", "kind", "form", "status", "reason", "decided_on", "note",
                             "created_by", "created_at")
                    .values(SQLBind(task), SQLBind("E0"), SQLBind("scjg"), SQLBind(label), SQLBind(""), SQLBind(status),
                            SQLBind("理由"), SQLBind("2024-06-21"), SQLBind(""), SQLBind("old"), SQLBind(Date()))
                    .returning("id").first()!.decode(column: "id", as: Int.self)
                for event in index.isMultiple(of: 2) ? ["未完结"] : ["未完结", "已完结"] {
                    try await sql.insert(into: "disposition_events").columns("disposition_id", "status", "note", "actor", "at")
                        .values(SQLBind(id), SQLBind(event), SQLBind("办理"), SQLBind("old"), SQLBind(Date())).run()
                }
                dispositionIDs.append(id)
            }
            let auditBefore = try await sql.raw("SELECT COUNT(*) AS n FROM audit_events").first()?.decode(column: "n", as: Int.self)

            try await store.migrate(through: "0016_store_state_codes")
            #expect(try await store.appliedMigrations().last == "0016_store_state_codes")

            // Task states: every label is its code; an unknown value is left for the reader to refuse.
            for (label, code) in Self.taskStates {
                let id = try #require(taskIDs[label])
                let stored = try await sql.select().column("state").from("tasks").where("id", .equal, id).first()?
                    .decode(column: "state", as: String.self)
                #expect(stored == code.rawValue, "\(label)")
            }
            #expect(try await sql.select().column("state").from("tasks").where("id", .equal, unknown).first()?
                .decode(column: "state", as: String.self) == "待定")

            // Results and dispositions (and their history).
            let statuses = try await sql.select().columns("uscc", "status").from("inspection_results").orderBy("uscc").all()
                .map { try $0.decode(column: "status", as: String.self) }
            #expect(statuses == Self.resultStatuses.map(\.code.rawValue))
            let kinds = try await sql.select().columns("kind", "status").from("dispositions").orderBy("id").all()
                .map { try "\($0.decode(column: "kind", as: String.self))/\($0.decode(column: "status", as: String.self))" }
            #expect(kinds == Self.dispositionKinds.enumerated().map { "\($1.code.rawValue)/\($0.isMultiple(of: 2) ? "open" : "closed")" })
            let events = try await sql.select().column("status").from("disposition_events").orderBy("id").all()
                .map { try $0.decode(column: "status", as: String.self) }
            #expect(events == ["open", "open", "closed", "open", "open", "closed", "open", "open", "closed"])

            // Rejection reasons: the department and the reason apart, where the text splits.
            let rows = try await sql.select().columns("uscc", "rejected_department", "rejected_reason").from("task_enterprises")
                .where("task_id", .equal, task).orderBy("seq").all()
            #expect(rows.count == Self.rejections.count)
            for (row, expected) in zip(rows, Self.rejections) {
                #expect(try row.decode(column: "rejected_department", as: String?.self) == expected.department, "\(expected)")
                #expect(try row.decode(column: "rejected_reason", as: String?.self) == expected.reason, "\(expected)")
            }
            // The audit log is never rewritten.
            #expect(try await sql.raw("SELECT COUNT(*) AS n FROM audit_events").first()?.decode(column: "n", as: Int.self) == auditBefore)

            // The rest of the migrations run on top, and the stores read the codes back as enums.
            try await store.migrate()
            #expect(try await store.appliedMigrations() == SpotcheckMigrations.all.map(\.name))
            let tasks = TaskStore(db: store.db)
            for (label, code) in Self.taskStates {
                let info = try await tasks.require(String(try #require(taskIDs[label])))
                #expect(info.state == code && info.state.label == label)
            }
            await #expect(throws: CorruptStoredValue(entity: "tasks", id: String(unknown), column: "state", value: "待定")) {
                _ = try await tasks.require(String(unknown))
            }
            let dispatches = try await tasks.dispatches(task)
            #expect(dispatches.map(\.origin) == [.selected] + Array(repeating: .replacement, count: Self.rejections.count - 1))
            #expect(dispatches.map(\.rejection) == Self.rejections.map { r in
                r.reason.map { DispatchRejection(department: r.department, reason: $0) }
            })
            // Pages show the same words as before the split (the department's name where it is known).
            #expect(dispatches.map(\.rejectedReason) == Self.rejections.map(\.stored))
            #expect(dispatches[0].rejection?.text(names: ["scjg": "清河县市场监督管理局"]) == "清河县市场监督管理局：该企业已于2024年5月注销")
            let results = ResultStore(db: store.db)
            for (index, (_, code)) in Self.resultStatuses.enumerated() {
                #expect(try await results.find(taskID: task, uscc: "E\(index)", department: "scjg")?.status == code)
            }
            let dispositions = DispositionStore(db: store.db)
            for (id, (_, code)) in zip(dispositionIDs, Self.dispositionKinds) {
                #expect(try await dispositions.find(id: id)?.kind == code)
            }
            #expect(try await dispositions.history(id: dispositionIDs[1]).map(\.status) == [.open, .closed])
        }
    }
}
