import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

/// The 执法检查人员名录库: one roster per department, keyed by 执法证号.
public struct InspectorRoster: Sendable {
    public let db: any Database
    public init(db: any Database) { self.db = db }

    static let columns = ["code", "department_code", "name", "mobile", "status", "certificate_expiry", "expertise", "is_expert"]

    /// Every inspector's department, for import checks (a code registered by another department
    /// must not be taken over).
    public func departmentsByCode() async throws -> [String: String] {
        let rows = try await (db as! any SQLDatabase).select().columns("code", "department_code").from("inspectors").all()
        var result: [String: String] = [:]
        for row in rows { result[try row.decode(column: "code", as: String.self)] = try row.decode(column: "department_code", as: String.self) }
        return result
    }

    public func upsert(_ records: [InspectorRecord], actor: AuditLog.Actor, note: String = "") async throws -> UpsertCounts {
        try await db.transaction { tx in
            let sql = tx as! any SQLDatabase
            var existing: [String: String] = [:]
            for row in try await sql.select().columns(Self.columns).from("inspectors").all() {
                let record = try Self.record(from: row)
                existing[record.code] = Self.fingerprint(record)
            }
            let rows = records.map { record in
                BulkUpsert.Row(key: record.code, fingerprint: Self.fingerprint(record), values: [
                    record.code, record.dept, record.name, record.mobile, record.status.rawValue,
                    record.certificateExpiry?.description ?? "", record.expertise.joined(separator: ";"), record.isExpert,
                ])
            }
            let counts = try await BulkUpsert.write(table: "inspectors", columns: Self.columns, conflictKeys: ["code"], rows: rows, existing: existing, on: sql)
            try await AuditLog.record(on: tx, actor: actor, action: "import", entity: "inspector", entityID: "bulk", after: [
                "added": String(counts.added), "updated": String(counts.updated), "unchanged": String(counts.unchanged), "note": note,
            ])
            return counts
        }
    }

    /// One department's roster (or all when nil), in code order.
    public func list(department: String?) async throws -> [InspectorRecord] {
        var query = (db as! any SQLDatabase).select().columns(Self.columns).from("inspectors")
        if let department { query = query.where("department_code", .equal, department) }
        return try await query.orderBy("department_code").orderBy("code").all().map(Self.record(from:))
    }

    static func fingerprint(_ r: InspectorRecord) -> String {
        BulkUpsert.fingerprint([r.code, r.dept, r.name, r.mobile, r.status.rawValue, r.certificateExpiry?.description ?? "",
                                r.expertise.joined(separator: ";"), r.isExpert ? "1" : "0"])
    }

    static func record(from row: any SQLRow) throws -> InspectorRecord {
        let code = try row.decode(column: "code", as: String.self)
        return InspectorRecord(
            code: code,
            name: try row.decode(column: "name", as: String.self),
            dept: try row.decode(column: "department_code", as: String.self),
            mobile: try row.decode(column: "mobile", as: String.self),
            status: try row.decodeStored("status", as: InspectorStatus.self, entity: "inspectors", id: code),
            certificateExpiry: try row.decodeStoredOptionalDate("certificate_expiry", entity: "inspectors", id: code),
            expertise: FieldTag.splitList(try row.decode(column: "expertise", as: String.self)),
            isExpert: try row.decode(column: "is_expert", as: Bool.self))
    }
}
