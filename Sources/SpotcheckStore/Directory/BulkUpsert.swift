import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import NIOCore
import SQLKit

/// What a bulk write did, as the import summary reports it.
public struct UpsertCounts: Sendable, Equatable, Codable {
    public var added = 0
    public var updated = 0
    public var unchanged = 0
    public init(added: Int = 0, updated: Int = 0, unchanged: Int = 0) {
        self.added = added
        self.updated = updated
        self.unchanged = unchanged
    }
}

/// Multi-row `INSERT … ON CONFLICT DO UPDATE` in batches, shared by the directory, the roster
/// and the item list. Rows whose content equals what is stored are counted and skipped, so a
/// re-import reports added / updated / unchanged honestly and touches nothing it need not.
enum BulkUpsert {
    struct Row {
        /// The conflict key as one string (composite keys joined), matching `existing`'s keys.
        let key: String
        /// Comparable content, excluding timestamps.
        let fingerprint: String
        let values: [any Encodable & Sendable]
    }

    static func write(
        table: String, columns: [String], conflictKeys: [String], rows: [Row], existing: [String: String],
        on sql: any SQLDatabase, progress: (@Sendable (Int) -> Void)? = nil
    ) async throws -> UpsertCounts {
        var counts = UpsertCounts()
        var pending: [Row] = []
        pending.reserveCapacity(rows.count)
        for row in rows {
            switch existing[row.key] {
            case nil: counts.added += 1; pending.append(row)
            case row.fingerprint?: counts.unchanged += 1
            default: counts.updated += 1; pending.append(row)
            }
        }
        // `existing` holds every stored row for the roster and item list, so an empty map means
        // an empty table and the writer may take its fast path.
        var writer = BulkWriter(table: table, columns: columns, conflictKeys: conflictKeys, tableWasEmpty: existing.isEmpty, on: sql)
        try await writer.write(pending) { row, encoder in
            for value in row.values { Self.encode(value, into: &encoder) }
        }
        try await writer.finish()
        progress?(pending.count)
        return counts
    }

    /// The same fingerprint for a value read back from the database and one about to be written.
    static func fingerprint(_ values: [String]) -> String { values.joined(separator: "\u{1F}") }

    /// The writer takes text and booleans; integers and UUIDs travel as their text, which both
    /// engines convert to the column's type.
    static func encode(_ value: any Encodable & Sendable, into encoder: inout BulkRowEncoder) {
        switch value {
        case let v as Bool: encoder.bool(v)
        case let v as String: encoder.text(v)
        case let v as Int: encoder.text(String(v))
        case let v as UUID: encoder.text(v.uuidString)
        default: encoder.text(String(describing: value))
        }
    }
}

/// One row's cells for ``BulkWriter``: appended in column order, straight into what the engine
/// consumes — bind values for SQLite, `COPY` text for PostgreSQL — with no `Encodable` boxing
/// or SQL expression tree per value, which dominated million-row imports.
struct BulkRowEncoder {
    fileprivate var binds: [SQLiteData] = []
    fileprivate var copy: ByteBuffer?
    fileprivate var startOfRow = true

    /// An encoder for SQLite binds.
    init() {}

    /// An encoder writing PostgreSQL `COPY` text rows, in chunks of about `chunkBytes`.
    init(copyChunkBytes chunkBytes: Int) {
        copy = ByteBufferAllocator().buffer(capacity: chunkBytes + 4096)
    }

    /// Bytes of `COPY` rows written since the last ``takeCopyChunk()``.
    var copyBytes: Int { copy?.readableBytes ?? 0 }

    /// The `COPY` rows written so far; the encoder goes on into a fresh buffer of the same size.
    mutating func takeCopyChunk() -> ByteBuffer {
        let chunk = copy!
        copy = ByteBufferAllocator().buffer(capacity: chunk.capacity)
        return chunk
    }

    mutating func text(_ value: String) {
        guard copy != nil else {
            binds.append(.text(value))
            return
        }
        separate()
        var value = value
        value.withUTF8 { bytes in
            // COPY text format: backslash, tab, newline and carriage return are escaped.
            guard bytes.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else {
                copy!.writeBytes(bytes)
                return
            }
            for byte in bytes {
                switch byte {
                case 0x5C: copy!.writeStaticString("\\\\")
                case 0x09: copy!.writeStaticString("\\t")
                case 0x0A: copy!.writeStaticString("\\n")
                case 0x0D: copy!.writeStaticString("\\r")
                default: copy!.writeInteger(byte)
                }
            }
        }
    }

    mutating func bool(_ value: Bool) {
        guard copy != nil else {
            binds.append(.integer(value ? 1 : 0))
            return
        }
        separate()
        copy!.writeStaticString(value ? "t" : "f")
    }

    private mutating func separate() {
        if startOfRow { startOfRow = false } else { copy!.writeInteger(UInt8(0x09)) }
    }

    mutating func endCopyRow() {
        copy!.writeInteger(UInt8(0x0A))
        startOfRow = true
    }
}

/// Fast inserts and upserts for bulk imports, inside the caller's transaction.
///
/// - SQLite: multi-row `INSERT … ON CONFLICT DO UPDATE` of as many rows as the bind limit
///   allows, sent as raw `SQLiteData` binds through SQLiteNIO.
/// - PostgreSQL: `COPY … FROM STDIN` through PostgresNIO; straight into the table when it was
///   empty before the import began (a first import: every code is new, the validator having
///   rejected duplicates), otherwise into a temporary staging table followed by one
///   `INSERT … SELECT … ON CONFLICT DO UPDATE` per batch.
///
/// `updated_at` is appended to every row.
struct BulkWriter {
    let table: String
    let columns: [String]
    let conflictKeys: [String]
    let sql: any SQLDatabase
    /// No row of the table existed when the import began.
    let tableWasEmpty: Bool
    private let now = Date()
    private var fullStatement: String?
    private var stagingReady = false
    private var previousCacheSize: Int?
    /// Set by callers whose first imports are large (the enterprise directory): on an empty
    /// table, indexes are dropped before the first big batch and built once by ``finish()``.
    var rebuildsIndexes = false
    private var indexesChecked = false
    /// Statements that recreate what was dropped, in order.
    private var recreate: [String] = []

    init(table: String, columns: [String], conflictKeys: [String], tableWasEmpty: Bool, on sql: any SQLDatabase) {
        self.table = table
        self.columns = columns
        self.conflictKeys = conflictKeys
        self.tableWasEmpty = tableWasEmpty
        self.sql = sql
    }

    var allColumns: [String] { columns + ["updated_at"] }

    /// Writes `rows` (all new or changed), encoding each with `encode`.
    mutating func write<Rows: RandomAccessCollection>(
        _ rows: Rows, encode: (Rows.Element, inout BulkRowEncoder) -> Void
    ) async throws where Rows.Index == Int {
        guard !rows.isEmpty else { return }
        if !indexesChecked {
            indexesChecked = true
            if rebuildsIndexes && tableWasEmpty && rows.count >= 5_000 { try await dropIndexes() }
        }
        if let sqlite = sql as? any SQLiteDatabase {
            try await writeSQLite(rows, on: sqlite, encode: encode)
        } else if let postgres = sql as? any PostgresDatabase {
            try await writePostgres(rows, on: postgres, encode: encode)
        } else {
            preconditionFailure("BulkWriter used on an unsupported database")
        }
    }

    /// Builds the indexes dropped for a first load, then restores connection settings.
    mutating func finish() async throws {
        if !recreate.isEmpty {
            if sql is any PostgresDatabase {
                // Sorting a million keys in memory instead of in temporary files.
                _ = try await sql.raw("SET LOCAL maintenance_work_mem = '512MB'").all()
            }
            for statement in recreate { _ = try await sql.raw("\(unsafeRaw: statement)").all() }
            recreate = []
        }
        try await restoreSettings()
    }

    /// Undoes connection settings after a failure (the rollback restores any dropped index).
    mutating func restoreSettings() async throws {
        if let previousCacheSize, let sqlite = sql as? any SQLiteDatabase {
            _ = try await sqlite.query("PRAGMA cache_size = \(previousCacheSize)", [])
            self.previousCacheSize = nil
        }
    }

    /// Keeping three B-trees ordered under a million random-order inserts cost several times the
    /// load itself (21.6 s against 2.6 s for COPY on PostgreSQL; most of SQLite's time); building
    /// each index once from the loaded rows sorts instead. Only on a table that was empty, inside
    /// the import's transaction: a rollback brings the indexes back. PostgreSQL also drops the
    /// primary key unless a foreign key depends on it; SQLite's cannot be dropped.
    private mutating func dropIndexes() async throws {
        if sql is any SQLiteDatabase {
            let rows = try await sql.raw("""
                SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = \(bind: table) AND sql IS NOT NULL
                """).all()
            for row in rows {
                let name = try row.decode(column: "name", as: String.self)
                recreate.append(try row.decode(column: "sql", as: String.self))
                _ = try await sql.raw("DROP INDEX \(ident: name)").all()
            }
        } else {
            let primary = try await sql.raw("""
                SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint
                WHERE conrelid = to_regclass(\(bind: table)) AND contype = 'p'
                AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.confrelid = to_regclass(\(bind: table)))
                """).all()
            let indexes = try await sql.raw("""
                SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition FROM pg_index i
                WHERE i.indrelid = to_regclass(\(bind: table))
                AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
                """).all()
            for row in primary {
                let name = try row.decode(column: "name", as: String.self)
                let definition = try row.decode(column: "definition", as: String.self)
                _ = try await sql.raw("ALTER TABLE \(ident: table) DROP CONSTRAINT \(ident: name)").all()
                recreate.append("ALTER TABLE \"\(table)\" ADD CONSTRAINT \"\(name)\" \(definition)")
            }
            for row in indexes {
                _ = try await sql.raw("DROP INDEX \(unsafeRaw: try row.decode(column: "name", as: String.self))").all()
                recreate.append(try row.decode(column: "definition", as: String.self))
            }
        }
    }

    // MARK: SQLite

    /// Under SQLite's default limit of 32766 bound parameters per statement.
    private var sqliteRowsPerStatement: Int { max(1, 32_766 / allColumns.count) }

    /// On a first load `INSERT OR FAIL` without an upsert clause: a failing row ends the import
    /// (the caller rolls back) instead of the statement, so SQLite keeps no statement journal —
    /// which copied every page the insert touched and was a quarter of its time.
    private func sqliteStatement(rows: Int) -> String {
        let quoted = allColumns.map { "\"\($0)\"" }
        let tuple = "(" + Array(repeating: "?", count: quoted.count).joined(separator: ",") + ")"
        var text = "INSERT \(tableWasEmpty ? "OR FAIL " : "")INTO \"\(table)\" (\(quoted.joined(separator: ","))) VALUES "
        text.reserveCapacity(text.utf8.count + rows * (tuple.utf8.count + 1) + 512)
        for row in 0..<rows {
            if row > 0 { text += "," }
            text += tuple
        }
        if tableWasEmpty { return text }
        text += " ON CONFLICT (\(conflictKeys.map { "\"\($0)\"" }.joined(separator: ","))) DO UPDATE SET "
        text += allColumns.filter { !conflictKeys.contains($0) }.map { "\"\($0)\" = excluded.\"\($0)\"" }.joined(separator: ",")
        return text
    }

    private mutating func writeSQLite<Rows: RandomAccessCollection>(
        _ rows: Rows, on sqlite: any SQLiteDatabase, encode: (Rows.Element, inout BulkRowEncoder) -> Void
    ) async throws where Rows.Index == Int {
        if previousCacheSize == nil {
            // A million random-order keys into three B-trees thrash SQLite's default 2 MB page
            // cache; 256 MB keeps the indexes' working set in memory for this transaction.
            let current = try await sqlite.query("PRAGMA cache_size", []).first?.column("cache_size")?.integer ?? -2000
            previousCacheSize = current
            if current > -262_144 && current < 65_536 { _ = try await sqlite.query("PRAGMA cache_size = -262144", []) }
        }
        let perStatement = sqliteRowsPerStatement
        let stamp = SQLiteData.float(now.timeIntervalSince1970)
        var start = rows.startIndex
        // Binds for the next statement are built while SQLite runs the previous one on its thread.
        var running: Task<Void, any Error>?
        while start < rows.endIndex {
            let end = min(start + perStatement, rows.endIndex)
            var encoder = BulkRowEncoder()
            encoder.binds.reserveCapacity((end - start) * allColumns.count)
            for index in start..<end {
                encode(rows[index], &encoder)
                encoder.binds.append(stamp)
            }
            let statement: String
            if end - start == perStatement {
                if fullStatement == nil { fullStatement = sqliteStatement(rows: perStatement) }
                statement = fullStatement!
            } else {
                statement = sqliteStatement(rows: end - start)
            }
            try await running?.value
            let binds = encoder.binds
            running = Task { _ = try await sqlite.query(statement, binds) }
            start = end
        }
        try await running?.value
    }

    // MARK: PostgreSQL

    private var stagingTable: String { table + "_import_staging" }

    private mutating func writePostgres<Rows: RandomAccessCollection>(
        _ rows: Rows, on postgres: any PostgresDatabase, encode: (Rows.Element, inout BulkRowEncoder) -> Void
    ) async throws where Rows.Index == Int {
        let target: String
        if tableWasEmpty {
            target = table
        } else {
            if !stagingReady {
                // LIKE copies the columns and NOT NULLs but no key, so the staging table takes any rows;
                // and the defaults, so a NOT NULL column the import does not carry (an item's
                // `retired`) is filled as in the table instead of refusing every row.
                _ = try await sql.raw("CREATE TEMPORARY TABLE IF NOT EXISTS \(ident: stagingTable) (LIKE \(ident: table) INCLUDING DEFAULTS) ON COMMIT DROP").all()
                stagingReady = true
            }
            _ = try await sql.raw("TRUNCATE \(ident: stagingTable)").all()
            target = stagingTable
        }
        let connection = try await postgres.withConnection { $0.eventLoop.makeSucceededFuture($0) }.get()
        let stamp = now.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        let chunkBytes = 1 << 20
        try await connection.copyFrom(table: target, columns: allColumns, logger: sql.logger) { writer in
            var encoder = BulkRowEncoder(copyChunkBytes: chunkBytes)
            for row in rows {
                encode(row, &encoder)
                encoder.text(stamp)
                encoder.endCopyRow()
                if encoder.copyBytes >= chunkBytes { try await writer.write(encoder.takeCopyChunk()) }
            }
            if encoder.copyBytes > 0 { try await writer.write(encoder.takeCopyChunk()) }
        }
        guard !tableWasEmpty else { return }
        let list = SQLList(allColumns.map { SQLIdentifier($0) })
        let keys = SQLList(conflictKeys.map { SQLIdentifier($0) })
        let updates = SQLList(allColumns.filter { !conflictKeys.contains($0) }.map {
            SQLBinaryExpression(SQLIdentifier($0), .equal, SQLColumn(SQLIdentifier($0), table: SQLIdentifier("excluded")))
        })
        _ = try await sql.raw("""
            INSERT INTO \(ident: table) (\(list)) SELECT \(list) FROM \(ident: stagingTable) \
            ON CONFLICT (\(keys)) DO UPDATE SET \(updates)
            """).all()
    }
}
