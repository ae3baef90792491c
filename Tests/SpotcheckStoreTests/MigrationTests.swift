import FluentKit
import SQLKit
import SpotcheckStore
import SpotcheckTestSupport
import Testing

@Suite("Migrations")
struct MigrationTests {
    @Test("all migrations apply and are recorded", arguments: TestDatabase.available)
    func migrationsApply(database: TestDatabase) async throws {
        try await database.withStore { store in
            let applied = try await store.appliedMigrations()
            #expect(applied == SpotcheckMigrations.all.map(\.name))
            // The tables exist and are empty.
            for table in ["departments", "users", "sessions", "api_tokens", "audit_events", "enterprises", "inspectors", "conflicts", "inspection_items"] {
                let rows = try await store.sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()
                #expect(try rows?.decode(column: "n", as: Int.self) == 0, "table \(table)")
            }
        }
    }

    @Test("migrating twice is a no-op", arguments: TestDatabase.available)
    func migrateIsIdempotent(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await store.migrate()
            #expect(try await store.appliedMigrations().count == SpotcheckMigrations.all.count)
        }
    }

    @Test("SQLite runs in WAL mode with foreign keys on")
    func sqlitePragmas() async throws {
        try await TestDatabase.sqlite.withStore { store in
            let mode = try await store.sql.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self)
            #expect(mode?.lowercased() == "wal")
            let keys = try await store.sql.raw("PRAGMA foreign_keys").first()?.decode(column: "foreign_keys", as: Int.self)
            #expect(keys == 1)
            let timeout = try await store.sql.raw("PRAGMA busy_timeout").first()?.decode(column: "timeout", as: Int.self)
            #expect((timeout ?? 0) > 0)
        }
    }

    @Test("PostgreSQL stores the large task texts uncompressed (0010, 0011) and defaults a selection to 有效 now (0011)",
          .enabled(if: TestDatabase.available.contains(.postgres), "needs PostgreSQL"))
    func postgresTaskTableTuning() async throws {
        try await TestDatabase.postgres.withStore { store in
            for (table, column) in [("task_snapshots", "content"), ("tasks", "record")] {
                let row = try await store.sql.raw("""
                    SELECT attstorage::text AS storage FROM pg_attribute
                    WHERE attrelid = to_regclass(\(bind: table)) AND attname = \(bind: column)
                    """).first()
                #expect(try row?.decode(column: "storage", as: String.self) == "e", "\(table).\(column)")
            }
            // A draw COPYs its selections without these two columns.
            let defaults = try await store.sql.raw("""
                SELECT column_name AS name, column_default AS value FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = 'task_enterprises' AND column_name IN ('active', 'updated_at')
                """).all().map { (try $0.decode(column: "name", as: String.self), try $0.decode(column: "value", as: String?.self)) }
            #expect(Dictionary(uniqueKeysWithValues: defaults) == ["active": "true", "updated_at": "now()"])
        }
    }
}
