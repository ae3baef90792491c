import SpotcheckCore
import SpotcheckStore

/// 检查对象名录库: everyone but inspectors reads it; the office edits it.
extension Workflow {
    public func enterprises(_ query: EnterpriseDirectory.Query, page: Int, perPage: Int,
                            for principal: Principal) async throws -> (records: [EnterpriseRecord], total: Int) {
        try RoleGate.readers.check(principal)
        return try await EnterpriseDirectory(db: db).search(query, page: page, perPage: perPage)
    }

    public func enterprise(_ uscc: String, for principal: Principal) async throws -> EnterpriseRecord {
        try RoleGate.readers.check(principal)
        guard let record = try await EnterpriseDirectory(db: db).find(uscc: USCC.normalized(uscc)) else {
            throw StoreError.notFound(entity: "企业", key: uscc)
        }
        return record
    }

    public func createEnterprise(_ record: EnterpriseRecord, by principal: Principal) async throws -> EnterpriseRecord {
        try RoleGate.office.check(principal)
        return try await EnterpriseDirectory(db: db).create(record, actor: Self.actor(principal))
    }

    public func updateEnterprise(_ record: EnterpriseRecord, by principal: Principal) async throws -> EnterpriseRecord {
        try RoleGate.office.check(principal)
        return try await EnterpriseDirectory(db: db).update(record, actor: Self.actor(principal))
    }
}
