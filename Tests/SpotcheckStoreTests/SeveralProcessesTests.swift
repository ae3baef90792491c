import Foundation
import Logging
import SQLKit
import SpotcheckStore
import SpotcheckTestSupport
import Testing

/// Two server processes on one database (issue 13 item 13), modelled as two independently
/// opened stores: each has its own connections, which is all that separates two processes.
@Suite("Several processes on one database")
struct SeveralProcessesTests {
    static let logger = { var logger = Logger(label: "spotcheck-test"); logger.logLevel = .critical; return logger }()

    @Test("SQLite: read-then-write transactions of two stores on one file all succeed")
    func sqliteWritersWait() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("spotcheck-procs-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let first = try await StoreDatabase.open(.sqlite(path: path), logger: Self.logger)
        let second = try await StoreDatabase.open(.sqlite(path: path), logger: Self.logger)
        do {
            try await first.migrate()
            // A generous wait: while the rest of the suite loads the machine, a turn can take
            // longer than the server's 10 s. Without IMMEDIATE the failures come at once anyway:
            // SQLite does not wait when a read transaction must upgrade to write.
            for store in [first, second] { _ = try await store.sql.raw("PRAGMA busy_timeout = 120000").all() }
            _ = try await first.sql.raw("CREATE TABLE counter (n INTEGER NOT NULL)").all()
            _ = try await first.sql.raw("INSERT INTO counter VALUES (0)").all()
            // Each transaction reads, pauses, then writes: the pattern a deferred transaction
            // could not survive when the other process wrote in between.
            // Twelve each: without IMMEDIATE about half fail at once; many more would let the
            // busier store starve the other past busy_timeout while the rest of the suite runs.
            let perStore = 12
            // Each store (process) runs its transactions one after the other, the two stores side
            // by side: queueing inside one process is the connection pool's business (and its
            // 10 s timeout, under a loaded CI, would be a different failure from the one tested).
            let failures = try await withThrowingTaskGroup(of: Int.self) { group in
                for store in [first, second] {
                    group.addTask {
                        var failed = 0
                        for _ in 0..<perStore {
                            do {
                                try await store.db.transaction { tx in
                                    let sql = tx as! any SQLDatabase
                                    let n = try await sql.raw("SELECT n FROM counter").first()!.decode(column: "n", as: Int.self)
                                    try await Task.sleep(for: .milliseconds(2))
                                    _ = try await sql.raw("UPDATE counter SET n = \(bind: n + 1)").all()
                                }
                            } catch {
                                failed += 1
                            }
                        }
                        return failed
                    }
                }
                return try await group.reduce(0, +)
            }
            let total = try await first.sql.raw("SELECT n FROM counter").first()!.decode(column: "n", as: Int.self)
            #expect(failures == 0)
            // No lost update either: every increment read the value the previous one wrote.
            #expect(total == 2 * perStore)
        } catch {
            await first.shutdown(); await second.shutdown()
            throw error
        }
        await first.shutdown()
        await second.shutdown()
    }

    @Test("PostgreSQL: two stores migrating an empty schema together both succeed")
    func postgresMigrationsTakeTurns() async throws {
        guard TestDatabase.available.contains(.postgres),
              let url = ProcessInfo.processInfo.environment["SPOTCHECK_TEST_POSTGRES_URL"] else { return }
        let schema = "t_migrate_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12)
        let stores = [
            try await StoreDatabase.open(.postgres(url: url), logger: Self.logger, postgresSchema: String(schema)),
            try await StoreDatabase.open(.postgres(url: url), logger: Self.logger, postgresSchema: String(schema)),
        ]
        let outcomes = await withTaskGroup(of: String?.self) { group in
            for store in stores {
                group.addTask {
                    do { try await store.migrate(); return nil } catch { return String(describing: error) }
                }
            }
            return await group.reduce(into: [String?]()) { $0.append($1) }
        }
        let applied = try await stores[0].appliedMigrations()
        for store in stores { await store.shutdown() }
        if let admin = try? await StoreDatabase.open(.postgres(url: url), logger: Self.logger) {
            _ = try? await admin.sql.raw("DROP SCHEMA IF EXISTS \(ident: String(schema)) CASCADE").all()
            await admin.shutdown()
        }
        #expect(outcomes.compactMap { $0 }.isEmpty, "\(outcomes)")
        #expect(applied.count == SpotcheckMigrations.all.count)
    }
}
