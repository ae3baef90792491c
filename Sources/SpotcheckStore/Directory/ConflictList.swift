import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

/// One declared conflict of interest (回避): this inspector must never inspect this enterprise.
public struct ConflictRecord: Sendable, Hashable, Codable {
    public var inspectorCode: String
    public var uscc: String
    public var reason: String
    /// The enterprise's name when it is in the directory (for display; not part of the key).
    public var enterpriseName: String?
    public var createdAt: Date?

    public init(inspectorCode: String, uscc: String, reason: String, enterpriseName: String? = nil, createdAt: Date? = nil) {
        self.inspectorCode = inspectorCode
        self.uscc = uscc
        self.reason = reason
        self.enterpriseName = enterpriseName
        self.createdAt = createdAt
    }
}

/// Declared conflicts, keyed by (inspector, enterprise). The department that owns the inspector
/// declares and withdraws them; each change is audited because a conflict removed just before a
/// draw could put an officer in front of a relative's company.
public struct ConflictList: Sendable {
    public let db: any Database
    public init(db: any Database) { self.db = db }

    /// The conflicts of one inspector, newest first.
    public func list(inspectorCode: String) async throws -> [ConflictRecord] {
        try await query().where(SQLColumn("inspector_code", table: "conflicts"), SQLBinaryOperator.equal, SQLBind(inspectorCode))
            .orderBy(SQLColumn("created_at", table: "conflicts"), SQLDirection.descending).orderBy(SQLColumn("uscc", table: "conflicts"))
            .all().map(Self.record(from:))
    }

    /// Every conflict of a department's inspectors (all departments when nil), in key order.
    public func list(department: String?) async throws -> [ConflictRecord] {
        var select = query()
        if let department {
            select = select.join("inspectors", on: SQLColumn("code", table: "inspectors"), SQLBinaryOperator.equal, SQLColumn("inspector_code", table: "conflicts"))
                .where(SQLColumn("department_code", table: "inspectors"), SQLBinaryOperator.equal, SQLBind(department))
        }
        return try await select.orderBy(SQLColumn("inspector_code", table: "conflicts")).orderBy(SQLColumn("uscc", table: "conflicts"))
            .all().map(Self.record(from:))
    }

    /// Number of conflicts per inspector code of one department, for the roster page.
    public func counts(department: String) async throws -> [String: Int] {
        var result: [String: Int] = [:]
        for conflict in try await list(department: department) { result[conflict.inspectorCode, default: 0] += 1 }
        return result
    }

    /// The pairs as the draw engine takes them.
    public func conflictSet() async throws -> ConflictSet {
        ConflictSet(try await list(department: nil).map { ConflictSet.Pair(inspector: $0.inspectorCode, enterprise: $0.uscc) })
    }

    /// Declares a conflict for inspector `inspectorCode` of `department` with enterprise `uscc`,
    /// which must be in the directory (a typo would otherwise protect nobody).
    @discardableResult
    public func add(department: String, inspectorCode: String, uscc: String, reason: String, actor: AuditLog.Actor) async throws -> ConflictRecord {
        let code = USCC.normalized(uscc)
        let reason = reason.trimmedField
        try DirectoryRules.checkReason(reason)
        if let problem = USCC.validate(code).reason { throw StoreError.invalid("统一社会信用代码\(problem)") }
        return try await db.transaction { tx in
            _ = try await InspectorRoster(db: tx).require(code: inspectorCode, department: department)
            guard let enterprise = try await EnterpriseDirectory(db: tx).find(uscc: code) else {
                throw StoreError.notFound(entity: "检查对象名录库中的企业", key: code)
            }
            let sql = tx as! any SQLDatabase
            let existing = try await sql.select().column("uscc").from("conflicts")
                .where("inspector_code", .equal, inspectorCode).where("uscc", .equal, code).first()
            if existing != nil { throw StoreError.duplicate(entity: "回避记录", key: "\(inspectorCode) × \(enterprise.name)") }
            let now = Date()
            try await sql.insert(into: "conflicts").columns("inspector_code", "uscc", "reason", "created_at")
                .values(SQLBind(inspectorCode), SQLBind(code), SQLBind(reason), SQLBind(now)).run()
            let record = ConflictRecord(inspectorCode: inspectorCode, uscc: code, reason: reason, enterpriseName: enterprise.name, createdAt: now)
            try await AuditLog.record(on: tx, actor: actor, action: "create", entity: "conflict", entityID: "\(inspectorCode)/\(code)",
                                      after: Self.snapshot(record))
            return record
        }
    }

    /// Withdraws a declared conflict.
    public func remove(department: String, inspectorCode: String, uscc: String, actor: AuditLog.Actor) async throws {
        try await db.transaction { tx in
            _ = try await InspectorRoster(db: tx).require(code: inspectorCode, department: department)
            guard let before = try await ConflictList(db: tx).list(inspectorCode: inspectorCode).first(where: { $0.uscc == uscc }) else {
                throw StoreError.notFound(entity: "回避记录", key: "\(inspectorCode) × \(uscc)")
            }
            try await (tx as! any SQLDatabase).delete(from: "conflicts")
                .where("inspector_code", .equal, inspectorCode).where("uscc", .equal, uscc).run()
            try await AuditLog.record(on: tx, actor: actor, action: "delete", entity: "conflict", entityID: "\(inspectorCode)/\(uscc)",
                                      before: Self.snapshot(before))
        }
    }

    private func query() -> SQLSelectBuilder {
        (db as! any SQLDatabase).select()
            .column(SQLColumn("inspector_code", table: "conflicts"))
            .column(SQLColumn("uscc", table: "conflicts"))
            .column(SQLColumn("reason", table: "conflicts"))
            .column(SQLColumn("created_at", table: "conflicts"))
            .column(SQLColumn("name", table: "enterprises"), as: "enterprise_name")
            .from("conflicts")
            .join("enterprises", method: SQLJoinMethod.left, on: SQLColumn("uscc", table: "enterprises"), SQLBinaryOperator.equal, SQLColumn("uscc", table: "conflicts"))
    }

    static func snapshot(_ r: ConflictRecord) -> [String: String] {
        ["inspector_code": r.inspectorCode, "uscc": r.uscc, "reason": r.reason, "enterprise_name": r.enterpriseName ?? ""]
    }

    static func record(from row: any SQLRow) throws -> ConflictRecord {
        ConflictRecord(
            inspectorCode: try row.decode(column: "inspector_code", as: String.self),
            uscc: try row.decode(column: "uscc", as: String.self),
            reason: try row.decode(column: "reason", as: String.self),
            enterpriseName: try row.decodeNil(column: "enterprise_name") ? nil : row.decode(column: "enterprise_name", as: String.self),
            createdAt: try row.decodeNil(column: "created_at") ? nil : row.decode(column: "created_at", as: Date.self))
    }
}
