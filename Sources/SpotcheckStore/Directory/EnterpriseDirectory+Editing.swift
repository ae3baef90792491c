import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

/// Single-row edits of the 检查对象名录库 by the office. Only the public API of
/// `EnterpriseDirectory` is used here, so its bulk paths can change freely.
extension EnterpriseDirectory {
    /// Replaces one enterprise's content; the 统一社会信用代码 is the key and never changes (a new
    /// code is a new market entity). Writes one audit event with before and after, in the same
    /// transaction; an edit that changes nothing writes nothing.
    @discardableResult
    public func update(_ record: EnterpriseRecord, actor: AuditLog.Actor) async throws -> EnterpriseRecord {
        let record = Self.cleaned(record)
        try DirectoryRules.check(record)
        return try await db.transaction { tx in
            guard let before = try await EnterpriseDirectory(db: tx).find(uscc: record.uscc) else {
                throw StoreError.notFound(entity: "企业", key: record.uscc)
            }
            if before == record { return record }
            try await (tx as! any SQLDatabase).update("enterprises")
                .set("name", to: record.name)
                .set("legal_representative", to: record.legalRepresentative)
                .set("address", to: record.address)
                .set("region_code", to: record.regionCode)
                .set("industry", to: record.industry)
                .set("tags", to: record.tags.map(\.rawValue).joined(separator: ";"))
                .set("risk_class", to: record.riskClass.rawValue)
                .set("status", to: record.status.rawValue)
                .set("phone", to: record.phone)
                .set("updated_at", to: Date())
                .where("uscc", .equal, record.uscc)
                .run()
            try await AuditLog.record(on: tx, actor: actor, action: "update", entity: "enterprise", entityID: record.uscc,
                                      before: before.auditSnapshot, after: record.auditSnapshot)
            return record
        }
    }

    /// Adds one enterprise (the API's single-row create; files go through `upsert`). Unlike an
    /// import, an existing code is refused rather than overwritten, and the audit event names the
    /// enterprise with its content instead of a bulk summary.
    @discardableResult
    public func create(_ record: EnterpriseRecord, actor: AuditLog.Actor) async throws -> EnterpriseRecord {
        let record = Self.cleaned(record)
        try DirectoryRules.check(record)
        return try await db.transaction { tx in
            if try await EnterpriseDirectory(db: tx).find(uscc: record.uscc) != nil {
                throw StoreError.duplicate(entity: "统一社会信用代码", key: record.uscc)
            }
            // In `columns` order; `check_ok` is true by the rules just checked.
            let values: [any Encodable & Sendable] = [
                record.uscc, record.name, record.legalRepresentative, record.address, record.regionCode, record.industry,
                Self.joinTags(record.tags), record.riskClass.rawValue, record.status.rawValue, record.phone,
                USCC.validate(record.uscc).isValid, Date(),
            ]
            try await (tx as! any SQLDatabase).insert(into: "enterprises").columns(Self.columns + ["updated_at"])
                .values(values.map { SQLBind($0) }).run()
            try await AuditLog.record(on: tx, actor: actor, action: "create", entity: "enterprise", entityID: record.uscc,
                                      after: record.auditSnapshot)
            return record
        }
    }

    /// Trims what forms and JSON leave around values and drops repeated tags, so that stored
    /// text compares equal to what an import of the same values would store.
    static func cleaned(_ r: EnterpriseRecord) -> EnterpriseRecord {
        var seen = Set<FieldTag>()
        let tags = r.tags.map { FieldTag($0.rawValue.trimmingCharacters(in: .whitespacesAndNewlines)) }
            .filter { !$0.rawValue.isEmpty && seen.insert($0).inserted }
        return EnterpriseRecord(
            uscc: USCC.normalized(r.uscc), name: r.name.trimmedField, legalRepresentative: r.legalRepresentative.trimmedField,
            address: r.address.trimmedField, regionCode: r.regionCode.trimmedField, industry: r.industry.trimmedField, tags: tags,
            riskClass: r.riskClass, status: r.status, phone: r.phone.trimmedField)
    }
}
