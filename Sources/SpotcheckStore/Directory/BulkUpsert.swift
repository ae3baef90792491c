import Foundation
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
        let allColumns = columns + ["updated_at"]
        let updatable = allColumns.filter { !conflictKeys.contains($0) }
        // Under each engine's bind-parameter limit: SQLite 32766, PostgreSQL 65535.
        let limit = sql.dialect.name == "postgresql" ? 65_000 : 32_000
        let batch = max(1, limit / allColumns.count)
        let now = Date()
        var written = 0
        for start in stride(from: 0, to: pending.count, by: batch) {
            let slice = pending[start ..< min(start + batch, pending.count)]
            var builder = sql.insert(into: table).columns(allColumns)
            for row in slice {
                builder = builder.values(row.values.map { SQLBind($0) } + [SQLBind(now)])
            }
            builder = try builder.onConflict(with: conflictKeys) { update in
                var update = update
                for column in updatable { update = try update.set(excludedContentOf: column) }
                return update
            }
            try await builder.run()
            written += slice.count
            progress?(written)
        }
        return counts
    }

    /// The same fingerprint for a value read back from the database and one about to be written.
    static func fingerprint(_ values: [String]) -> String { values.joined(separator: "\u{1F}") }
}
