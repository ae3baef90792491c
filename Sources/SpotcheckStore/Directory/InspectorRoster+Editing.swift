import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

/// Single-row edits of a department's 执法检查人员名录库. Every method takes the department the
/// caller is acting for and treats an inspector of another department as absent, so a route that
/// forgot its own check still could not reach across departments.
extension InspectorRoster {
    public func find(code: String) async throws -> InspectorRecord? {
        try await (db as! any SQLDatabase).select().columns(Self.columns).from("inspectors")
            .where("code", .equal, code).first().map(Self.record(from:))
    }

    /// The inspector `code` if it belongs to `department`, else a not-found error.
    public func require(code: String, department: String) async throws -> InspectorRecord {
        guard let record = try await find(code: code), record.dept == department else {
            throw StoreError.notFound(entity: "执法检查人员", key: code)
        }
        return record
    }

    /// Adds one inspector to `record.dept`. A 执法证号 is unique across all departments: the same
    /// officer registered twice could be drawn twice into one team.
    @discardableResult
    public func create(_ record: InspectorRecord, actor: AuditLog.Actor) async throws -> InspectorRecord {
        let record = Self.cleaned(record)
        try DirectoryRules.check(record)
        return try await db.transaction { tx in
            let roster = InspectorRoster(db: tx)
            if let existing = try await roster.find(code: record.code) {
                if existing.dept == record.dept { throw StoreError.duplicate(entity: "执法证号", key: record.code) }
                throw StoreError.invalid("执法证号「\(record.code)」已登记在其他部门（\(existing.dept)），不能重复登记")
            }
            try await Self.requireDepartment(record.dept, on: tx)
            try await (tx as! any SQLDatabase).insert(into: "inspectors").columns(Self.columns + ["updated_at"])
                .values(Self.values(record).map { SQLBind($0) } + [SQLBind(Date())]).run()
            try await AuditLog.record(on: tx, actor: actor, action: "create", entity: "inspector", entityID: record.code, after: record.auditSnapshot)
            return record
        }
    }

    /// Replaces the content of inspector `code` in `department`. The code and the department are
    /// fixed: moving an officer to another department is a delete there and a create here, each
    /// done by someone allowed to.
    @discardableResult
    public func update(code: String, department: String, with change: InspectorRecord, actor: AuditLog.Actor) async throws -> InspectorRecord {
        var fixed = Self.cleaned(change)
        fixed.code = code
        fixed.dept = department
        let record = fixed
        try DirectoryRules.check(record)
        return try await db.transaction { tx in
            let before = try await InspectorRoster(db: tx).require(code: code, department: department)
            if before == record { return record }
            try await (tx as! any SQLDatabase).update("inspectors")
                .set("name", to: record.name)
                .set("mobile", to: record.mobile)
                .set("status", to: record.status.rawValue)
                .set("certificate_expiry", to: record.certificateExpiry?.description ?? "")
                .set("expertise", to: record.expertise.joined(separator: ";"))
                .set("is_expert", to: record.isExpert)
                .set("updated_at", to: Date())
                .where("code", .equal, code)
                .run()
            try await AuditLog.record(on: tx, actor: actor, action: "update", entity: "inspector", entityID: code,
                                      before: before.auditSnapshot, after: record.auditSnapshot)
            return record
        }
    }

    /// Removes inspector `code` and its declared conflicts. The conflicts are deleted (and named in
    /// the audit event) explicitly rather than left to the foreign key's cascade, which would
    /// remove them without a trace.
    public func delete(code: String, department: String, actor: AuditLog.Actor) async throws {
        try await db.transaction { tx in
            let before = try await InspectorRoster(db: tx).require(code: code, department: department)
            let conflicts = try await ConflictList(db: tx).list(inspectorCode: code)
            let sql = tx as! any SQLDatabase
            try await sql.delete(from: "conflicts").where("inspector_code", .equal, code).run()
            try await sql.delete(from: "inspectors").where("code", .equal, code).run()
            var snapshot = before.auditSnapshot
            snapshot["conflicts"] = conflicts.map { "\($0.uscc):\($0.reason)" }.joined(separator: "\n")
            try await AuditLog.record(on: tx, actor: actor, action: "delete", entity: "inspector", entityID: code, before: snapshot)
        }
    }

    static func values(_ r: InspectorRecord) -> [any Encodable & Sendable] {
        [r.code, r.dept, r.name, r.mobile, r.status.rawValue, r.certificateExpiry?.description ?? "",
         r.expertise.joined(separator: ";"), r.isExpert]
    }

    static func cleaned(_ r: InspectorRecord) -> InspectorRecord {
        var seen = Set<String>()
        let expertise = r.expertise.map(\.trimmedField).filter { !$0.isEmpty && seen.insert($0).inserted }
        return InspectorRecord(code: r.code.trimmedField.uppercased(), name: r.name.trimmedField, dept: r.dept.trimmedField,
                               mobile: r.mobile.trimmedField, status: r.status, certificateExpiry: r.certificateExpiry,
                               expertise: expertise, isExpert: r.isExpert)
    }

    static func requireDepartment(_ code: String, on db: any Database) async throws {
        guard try await DepartmentModel.query(on: db).filter(\.$code == code).first() != nil else {
            throw StoreError.notFound(entity: "部门", key: code)
        }
    }
}
