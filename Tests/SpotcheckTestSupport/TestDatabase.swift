import Foundation
import Logging
import SQLKit
import SpotcheckStore

/// The databases every store-touching test runs on: a fresh SQLite file always, and a fresh
/// schema in the PostgreSQL of `SPOTCHECK_TEST_POSTGRES_URL` when there is one. When
/// `SPOTCHECK_REQUIRE_POSTGRES=1` (set by scripts/test.sh and CI) a missing URL is an error, so
/// CI can never pass by silently testing SQLite only.
public enum TestDatabase: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    public var description: String { rawValue }

    /// Bcrypt at its minimum cost keeps account tests fast; set before anything hashes.
    /// Bcrypt at its minimum cost: a test store hashes and checks passwords in about a millisecond.
    public static let passwords = PasswordHasher(cost: 4)

    public struct MissingPostgres: Error, CustomStringConvertible {
        public let description = "SPOTCHECK_REQUIRE_POSTGRES=1 but SPOTCHECK_TEST_POSTGRES_URL is not set: start one with scripts/pg.sh or run scripts/test.sh"
    }

    /// The kinds to run: both in CI; SQLite only on a developer machine without PostgreSQL.
    public static var available: [TestDatabase] {
        let env = ProcessInfo.processInfo.environment
        if env["SPOTCHECK_TEST_POSTGRES_URL"]?.isEmpty == false || env["SPOTCHECK_REQUIRE_POSTGRES"] == "1" { return [.sqlite, .postgres] }
        return [.sqlite]
    }

    /// Opens a migrated, empty store; `body` runs with it, and it is removed afterwards.
    /// `migratedThrough` stops after the named migration, for a test of the next one.
    public func withStore<T: Sendable>(migratedThrough last: String? = nil, _ body: (StoreDatabase) async throws -> T) async throws -> T {
        let logger = { var logger = Logger(label: "spotcheck-test"); logger.logLevel = .warning; return logger }()
        let unique = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        let store: StoreDatabase
        var cleanup: @Sendable () async -> Void = {}
        switch self {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("spotcheck-\(unique).sqlite").path
            store = try await StoreDatabase.open(.sqlite(path: path), logger: logger, passwords: Self.passwords)
            cleanup = {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
        case .postgres:
            guard let url = ProcessInfo.processInfo.environment["SPOTCHECK_TEST_POSTGRES_URL"], !url.isEmpty else { throw MissingPostgres() }
            await StoreGate.postgres.enter()
            do {
                store = try await StoreDatabase.open(.postgres(url: url), logger: logger, postgresSchema: String(unique), passwords: Self.passwords)
            } catch {
                await StoreGate.postgres.leave()
                throw error
            }
            let schema = String(unique)
            cleanup = {
                if let admin = try? await StoreDatabase.open(.postgres(url: url), logger: logger) {
                    _ = try? await admin.sql.raw("DROP SCHEMA IF EXISTS \(ident: schema) CASCADE").all()
                    await admin.shutdown()
                }
                await StoreGate.postgres.leave()
            }
        }
        do {
            try await store.migrate(through: last)
            let result = try await body(store)
            await store.shutdown()
            await cleanup()
            return result
        } catch {
            await store.shutdown()
            await cleanup()
            throw error
        }
    }
}
