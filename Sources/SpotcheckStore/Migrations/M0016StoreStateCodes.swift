import FluentKit
import SQLKit
import SpotcheckCore

/// States stored as stable ASCII codes instead of their Chinese labels (issue 14 item 2): task
/// state, result status, disposition kind and status. Labels are a view concern and may be
/// reworded; a stored code never changes. And a returned enterprise's reason is stored as data —
/// the returning department in `rejected_department`, the reason alone in `rejected_reason` —
/// instead of the preformatted `code：reason`.
///
/// The mappings are spelled out here rather than read from the enums: a migration must do the
/// same thing on every database whenever it runs, whatever the labels become later. A value
/// outside the mapping is left as it is, so reading it is a ``CorruptStoredValue`` naming it,
/// never a silent default. The audit log is not touched: its events are hash-chained, and new
/// events keep the labels' wording.
struct M0016StoreStateCodes: AsyncMigration {
    var name: String { "0016_store_state_codes" }

    /// (table, column, [(label, code)]).
    static let mappings: [(table: String, column: String, codes: [(label: String, code: String)])] = [
        ("tasks", "state", [
            ("草稿", "draft"), ("已发布", "published"), ("已抽取", "drawn"), ("确认中", "confirming"),
            ("人员已抽取", "inspectors_drawn"), ("已匹配", "matched"), ("检查中", "inspecting"), ("已完成", "completed"),
            ("已归档", "archived"), ("已取消", "cancelled"),
        ]),
        ("inspection_results", "status", [("草稿", "draft"), ("已提交", "submitted"), ("已公示", "approved")]),
        ("dispositions", "kind", [
            ("行政指导", "guidance"), ("责令改正", "order_correction"), ("应列入经营异常名录", "abnormal_list"),
            ("涉嫌违法应立案调查", "case_investigation"), ("移送其他部门", "transfer_department"),
            ("移送公安司法机关", "transfer_judicial"),
        ]),
        ("dispositions", "status", [("未完结", "open"), ("已完结", "closed")]),
        ("disposition_events", "status", [("未完结", "open"), ("已完结", "closed")]),
    ]

    /// The separator of the old preformatted rejection reason (a full-width colon).
    static let separator: Character = "："

    func prepare(on database: any Database) async throws {
        try await database.transaction { tx in
            try await tx.schema("task_enterprises").field("rejected_department", .string).update()
            let sql = tx as! any SQLDatabase
            for mapping in Self.mappings {
                try await Self.recode(sql, table: mapping.table, column: mapping.column, pairs: mapping.codes)
            }
            // Rejected enterprises are a handful per task: split them here, with the same rule for
            // a department code as everywhere else, rather than in two dialects of SQL.
            let rows = try await sql.select().columns("task_id", "uscc", "rejected_reason").from("task_enterprises")
                .where(SQLColumn("rejected_reason"), .isNot, SQLLiteral.null).all()
            for row in rows {
                let text = try row.decode(column: "rejected_reason", as: String.self)
                guard let (department, reason) = Self.split(text) else { continue }
                try await sql.update("task_enterprises").set("rejected_department", to: department).set("rejected_reason", to: reason)
                    .where("task_id", .equal, try row.decode(column: "task_id", as: Int.self))
                    .where("uscc", .equal, try row.decode(column: "uscc", as: String.self)).run()
            }
        }
    }

    func revert(on database: any Database) async throws {
        try await database.transaction { tx in
            let sql = tx as! any SQLDatabase
            for mapping in Self.mappings {
                try await Self.recode(sql, table: mapping.table, column: mapping.column, pairs: mapping.codes.map { ($0.code, $0.label) })
            }
            try await sql.update("task_enterprises")
                .set("rejected_reason", to: SQLBinaryExpression(
                    SQLBinaryExpression(SQLColumn("rejected_department"), .concatenate, SQLBind(String(Self.separator))),
                    .concatenate, SQLColumn("rejected_reason")))
                .where(SQLColumn("rejected_department"), .isNot, SQLLiteral.null)
                .where(SQLColumn("rejected_reason"), .isNot, SQLLiteral.null).run()
            try await tx.schema("task_enterprises").deleteField("rejected_department").update()
        }
    }

    /// `UPDATE table SET column = CASE column WHEN from THEN to … ELSE column END`: one statement
    /// per column, values outside the mapping unchanged.
    static func recode(_ sql: any SQLDatabase, table: String, column: String, pairs: [(String, String)]) async throws {
        var query: SQLQueryString = "UPDATE \(ident: table) SET \(ident: column) = CASE \(ident: column)"
        for (from, to) in pairs { query += " WHEN \(bind: from) THEN \(bind: to)" }
        query += " ELSE \(ident: column) END"
        try await sql.raw(query).run()
    }

    /// `code：reason` → (code, reason) when the part before the first full-width colon is a valid
    /// department code and a reason follows; anything else stays as it is (department unknown).
    static func split(_ text: String) -> (department: String, reason: String)? {
        guard let colon = text.firstIndex(of: separator) else { return nil }
        let department = String(text[..<colon]), reason = String(text[text.index(after: colon)...])
        guard DepartmentCode.validate(department) == nil, !reason.isEmpty else { return nil }
        return (department, reason)
    }
}
