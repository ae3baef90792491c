import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

/// The public results (一公开): approved results with the fields the national publicity
/// system takes — task number and name, department, enterprise name and USCC, items, result,
/// completion date.
public struct PublicResults: Sendable {
    public let db: any Database
    public init(db: any Database) { self.db = db }
    var sql: any SQLDatabase { db as! any SQLDatabase }

    public struct Entry: Sendable, Equatable, Codable {
        public var taskDocumentNumber: String
        public var taskTitle: String
        public var department: String
        public var departmentName: String
        public var enterpriseName: String
        public var uscc: String
        public var items: [String]
        public var result: String
        public var inspectionDate: String
        public var publishedAt: Date

        enum CodingKeys: String, CodingKey {
            case taskDocumentNumber = "task_document_number", taskTitle = "task_title", department, departmentName = "department_name"
            case enterpriseName = "enterprise_name", uscc, items, result, inspectionDate = "inspection_date", publishedAt = "published_at"
        }
    }

    /// Approved results, newest first, optionally searched by enterprise name or USCC, one page
    /// of them with how many match in all. The page is cut in SQL: the index on
    /// (status, approved_at DESC, uscc, task_id, department_code) (migration 0014) hands the rows
    /// over in this order, so a page reads its own rows and not every published result.
    public func search(text: String = "", page: ListPage) async throws -> (entries: [Entry], total: Int) {
        let search = EnterpriseSearch(text)
        var count = sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(SQLAlias(SQLIdentifier("inspection_results"), as: SQLIdentifier("r")))
            .where(SQLColumn("status", table: "r"), .equal, SQLBind(InspectionResult.Status.approved.rawValue))
        if let search {
            count = count.join(SQLAlias(SQLIdentifier("enterprises"), as: SQLIdentifier("e")), method: SQLJoinMethod.left,
                               on: SQLColumn("uscc", table: "r"), .equal, SQLColumn("uscc", table: "e"))
                .where(search.condition(name: SQLColumn("name", table: "e"), uscc: SQLColumn("uscc", table: "r")))
        }
        let total = try await count.first()?.decode(column: "n", as: Int.self) ?? 0
        guard page.offset < total else { return ([], total) }
        return (try await fetch(search: search, page: page), total)
    }

    /// A fingerprint of the published results for `PublicPageCache`: the newest one, read off
    /// the first entry of the index. A new publication changes it at once; a correction of an
    /// older result (which keeps its publication time) shows when the cached page expires.
    public func version() async throws -> String {
        guard let row = try await sql.select().columns("approved_at", "uscc", "task_id", "department_code").from("inspection_results")
            .where("status", .equal, SQLBind(InspectionResult.Status.approved.rawValue))
            .orderBy(SQLOrderBy(expression: SQLColumn("approved_at"), direction: SQLDirection.descending))
            .orderBy("uscc").orderBy("task_id").orderBy("department_code").limit(1).first()
        else { return "none" }
        return "\(try row.decode(column: "approved_at", as: Date.self).timeIntervalSince1970)|\(try row.decode(column: "uscc", as: String.self))|"
            + "\(try row.decode(column: "task_id", as: Int.self))|\(try row.decode(column: "department_code", as: String.self))"
    }

    /// The same with a page number and size, for callers without a ``ListPage``.
    public func search(text: String = "", page: Int = 1, perPage: Int = 50) async throws -> (entries: [Entry], total: Int) {
        try await search(text: text, page: ListPage(number: page, size: perPage))
    }

    /// Every approved result (optionally published within `from…to`), for the export feed.
    public func entries(text: String = "", from: Date? = nil, to: Date? = nil) async throws -> [Entry] {
        try await fetch(search: EnterpriseSearch(text), from: from, to: to)
    }

    /// Approved results in publication order (newest first), with their names and items.
    private func fetch(search: EnterpriseSearch?, from: Date? = nil, to: Date? = nil, page: ListPage? = nil) async throws -> [Entry] {
        var query = sql.select()
            .columns(SQLColumn("task_id", table: "r"), SQLColumn("uscc", table: "r"), SQLColumn("department_code", table: "r"),
                     SQLColumn("result_category", table: "r"), SQLColumn("inspection_date", table: "r"), SQLColumn("approved_at", table: "r"))
            .column(SQLColumn("name", table: "e"), as: "enterprise_name")
            .column(SQLColumn("name", table: "d"), as: "department_name")
            .column(SQLColumn("document_number", table: "t"), as: "document_number")
            .column(SQLColumn("title", table: "t"), as: "title")
            .from(SQLAlias(SQLIdentifier("inspection_results"), as: SQLIdentifier("r")))
            .join(SQLAlias(SQLIdentifier("tasks"), as: SQLIdentifier("t")), method: SQLJoinMethod.inner,
                  on: SQLColumn("task_id", table: "r"), .equal, SQLColumn("id", table: "t"))
            .join(SQLAlias(SQLIdentifier("enterprises"), as: SQLIdentifier("e")), method: SQLJoinMethod.left,
                  on: SQLColumn("uscc", table: "r"), .equal, SQLColumn("uscc", table: "e"))
            .join(SQLAlias(SQLIdentifier("departments"), as: SQLIdentifier("d")), method: SQLJoinMethod.left,
                  on: SQLColumn("department_code", table: "r"), .equal, SQLColumn("code", table: "d"))
            .where(SQLColumn("status", table: "r"), .equal, SQLBind(InspectionResult.Status.approved.rawValue))
        if let search { query = query.where(search.condition(name: SQLColumn("name", table: "e"), uscc: SQLColumn("uscc", table: "r"))) }
        if let from { query = query.where(SQLColumn("approved_at", table: "r"), .greaterThanOrEqual, SQLBind(from)) }
        if let to { query = query.where(SQLColumn("approved_at", table: "r"), .lessThan, SQLBind(to)) }
        // The index's order exactly, so the database walks it instead of sorting.
        query = query.orderBy(SQLOrderBy(expression: SQLColumn("approved_at", table: "r"), direction: SQLDirection.descending))
            .orderBy(SQLColumn("uscc", table: "r")).orderBy(SQLColumn("task_id", table: "r")).orderBy(SQLColumn("department_code", table: "r"))
        if let page { query = query.limit(page.size).offset(page.offset) }
        let rows = try await query.all()
        let keys = try rows.map { row in
            ResultKey(taskID: try row.decode(column: "task_id", as: Int.self), uscc: try row.decode(column: "uscc", as: String.self),
                      department: try row.decode(column: "department_code", as: String.self))
        }
        let items = try await itemNames(of: page == nil ? nil : keys)
        return try zip(rows, keys).map { row, key in
            Entry(
                taskDocumentNumber: try row.decode(column: "document_number", as: String.self), taskTitle: try row.decode(column: "title", as: String.self),
                department: key.department, departmentName: try row.decode(column: "department_name", as: String?.self) ?? key.department,
                enterpriseName: try row.decode(column: "enterprise_name", as: String?.self) ?? key.uscc, uscc: key.uscc,
                items: items[key] ?? [],
                result: try row.decode(column: "result_category", as: String.self),
                inspectionDate: try row.decode(column: "inspection_date", as: String?.self) ?? "",
                publishedAt: try row.decode(column: "approved_at", as: Date.self))
        }
    }

    private struct ResultKey: Hashable {
        var taskID: Int
        var uscc: String
        var department: String
    }

    /// The names of the items of `keys`' results (every result's when nil), in item-code order;
    /// an item since removed from its list shows its code.
    private func itemNames(of keys: [ResultKey]?) async throws -> [ResultKey: [String]] {
        if keys?.isEmpty == true { return [:] }
        var query = sql.select()
            .columns(SQLColumn("task_id", table: "ri"), SQLColumn("uscc", table: "ri"), SQLColumn("department_code", table: "ri"),
                     SQLColumn("item_code", table: "ri"))
            .column(SQLColumn("name", table: "i"), as: "item_name")
            .from(SQLAlias(SQLIdentifier("result_items"), as: SQLIdentifier("ri")))
            .join(SQLAlias(SQLIdentifier("inspection_items"), as: SQLIdentifier("i")), method: SQLJoinMethod.left,
                  on: SQLBinaryExpression(
                      SQLBinaryExpression(SQLColumn("department_code", table: "i"), .equal, SQLColumn("department_code", table: "ri")), .and,
                      SQLBinaryExpression(SQLColumn("code", table: "i"), .equal, SQLColumn("item_code", table: "ri"))))
        if let keys {
            // One equality group per result of the page: each is a lookup on the table's unique key.
            query = query.where { group in
                keys.reduce(group) { group, key in
                    group.orWhere { one in
                        one.where(SQLColumn("task_id", table: "ri"), .equal, SQLBind(key.taskID))
                            .where(SQLColumn("uscc", table: "ri"), .equal, SQLBind(key.uscc))
                            .where(SQLColumn("department_code", table: "ri"), .equal, SQLBind(key.department))
                    }
                }
            }
        }
        var names: [ResultKey: [String]] = [:]
        for row in try await query.orderBy(SQLColumn("item_code", table: "ri")).all() {
            let key = ResultKey(taskID: try row.decode(column: "task_id", as: Int.self), uscc: try row.decode(column: "uscc", as: String.self),
                                department: try row.decode(column: "department_code", as: String.self))
            let code = try row.decode(column: "item_code", as: String.self)
            names[key, default: []].append(try row.decode(column: "item_name", as: String?.self) ?? code)
        }
        return names
    }

    /// The feed for 国家企业信用信息公示系统 as CSV (UTF-8 with BOM, for Excel), layout in docs/publicity-feed.md.
    public static func csv(_ entries: [Entry]) -> String {
        var text = "\u{FEFF}task_document_number,task_title,department,department_name,enterprise_name,uscc,items,result,inspection_date,published_at\r\n"
        let formatter = ISO8601DateFormatter()
        for e in entries {
            let fields = [e.taskDocumentNumber, e.taskTitle, e.department, e.departmentName, e.enterpriseName, e.uscc,
                          e.items.joined(separator: ";"), e.result, e.inspectionDate, formatter.string(from: e.publishedAt)]
            text += fields.map(Self.quote).joined(separator: ",") + "\r\n"
        }
        return text
    }

    /// The same feed as JSON: `{"entries": [...]}` with the CSV's field names.
    public static func json(_ entries: [Entry]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(["entries": entries]), as: UTF8.self)
    }

    static func quote(_ field: String) -> String { CSVField.escaped(field) }
}
