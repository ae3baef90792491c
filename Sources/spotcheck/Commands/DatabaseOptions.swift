import ArgumentParser
import Foundation
import Logging
import SpotcheckStore

/// `--database` shared by every command that touches the data.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "Database URL: sqlite:///path/file.sqlite or postgres://user:pass@host:port/db (default: $SPOTCHECK_DATABASE_URL, else ./spotcheck.sqlite).")
    var database: String?

    func resolve(defaultSQLite: String? = nil) throws -> DatabaseURL {
        if database == nil, ProcessInfo.processInfo.environment[DatabaseURL.environmentKey]?.isEmpty ?? true, let defaultSQLite {
            return .sqlite(path: defaultSQLite)
        }
        do {
            return try DatabaseURL.resolve(flag: database)
        } catch let error as DatabaseURL.ParseError {
            throw ValidationError(error.description)
        }
    }

    /// The Bcrypt cost from `SPOTCHECK_BCRYPT_COST` (4–31), read here at the edge and passed to
    /// the store as a value; 11 when unset or not a number.
    static var configuredPasswords: PasswordHasher {
        guard let text = ProcessInfo.processInfo.environment["SPOTCHECK_BCRYPT_COST"], let cost = Int(text) else { return .standard }
        return PasswordHasher(cost: cost)
    }

    /// Opens the store with migrations applied; the caller must `shutdown()` it.
    func openMigrated(defaultSQLite: String? = nil, logger: Logger = CLILogging.logger) async throws -> StoreDatabase {
        let store = try await StoreDatabase.open(try resolve(defaultSQLite: defaultSQLite), logger: logger,
                                                 passwords: Self.configuredPasswords)
        do {
            try await store.migrate()
        } catch {
            await store.shutdown()
            throw error
        }
        return store
    }
}

/// Runs `body` with an open, migrated store and always closes it.
func withStore<T: Sendable>(_ options: DatabaseOptions, defaultSQLite: String? = nil, _ body: (StoreDatabase) async throws -> T) async throws -> T {
    let store = try await options.openMigrated(defaultSQLite: defaultSQLite)
    do {
        let result = try await body(store)
        await store.shutdown()
        return result
    } catch {
        await store.shutdown()
        throw error
    }
}
