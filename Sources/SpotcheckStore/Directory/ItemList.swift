import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

/// The 抽查事项清单: each department's items, keyed by (department, code).
public struct ItemList: Sendable {
    public let db: any Database
    public init(db: any Database) { self.db = db }

    static let columns = ["id", "department_code", "code", "name", "sub_items", "legal_basis", "subject", "object_scope",
                          "methods", "ratio_bp", "frequency", "materials", "inspector_requirements", "category"]

    public func upsert(_ records: [InspectionItemRecord], actor: AuditLog.Actor, note: String = "") async throws -> UpsertCounts {
        try await db.transaction { tx in
            let sql = tx as! any SQLDatabase
            var existing: [String: String] = [:]
            var ids: [String: UUID] = [:]
            for row in try await sql.select().columns(Self.columns).from("inspection_items").all() {
                let record = try Self.record(from: row)
                existing[Self.key(record)] = Self.fingerprint(record)
                ids[Self.key(record)] = try row.decode(column: "id", as: UUID.self)
            }
            let rows = records.map { r in
                BulkUpsert.Row(key: Self.key(r), fingerprint: Self.fingerprint(r), values: [
                    ids[Self.key(r)] ?? UUID(), r.dept, r.code, r.name, r.subItems.joined(separator: "\n"), r.legalBasis, r.subject,
                    r.scopeTags.map(\.rawValue).joined(separator: ";"), r.methods.map(\.rawValue).joined(separator: ";"),
                    r.defaultRatioBasisPoints, r.frequency, r.materials.joined(separator: "\n"), r.inspectorRequirements, r.category.rawValue,
                ])
            }
            let counts = try await BulkUpsert.write(table: "inspection_items", columns: Self.columns, conflictKeys: ["department_code", "code"],
                                                    rows: rows, existing: existing, on: sql)
            try await AuditLog.record(on: tx, actor: actor, action: "import", entity: "inspection_item", entityID: "bulk", after: [
                "added": String(counts.added), "updated": String(counts.updated), "unchanged": String(counts.unchanged), "note": note,
            ])
            return counts
        }
    }

    /// One department's items (or all when nil), in code order. Retired (停用) items are included
    /// unless `includeRetired` is false: forms, records and reports of published tasks still name
    /// them; only what a new draft may choose leaves them out.
    public func list(department: String?, includeRetired: Bool = true) async throws -> [InspectionItemRecord] {
        var query = (db as! any SQLDatabase).select().columns(Self.columns).from("inspection_items")
        if let department { query = query.where("department_code", .equal, department) }
        if !includeRetired { query = query.where("retired", .equal, false) }
        return try await query.orderBy("department_code").orderBy("code").all().map(Self.record(from:))
    }

    /// Codes of `department`'s retired (停用) items (all departments' as `dept/code` when nil).
    public func retiredCodes(department: String?) async throws -> Set<String> {
        var query = (db as! any SQLDatabase).select().columns("department_code", "code").from("inspection_items")
            .where("retired", .equal, true)
        if let department { query = query.where("department_code", .equal, department) }
        return Set(try await query.all().map { row in
            let code = try row.decode(column: "code", as: String.self)
            return department == nil ? try row.decode(column: "department_code", as: String.self) + "/" + code : code
        })
    }

    static func key(_ r: InspectionItemRecord) -> String { r.dept + "/" + r.code }

    static func fingerprint(_ r: InspectionItemRecord) -> String {
        BulkUpsert.fingerprint([r.dept, r.code, r.name, r.subItems.joined(separator: "\n"), r.legalBasis, r.subject,
                                r.scopeTags.map(\.rawValue).joined(separator: ";"), r.methods.map(\.rawValue).joined(separator: ";"),
                                String(r.defaultRatioBasisPoints), r.frequency, r.materials.joined(separator: "\n"), r.inspectorRequirements, r.category.rawValue])
    }

    static func record(from row: any SQLRow) throws -> InspectionItemRecord {
        func lines(_ column: String) throws -> [String] {
            try row.decode(column: column, as: String.self).split(separator: "\n").map(String.init)
        }
        return InspectionItemRecord(
            dept: try row.decode(column: "department_code", as: String.self),
            code: try row.decode(column: "code", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            subItems: try lines("sub_items"),
            legalBasis: try row.decode(column: "legal_basis", as: String.self),
            subject: try row.decode(column: "subject", as: String.self),
            scopeTags: FieldTag.splitList(try row.decode(column: "object_scope", as: String.self)).map { FieldTag($0) },
            methods: FieldTag.splitList(try row.decode(column: "methods", as: String.self)).compactMap(InspectionMethod.init(rawValue:)),
            category: try row.decodeStored("category", as: InspectionItemCategory.self, entity: "inspection_items",
                                           id: "\(try row.decode(column: "department_code", as: String.self))/\(try row.decode(column: "code", as: String.self))"),
            defaultRatioBasisPoints: try row.decode(column: "ratio_bp", as: Int.self),
            frequency: try row.decode(column: "frequency", as: String.self),
            materials: try lines("materials"),
            inspectorRequirements: try row.decode(column: "inspector_requirements", as: String.self))
    }
}
