import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

/// The 检查对象名录库 in the database. Bulk paths use SQLKit with multi-row statements inside one
/// transaction: Fluent's per-model saves are far too slow for a province's million rows.
public struct EnterpriseDirectory: Sendable {
    public let db: any Database
    public init(db: any Database) { self.db = db }

    static let columns = ["uscc", "name", "legal_representative", "address", "region_code", "industry",
                          "tags", "risk_class", "status", "phone", "check_ok"]
    static let readColumns = Array(columns.dropLast())

    /// Inserts new enterprises and updates changed ones, all or nothing. `progress` receives the
    /// number of rows handled so far (for long CLI imports). Codes must be unique within
    /// `records`, as the import validator guarantees.
    public func upsert(_ records: [EnterpriseRecord], actor: AuditLog.Actor, note: String = "", progress: (@Sendable (Int) -> Void)? = nil) async throws -> UpsertCounts {
        try await upsert(batches: SingleBatch(records: records), actor: actor, note: note, progress: progress)
    }

    /// The streaming form of ``upsert(_:actor:note:progress:)``: batches are written as they
    /// arrive, all in one transaction, so a million-row file is validated and written at the same
    /// time without ever being held whole. When `batches` throws, everything is rolled back and
    /// the error is rethrown — that is how an importer rejects a file whose bad row comes late.
    public func upsert<Batches: AsyncSequence & Sendable>(
        batches: Batches, actor: AuditLog.Actor, note: String = "", progress: (@Sendable (Int) -> Void)? = nil
    ) async throws -> UpsertCounts where Batches.Element == [EnterpriseRecord] {
        try await db.transaction { tx in
            let sql = tx as! any SQLDatabase
            // A first import reads nothing back: every row is new.
            let tableWasEmpty = try await sql.select().column(SQLLiteral.all).from("enterprises").limit(1).all().isEmpty
            var counts = UpsertCounts()
            var handled = 0
            var writer = BulkWriter(table: "enterprises", columns: Self.columns, conflictKeys: ["uscc"], tableWasEmpty: tableWasEmpty, on: sql)
            writer.rebuildsIndexes = true
            do {
                for try await batch in batches {
                    let existing = tableWasEmpty ? [:] : try await Self.existingFingerprints(for: batch, on: sql)
                    var pending: [EnterpriseRecord]
                    if existing.isEmpty {
                        counts.added += batch.count
                        pending = batch
                    } else {
                        pending = []
                        pending.reserveCapacity(batch.count)
                        for record in batch {
                            switch existing[record.uscc] {
                            case nil: counts.added += 1; pending.append(record)
                            case Self.fingerprint(record)?: counts.unchanged += 1
                            default: counts.updated += 1; pending.append(record)
                            }
                        }
                    }
                    try await writer.write(pending) { record, row in Self.encode(record, into: &row) }
                    handled += batch.count
                    progress?(handled)
                }
                try await writer.finish()
            } catch {
                try? await writer.restoreSettings()
                throw error
            }
            // One summary event: a million per-row events would bury the log.
            try await AuditLog.record(on: tx, actor: actor, action: "import", entity: "enterprise", entityID: "bulk", after: [
                "added": String(counts.added), "updated": String(counts.updated), "unchanged": String(counts.unchanged), "note": note,
            ])
            return counts
        }
    }

    /// A whole array as one batch.
    struct SingleBatch: AsyncSequence, Sendable {
        let records: [EnterpriseRecord]
        struct AsyncIterator: AsyncIteratorProtocol {
            var records: [EnterpriseRecord]?
            mutating func next() async -> [EnterpriseRecord]? {
                defer { records = nil }
                return records
            }
        }
        func makeAsyncIterator() -> AsyncIterator { AsyncIterator(records: records.isEmpty ? nil : records) }
    }

    static func encode(_ record: EnterpriseRecord, into row: inout BulkRowEncoder) {
        row.text(record.uscc)
        row.text(record.name)
        row.text(record.legalRepresentative)
        row.text(record.address)
        row.text(record.regionCode)
        row.text(record.industry)
        row.text(joinTags(record.tags))
        row.text(record.riskClass.rawValue)
        row.text(record.status.rawValue)
        row.text(record.phone)
        row.bool(USCC.validate(record.uscc).isValid)
    }

    /// The stored content of each enterprise in `records`, as a comparable string.
    static func existingFingerprints(for records: [EnterpriseRecord], on sql: any SQLDatabase) async throws -> [String: String] {
        var result: [String: String] = [:]
        let codes = records.map(\.uscc)
        for start in stride(from: 0, to: codes.count, by: 1000) {
            let chunk = Array(codes[start ..< min(start + 1000, codes.count)])
            let rows = try await sql.select().columns(readColumns).from("enterprises")
                .where("uscc", .in, chunk).all()
            for row in rows {
                let record = try Self.record(from: row)
                result[record.uscc] = fingerprint(record)
            }
        }
        return result
    }

    static func fingerprint(_ r: EnterpriseRecord) -> String {
        BulkUpsert.fingerprint([r.uscc, r.name, r.legalRepresentative, r.address, r.regionCode, r.industry, joinTags(r.tags), r.riskClass.rawValue, r.status.rawValue, r.phone])
    }

    static func joinTags(_ tags: [FieldTag]) -> String {
        tags.count == 1 ? tags[0].rawValue : tags.map(\.rawValue).joined(separator: ";")
    }

    static func record(from row: any SQLRow) throws -> EnterpriseRecord {
        let uscc = try row.decode(column: "uscc", as: String.self)
        return EnterpriseRecord(
            uscc: uscc,
            name: try row.decode(column: "name", as: String.self),
            legalRepresentative: try row.decode(column: "legal_representative", as: String.self),
            address: try row.decode(column: "address", as: String.self),
            regionCode: try row.decode(column: "region_code", as: String.self),
            industry: try row.decode(column: "industry", as: String.self),
            tags: FieldTag.splitList(try row.decode(column: "tags", as: String.self)).map { FieldTag($0) },
            riskClass: try row.decodeStored("risk_class", as: RiskClass.self, entity: "enterprises", id: uscc),
            status: try row.decodeStored("status", as: EnterpriseStatus.self, entity: "enterprises", id: uscc),
            phone: try row.decode(column: "phone", as: String.self))
    }

    /// Search with paging: by code prefix or name fragment, tag, class and status.
    public struct Query: Sendable {
        public var text: String?
        public var tag: String?
        public var riskClass: String?
        public var status: String?
        public init(text: String? = nil, tag: String? = nil, riskClass: String? = nil, status: String? = nil) {
            self.text = text
            self.tag = tag
            self.riskClass = riskClass
            self.status = status
        }
    }

    public func search(_ query: Query, page: Int, perPage: Int) async throws -> (records: [EnterpriseRecord], total: Int) {
        let window = try ListPage(number: page, size: perPage)
        let sql = db as! any SQLDatabase
        func filtered(_ builder: SQLSelectBuilder) -> SQLSelectBuilder {
            var b = builder
            // The same forgiving search as the public pages (words in any order, any case of a code).
            if let search = EnterpriseSearch(query.text ?? "") {
                b = b.where(search.condition(name: SQLColumn("name"), uscc: SQLColumn("uscc")))
            }
            if let tag = query.tag, !tag.isEmpty { b = b.where("tags", .like, "%" + tag + "%") }
            if let risk = query.riskClass, !risk.isEmpty { b = b.where("risk_class", .equal, risk) }
            if let status = query.status, !status.isEmpty { b = b.where("status", .equal, status) }
            return b
        }
        let total = try await filtered(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("enterprises"))
            .first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await filtered(sql.select().columns(Self.readColumns).from("enterprises"))
            .orderBy("uscc").limit(window.size).offset(window.offset).all()
        return (try rows.map(Self.record(from:)), total)
    }

    public func find(uscc: String) async throws -> EnterpriseRecord? {
        let sql = db as! any SQLDatabase
        return try await sql.select().columns(Self.readColumns).from("enterprises")
            .where("uscc", .equal, uscc).first().map(Self.record(from:))
    }

    /// The names of the enterprises `usccs` lists, by code (codes not in the directory are left
    /// out): one query per 500 codes, so a table of rows costs one read, not one per row.
    public func names(of usccs: some Collection<String>) async throws -> [String: String] {
        let sql = db as! any SQLDatabase
        var names: [String: String] = [:]
        for chunk in BindChunks.of(usccs) {
            for row in try await sql.select().columns("uscc", "name").from("enterprises").where("uscc", .in, chunk).all() {
                names[try row.decode(column: "uscc", as: String.self)] = try row.decode(column: "name", as: String.self)
            }
        }
        return names
    }

    /// 法定代表人 and 住所 of the given enterprises, one query per 500: what a department compares
    /// when it confirms a dispatched enterprise.
    public func contacts(of usccs: some Collection<String>) async throws -> [String: (legalRepresentative: String, address: String)] {
        let sql = db as! any SQLDatabase
        var found: [String: (legalRepresentative: String, address: String)] = [:]
        for chunk in BindChunks.of(usccs) {
            for row in try await sql.select().columns("uscc", "legal_representative", "address").from("enterprises").where("uscc", .in, chunk).all() {
                found[try row.decode(column: "uscc", as: String.self)] = (try row.decode(column: "legal_representative", as: String.self),
                                                                           try row.decode(column: "address", as: String.self))
            }
        }
        return found
    }

    public func count() async throws -> Int {
        try await (db as! any SQLDatabase).select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("enterprises")
            .first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Streams the whole directory in code order, for exports.
    public func forEach(_ body: (EnterpriseRecord) throws -> Void) async throws {
        try await forEachBatch { batch in try batch.forEach(body) }
    }

    /// Every enterprise in USCC order, `size` at a time: a province's directory is read (and
    /// exported) without holding it all in memory.
    public func forEachBatch(size: Int = 5000, _ body: ([EnterpriseRecord]) async throws -> Void) async throws {
        var after = ""
        let sql = db as! any SQLDatabase
        while true {
            let rows = try await sql.select().columns(Self.readColumns).from("enterprises")
                .where("uscc", .greaterThan, after).orderBy("uscc").limit(size).all()
            guard let last = rows.last else { return }
            try await body(try rows.map(Self.record(from:)))
            after = try last.decode(column: "uscc", as: String.self)
        }
    }
}
