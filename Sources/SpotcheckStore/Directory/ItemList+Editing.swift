import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

/// Single-row edits of a department's 抽查事项清单. Items are addressed by (department, code), so
/// a department can only ever reach its own list.
extension ItemList {
    public func find(department: String, code: String) async throws -> InspectionItemRecord? {
        try await (db as! any SQLDatabase).select().columns(Self.columns).from("inspection_items")
            .where("department_code", .equal, department).where("code", .equal, code).first().map(Self.record(from:))
    }

    public func require(department: String, code: String) async throws -> InspectionItemRecord {
        guard let record = try await find(department: department, code: code) else {
            throw StoreError.notFound(entity: "抽查事项", key: code)
        }
        return record
    }

    @discardableResult
    public func create(_ record: InspectionItemRecord, actor: AuditLog.Actor) async throws -> InspectionItemRecord {
        let record = Self.cleaned(record)
        try DirectoryRules.check(record)
        return try await db.transaction { tx in
            if try await ItemList(db: tx).find(department: record.dept, code: record.code) != nil {
                throw StoreError.duplicate(entity: "事项编号", key: record.code)
            }
            try await InspectorRoster.requireDepartment(record.dept, on: tx)
            try await (tx as! any SQLDatabase).insert(into: "inspection_items").columns(Self.columns + ["updated_at"])
                .values(Self.values(record, id: UUID()).map { SQLBind($0) } + [SQLBind(Date())]).run()
            try await AuditLog.record(on: tx, actor: actor, action: "create", entity: "inspection_item", entityID: Self.key(record),
                                      after: record.auditSnapshot)
            return record
        }
    }

    /// Replaces item `code` of `department`; both stay as they are (the code is what plans and
    /// published notices refer to).
    @discardableResult
    public func update(department: String, code: String, with change: InspectionItemRecord, actor: AuditLog.Actor) async throws -> InspectionItemRecord {
        var fixed = Self.cleaned(change)
        fixed.dept = department
        fixed.code = code
        let record = fixed
        try DirectoryRules.check(record)
        return try await db.transaction { tx in
            let before = try await ItemList(db: tx).require(department: department, code: code)
            if before == record { return record }
            try await (tx as! any SQLDatabase).update("inspection_items")
                .set("name", to: record.name)
                .set("sub_items", to: record.subItems.joined(separator: "\n"))
                .set("legal_basis", to: record.legalBasis)
                .set("subject", to: record.subject)
                .set("object_scope", to: record.scopeTags.map(\.rawValue).joined(separator: ";"))
                .set("methods", to: record.methods.map(\.rawValue).joined(separator: ";"))
                .set("ratio_bp", to: record.defaultRatioBasisPoints)
                .set("frequency", to: record.frequency)
                .set("materials", to: record.materials.joined(separator: "\n"))
                .set("inspector_requirements", to: record.inspectorRequirements)
                .set("category", to: record.category.rawValue)
                .set("updated_at", to: Date())
                .where("department_code", .equal, department).where("code", .equal, code)
                .run()
            try await AuditLog.record(on: tx, actor: actor, action: "update", entity: "inspection_item", entityID: Self.key(record),
                                      before: before.auditSnapshot, after: record.auditSnapshot)
            return record
        }
    }

    public func delete(department: String, code: String, actor: AuditLog.Actor) async throws {
        try await db.transaction { tx in
            let before = try await ItemList(db: tx).require(department: department, code: code)
            try await (tx as! any SQLDatabase).delete(from: "inspection_items")
                .where("department_code", .equal, department).where("code", .equal, code).run()
            try await AuditLog.record(on: tx, actor: actor, action: "delete", entity: "inspection_item", entityID: Self.key(before),
                                      before: before.auditSnapshot)
        }
    }

    /// Column values in `columns` order.
    static func values(_ r: InspectionItemRecord, id: UUID) -> [any Encodable & Sendable] {
        [id, r.dept, r.code, r.name, r.subItems.joined(separator: "\n"), r.legalBasis, r.subject,
         r.scopeTags.map(\.rawValue).joined(separator: ";"), r.methods.map(\.rawValue).joined(separator: ";"),
         r.defaultRatioBasisPoints, r.frequency, r.materials.joined(separator: "\n"), r.inspectorRequirements, r.category.rawValue]
    }

    /// Lines are stored joined by newlines, so a line may not itself contain one, nor be blank.
    static func cleaned(_ r: InspectionItemRecord) -> InspectionItemRecord {
        func lines(_ values: [String]) -> [String] {
            values.flatMap { $0.split(whereSeparator: \.isNewline) }.map { String($0).trimmedField }.filter { !$0.isEmpty }
        }
        var seenTags = Set<FieldTag>()
        var seenMethods = Set<InspectionMethod>()
        return InspectionItemRecord(
            dept: r.dept.trimmedField, code: r.code.trimmedField, name: r.name.trimmedField, subItems: lines(r.subItems),
            legalBasis: r.legalBasis.trimmedField, subject: r.subject.trimmedField,
            scopeTags: r.scopeTags.filter { !$0.rawValue.isEmpty && seenTags.insert($0).inserted },
            methods: r.methods.filter { seenMethods.insert($0).inserted }, category: r.category,
            defaultRatioBasisPoints: r.defaultRatioBasisPoints, frequency: r.frequency.trimmedField,
            materials: lines(r.materials), inspectorRequirements: r.inspectorRequirements.trimmedField)
    }
}
