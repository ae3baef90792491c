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

    /// Every enterprise the query selects, in batches: the whole directory in code order when the
    /// query is empty, otherwise what the list page shows, all pages of it (a province's directory
    /// is a million rows, so nothing holds it whole).
    public func forEachEnterpriseBatch(_ query: EnterpriseDirectory.Query, for principal: Principal,
                                       _ body: ([EnterpriseRecord]) async throws -> Void) async throws {
        try RoleGate.readers.check(principal)
        let directory = EnterpriseDirectory(db: db)
        let filtered = ![query.text, query.tag, query.riskClass, query.status].allSatisfy({ ($0 ?? "").isEmpty })
        guard filtered else {
            try await directory.forEachBatch { try await body($0) }
            return
        }
        var page = 1
        while true {
            let (records, total) = try await directory.search(query, page: page, perPage: 5000)
            try await body(records)
            if records.isEmpty || page * 5000 >= total { break }
            page += 1
        }
    }

    /// 法定代表人 and 住所 of the enterprises a page lists (the confirmation table), for whoever
    /// reads that task.
    public func enterpriseContacts(_ usccs: some Collection<String>) async throws -> [String: (legalRepresentative: String, address: String)] {
        try await EnterpriseDirectory(db: db).contacts(of: usccs)
    }
}
