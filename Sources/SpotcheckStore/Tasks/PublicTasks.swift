import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

/// What the public task notice (任务公示) reads: the published tasks a page at a time, one task's
/// small facts without its draw record, and its drawn enterprises a page at a time.
///
/// Why not `TaskStore.find` and `dispatches`: a province-sized task's record is megabytes of
/// JSON and its drawn list tens of thousands of rows, and anyone may open the notice as often as
/// they like. Every read here costs a primary-key lookup or one page of an index, whatever the
/// size of the task.
public struct PublicTasks: Sendable {
    public let db: any Database
    public init(db: any Database) { self.db = db }
    var sql: any SQLDatabase { db as! any SQLDatabase }

    /// Drawn enterprises per page of the notice: a county's task fits on one page, and a page of a
    /// province's stays a few dozen kilobytes.
    public static let pageSize = 100

    /// One task as the public sees it.
    public struct Notice: Sendable {
        /// The task without its draw record (`recordJSON` is nil; the download reads it on its own).
        public var task: TaskInfo
        /// The draw's secret (hex) and seed once the task reveals them (spec §1 step 4); nil before.
        public var secret: String?
        public var seed: String?

        /// How many enterprises the draw selected, which is how many are active: each rejection is
        /// replaced one for one by the protocol's next candidate of the stratum, or refused when
        /// none is left (`TaskStore.reject`). Counting the rows instead would read the whole list.
        public var drawnCount: Int { task.drawnAt == nil ? 0 : task.freeze?.quotaCount ?? 0 }
    }

    /// One drawn enterprise as the notice lists it.
    public struct Selection: Sendable, Equatable {
        public var uscc: String
        /// The directory's name, or the code when the enterprise has since left the directory.
        public var name: String
        public var stratum: String
        public var origin: DispatchOrigin
        public var departments: [String]

        /// Shown as 抽中 or 补抽.
        public var originLabel: String { origin.label }
    }

    /// A task is public from its publication on (a cancelled draft never was).
    public static func isPublic(_ task: TaskInfo) -> Bool {
        task.state != .draft && task.freeze != nil
    }

    /// The public tasks, newest first, one page of them.
    public func list(page: ListPage) async throws -> (tasks: [TaskInfo], total: Int) {
        func publicOnly(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
            query.where("state", .notEqual, SQLBind(TaskState.draft.rawValue)).where("freeze", .isNot, SQLLiteral.null)
        }
        let total = try await publicOnly(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("tasks"))
            .first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await publicOnly(Self.smallColumns(sql.select()).from("tasks"))
            .orderBy("id", .descending).limit(page.size).offset(page.offset).all()
        return (try rows.map(TaskInfo.decode), total)
    }

    /// The public task `reference` names (its id or 文号), or nil when there is none.
    public func notice(_ reference: String) async throws -> Notice? {
        let trimmed = reference.trimmingCharacters(in: .whitespaces)
        var query = Self.smallColumns(sql.select()).column("secret").from("tasks")
        if let id = Int(trimmed) {
            query = query.where("id", .equal, SQLBind(id))
        } else {
            query = query.where("document_number", .equal, SQLBind(TaskPlan.normalizedDocumentNumber(trimmed)))
        }
        guard let row = try await query.first() else { return nil }
        let task = try TaskInfo.decode(row)
        guard Self.isPublic(task) else { return nil }
        var notice = Notice(task: task)
        if task.revealsSecret, let entropy = task.entropy, let secret = try row.decodeNil(column: "secret") ? nil : row.decode(column: "secret", as: String.self),
           let bytes = Hex.decode(secret) {
            notice.secret = secret
            notice.seed = DrawSeed(secret: bytes, entropy: entropy).hex
        }
        return notice
    }

    /// A fingerprint of everything about the task its notice shows, read without the task's
    /// JSON columns: every change of the task (state, draw, rejection, inspector draw, matching,
    /// cancellation) rewrites `updated_at`. Nil when there is no such task. For `PublicPageCache`.
    public func version(_ reference: String) async throws -> String? {
        let trimmed = reference.trimmingCharacters(in: .whitespaces)
        var query = sql.select().columns("id", "state", "updated_at").from("tasks")
        if let id = Int(trimmed) {
            query = query.where("id", .equal, SQLBind(id))
        } else {
            query = query.where("document_number", .equal, SQLBind(TaskPlan.normalizedDocumentNumber(trimmed)))
        }
        guard let row = try await query.first() else { return nil }
        let updated = try row.decode(column: "updated_at", as: Date?.self)?.timeIntervalSince1970 ?? 0
        return "\(try row.decode(column: "id", as: Int.self))|\(try row.decode(column: "state", as: String.self))|\(updated)"
    }

    /// One page of the task's active selections in code order (the order of the table's unique
    /// key, so a page is read straight off the index), optionally searched by name or code, with
    /// how many there are in all.
    public func selections(of notice: Notice, search text: String = "", page: ListPage) async throws -> (rows: [Selection], total: Int) {
        let taskID = notice.task.id
        let search = EnterpriseSearch(text)
        func filtered(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
            var query = query.from(SQLAlias(SQLIdentifier("task_enterprises"), as: SQLIdentifier("te")))
                .join(SQLAlias(SQLIdentifier("enterprises"), as: SQLIdentifier("d")), method: SQLJoinMethod.left,
                      on: SQLColumn("uscc", table: "te"), .equal, SQLColumn("uscc", table: "d"))
                .where(SQLColumn("task_id", table: "te"), .equal, SQLBind(taskID))
                .where(SQLColumn("active", table: "te"), .equal, SQLBind(true))
            if let search {
                query = query.where(search.condition(name: SQLColumn("name", table: "d"), uscc: SQLColumn("uscc", table: "te")))
            }
            return query
        }
        var columns = Self.selectionColumns(sql.select())
        // A search reads the whole list once anyway; the window counts the matches in that same
        // pass instead of a second scan.
        if search != nil { columns = columns.column(SQLRaw("COUNT(*) OVER ()"), as: "matches") }
        let rows = try await filtered(columns).orderBy(SQLColumn("uscc", table: "te")).limit(page.size).offset(page.offset).all()
        let total: Int
        if search == nil {
            total = notice.drawnCount
        } else if let first = rows.first {
            total = try first.decode(column: "matches", as: Int.self)
        } else {
            // A page past the last match has no row to carry the count.
            total = try await filtered(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n"))
                .first()?.decode(column: "n", as: Int.self) ?? 0
        }
        return (try rows.map(Self.selection), total)
    }

    /// The enterprises departments returned (退回), each replaced by the protocol, in the order
    /// returned. Read through the task's rejections, which are few, rather than the drawn list.
    public func rejected(of notice: Notice) async throws -> [Selection] {
        try await Self.selectionColumns(sql.select())
            .from(SQLAlias(SQLIdentifier("task_rejections"), as: SQLIdentifier("r")))
            .join(SQLAlias(SQLIdentifier("task_enterprises"), as: SQLIdentifier("te")), method: SQLJoinMethod.inner,
                  on: SQLBinaryExpression(
                      SQLBinaryExpression(SQLColumn("task_id", table: "te"), .equal, SQLColumn("task_id", table: "r")), .and,
                      SQLBinaryExpression(SQLColumn("uscc", table: "te"), .equal, SQLColumn("subject", table: "r"))))
            .join(SQLAlias(SQLIdentifier("enterprises"), as: SQLIdentifier("d")), method: SQLJoinMethod.left,
                  on: SQLColumn("uscc", table: "te"), .equal, SQLColumn("uscc", table: "d"))
            .where(SQLColumn("task_id", table: "r"), .equal, SQLBind(notice.task.id))
            .where(SQLColumn("kind", table: "r"), .equal, SQLBind(TaskDrawProgress.Rejection.Kind.enterprise.rawValue))
            .where(SQLColumn("active", table: "te"), .equal, SQLBind(false))
            .orderBy(SQLColumn("id", table: "r")).all().map(Self.selection)
    }

    /// Every department's name by code, for the notices' lists of departments. One plain query:
    /// the public pages run it on every anonymous request, where hydrating Fluent models cost more.
    public func departmentNames() async throws -> [String: String] {
        var names: [String: String] = [:]
        for row in try await sql.select().columns("code", "name").from("departments").all() {
            names[try row.decode(column: "code", as: String.self)] = try row.decode(column: "name", as: String.self)
        }
        return names
    }

    // MARK: Columns

    /// Every column of `TaskInfo` but the record, which reads as NULL.
    static func smallColumns(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
        query.columns(TaskInfo.columns.filter { $0 != "record" }).column(SQLAlias(SQLLiteral.null, as: SQLIdentifier("record")))
    }

    static func selectionColumns(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
        query.columns(SQLColumn("uscc", table: "te"), SQLColumn("stratum", table: "te"), SQLColumn("origin", table: "te"),
                      SQLColumn("depts", table: "te"))
            .column(SQLColumn("name", table: "d"), as: "name")
    }

    static func selection(_ row: any SQLRow) throws -> Selection {
        let uscc = try row.decode(column: "uscc", as: String.self)
        return Selection(
            uscc: uscc, name: try row.decode(column: "name", as: String?.self) ?? uscc,
            stratum: try row.decode(column: "stratum", as: String.self),
            origin: try row.decodeStored("origin", as: DispatchOrigin.self, entity: "task_enterprises", id: uscc),
            departments: FieldTag.splitList(try row.decode(column: "depts", as: String.self)))
    }
}
