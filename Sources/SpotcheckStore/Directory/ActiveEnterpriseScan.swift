import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit
import SpotcheckCore

/// The facts of one 存续 enterprise a task's scope needs, as stored (tags as their joined text).
struct ActiveEnterpriseFacts: Sendable {
    var uscc: String
    var riskClass: String
    var tags: String
}

/// One scanned row as the UTF-8 bytes of its fields, valid only during the call that receives
/// it: publication copies the bytes it keeps instead of making three strings per enterprise.
struct ActiveEnterpriseRow {
    let uscc: UnsafeBufferPointer<UInt8>
    let riskClass: UnsafeBufferPointer<UInt8>
    let tags: UnsafeBufferPointer<UInt8>

    var facts: ActiveEnterpriseFacts {
        ActiveEnterpriseFacts(uscc: String(decoding: uscc, as: UTF8.self), riskClass: String(decoding: riskClass, as: UTF8.self),
                              tags: String(decoding: tags, as: UTF8.self))
    }
}

/// Reads every 存续 enterprise of the directory whose region code starts with `regionPrefix`
/// (a string of digits, checked by `TaskPlan`; empty = all) once, handing each row to `body`.
/// The prefix is applied by the database, exactly. Rows come in no particular order.
///
/// Why not SQLKit's `run { row in }`: publication reads the whole directory (a million rows in a
/// province) and the per-row cost of the drivers' generic paths was most of the draw's time —
/// SQLiteNIO's streaming schedules one event-loop task per row, and decoding a million rows from
/// PostgresNIO took 1.6 s where the server needs 0.25 s to send them. Here the database joins
/// the rows of a slice of the table into one text (fields separated by U+001F, rows by U+001E —
/// control characters no validated USCC, class or field tag contains), so a million rows cross
/// the driver as a few dozen values and are split in one pass over their bytes.
struct ActiveEnterpriseScan {
    let sql: any SQLDatabase
    /// Rows per SQLite slice (a range of rowids) and number of PostgreSQL slices (block ranges):
    /// a few megabytes per value at a million rows. Tests use small ones to cross slice edges.
    var sqliteSliceRows = 100_000
    var postgresSlices = 16

    func forEach(regionPrefix: String, _ body: (ActiveEnterpriseFacts) -> Void) async throws {
        try await forEachRow(regionPrefix: regionPrefix) { body($0.facts) }
    }

    /// ``forEach(regionPrefix:_:)`` handing over each row's bytes (see ``ActiveEnterpriseRow``).
    func forEachRow(regionPrefix: String, _ body: (ActiveEnterpriseRow) throws -> Void) async throws {
        let active = EnterpriseStatus.active.rawValue
        if sql is any SQLiteDatabase {
            let region: SQLQueryString = regionPrefix.isEmpty ? "" :
                " AND substr(region_code, 1, \(bind: regionPrefix.count)) = \(bind: regionPrefix)"
            let last = try await sql.raw("SELECT max(rowid) AS last FROM enterprises").first()?
                .decode(column: "last", as: Int?.self) ?? 0
            var low = 0
            while low < last {
                let high = low + sqliteSliceRows
                let slice = try await sql.raw("""
                    SELECT group_concat(uscc || char(31) || risk_class || char(31) || tags, char(30)) AS slice FROM enterprises
                    WHERE rowid > \(bind: low) AND rowid <= \(bind: high) AND status = \(bind: active)\(region)
                    """).first()?.decode(column: "slice", as: String?.self)
                if let slice { try Self.split(slice, body) }
                low = high
            }
        } else if let postgres = sql as? any PostgresDatabase {
            try await forEachPostgres(postgres, active: active, regionPrefix: regionPrefix, body)
        } else {
            preconditionFailure("ActiveEnterpriseScan used on an unsupported database")
        }
    }

    /// PostgreSQL: one statement (one snapshot: every row exactly once, whatever is being
    /// edited meanwhile) whose `UNION ALL` parts each join the rows of a range of the table's
    /// blocks (a TID range scan reads only those blocks). The server sends each part's text as
    /// soon as it is built, so splitting one overlaps the server building the next.
    private func forEachPostgres(_ postgres: any PostgresDatabase, active: String, regionPrefix: String,
                                 _ body: (ActiveEnterpriseRow) throws -> Void) async throws {
        let info = try await sql.raw("""
            SELECT current_setting('server_version_num')::int AS version,
                (pg_relation_size('enterprises') / current_setting('block_size')::bigint)::bigint AS blocks
            """).first()
        let version = try info?.decode(column: "version", as: Int.self) ?? 0
        let blocks = try info?.decode(column: "blocks", as: Int.self) ?? 0
        var binds = PostgresBindings()
        binds.append(active)
        var filter = "status = $1"
        if !regionPrefix.isEmpty {
            binds.append(regionPrefix)
            filter += " AND starts_with(region_code, $2)"
        }
        let joined = "string_agg(uscc || chr(31) || risk_class || chr(31) || tags, chr(30))"
        var text: String
        if version >= 140_000 {
            // Block numbers are computed here, never taken from input.
            let parts = max(1, min(postgresSlices, blocks))
            text = (0..<parts).map { part in
                var range = "ctid >= '(\(part * blocks / parts),0)'::tid"
                if part < parts - 1 { range += " AND ctid < '(\((part + 1) * blocks / parts),0)'::tid" }
                return "(SELECT \(joined) FROM enterprises WHERE \(range) AND \(filter))"
            }.joined(separator: " UNION ALL ")
        } else {
            // Before PostgreSQL 14 a ctid range is a filter over the whole table: hash buckets instead.
            text = "SELECT \(joined) FROM enterprises WHERE \(filter) GROUP BY abs(hashtext(uscc)) % \(postgresSlices)"
        }
        let connection = try await postgres.withConnection { $0.eventLoop.makeSucceededFuture($0) }.get()
        let rows = try await connection.query(PostgresQuery(unsafeSQL: text, binds: binds), logger: sql.logger)
        for try await slice in rows.decode(String?.self) {
            if let slice { try Self.split(slice, body) }
        }
    }

    /// Splits one joined slice into its rows. A row without exactly three fields means a stored
    /// value held a separator, which validation forbids; better to stop than to misread it.
    static func split(_ slice: String, _ body: (ActiveEnterpriseRow) throws -> Void) throws {
        var slice = slice
        try slice.withUTF8 { bytes in
            var field = 0, fieldStart = 0
            var uscc = UnsafeBufferPointer<UInt8>(start: nil, count: 0), riskClass = uscc
            for index in 0...bytes.count {
                let byte = index < bytes.count ? bytes[index] : 0x1E
                guard byte == 0x1F || byte == 0x1E else { continue }
                let value = UnsafeBufferPointer(rebasing: bytes[fieldStart..<index])
                fieldStart = index + 1
                switch (field, byte) {
                case (0, 0x1F): uscc = value
                case (1, 0x1F): riskClass = value
                case (2, 0x1E):
                    try body(ActiveEnterpriseRow(uscc: uscc, riskClass: riskClass, tags: value))
                    field = 0
                    continue
                default:
                    throw StoreError.invalid(
                        "企业名录中有含控制字符的数据（统一社会信用代码 \(String(decoding: uscc, as: UTF8.self))），无法冻结检查对象名录")
                }
                field += 1
            }
        }
    }
}
