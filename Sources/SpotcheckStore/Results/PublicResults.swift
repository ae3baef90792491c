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

    /// Approved results, newest first, optionally searched by enterprise name or USCC.
    public func search(text: String = "", page: Int = 1, perPage: Int = 50) async throws -> (entries: [Entry], total: Int) {
        let all = try await entries(text: text)
        let start = max(0, (page - 1) * perPage)
        return (Array(all.dropFirst(start).prefix(perPage)), all.count)
    }

    /// Every approved result (optionally published within `from…to`), for the export feed.
    public func entries(text: String = "", from: Date? = nil, to: Date? = nil) async throws -> [Entry] {
        var query = sql.select()
            .columns(SQLColumn("task_id", table: "r"), SQLColumn("uscc", table: "r"), SQLColumn("department_code", table: "r"),
                     SQLColumn("result_category", table: "r"), SQLColumn("inspection_date", table: "r"), SQLColumn("approved_at", table: "r"))
            .column(SQLColumn("name", table: "e"), as: "enterprise_name")
            .column(SQLColumn("document_number", table: "t"), as: "document_number")
            .column(SQLColumn("title", table: "t"), as: "title")
            .from(SQLAlias(SQLIdentifier("inspection_results"), as: SQLIdentifier("r")))
            .join(SQLAlias(SQLIdentifier("tasks"), as: SQLIdentifier("t")), method: SQLJoinMethod.inner,
                  on: SQLColumn("task_id", table: "r"), .equal, SQLColumn("id", table: "t"))
            .join(SQLAlias(SQLIdentifier("enterprises"), as: SQLIdentifier("e")), method: SQLJoinMethod.left,
                  on: SQLColumn("uscc", table: "r"), .equal, SQLColumn("uscc", table: "e"))
            .where(SQLColumn("status", table: "r"), .equal, SQLBind(InspectionResult.Status.approved.rawValue))
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if !trimmed.isEmpty {
            let pattern = "%" + trimmed.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
            query = query.where { group in
                group.where(SQLColumn("name", table: "e"), .like, SQLBind(pattern))
                    .orWhere(SQLColumn("uscc", table: "r"), .like, SQLBind(pattern.uppercased()))
            }
        }
        if let from { query = query.where(SQLColumn("approved_at", table: "r"), .greaterThanOrEqual, SQLBind(from)) }
        if let to { query = query.where(SQLColumn("approved_at", table: "r"), .lessThan, SQLBind(to)) }
        let rows = try await query.orderBy(SQLOrderBy(expression: SQLColumn("approved_at", table: "r"), direction: SQLDirection.descending)).orderBy(SQLColumn("uscc", table: "r")).all()
        let names = Dictionary(try await DepartmentRepository(db: db).all().map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let itemNames = Dictionary(try await ItemList(db: db).list(department: nil).map { ("\($0.dept)/\($0.code)", $0.name) },
                                   uniquingKeysWith: { a, _ in a })
        var itemsByResult: [String: [String]] = [:]
        for row in try await sql.select().columns("task_id", "uscc", "department_code", "item_code").from("result_items").orderBy("item_code").all() {
            let dept = try row.decode(column: "department_code", as: String.self)
            let key = "\(try row.decode(column: "task_id", as: Int.self))/\(try row.decode(column: "uscc", as: String.self))/\(dept)"
            let code = try row.decode(column: "item_code", as: String.self)
            itemsByResult[key, default: []].append(itemNames["\(dept)/\(code)"] ?? code)
        }
        return try rows.map { row in
            let dept = try row.decode(column: "department_code", as: String.self)
            let uscc = try row.decode(column: "uscc", as: String.self)
            let taskID = try row.decode(column: "task_id", as: Int.self)
            return Entry(
                taskDocumentNumber: try row.decode(column: "document_number", as: String.self), taskTitle: try row.decode(column: "title", as: String.self),
                department: dept, departmentName: names[dept] ?? dept,
                enterpriseName: (try? row.decode(column: "enterprise_name", as: String?.self)) ?? uscc, uscc: uscc,
                items: itemsByResult["\(taskID)/\(uscc)/\(dept)"] ?? [],
                result: try row.decode(column: "result_category", as: String.self),
                inspectionDate: (try? row.decode(column: "inspection_date", as: String?.self)) ?? "",
                publishedAt: try row.decode(column: "approved_at", as: Date.self))
        }
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

    static func quote(_ field: String) -> String {
        // A leading = + - @ would be run as a formula by spreadsheet software.
        var value = field
        if let first = value.first, "=+-@".contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
