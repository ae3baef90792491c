import Foundation
import SpotcheckStore

/// What the database benchmarks (`bench task`, `bench stats`) share: a throwaway SQLite file
/// and, when a PostgreSQL URL is known, a throwaway schema, each migrated, measured by the
/// same body and removed afterwards — also when the body fails.
enum BenchDatabases {
    /// `--postgres`, else `$SPOTCHECK_TEST_POSTGRES_URL`, else nil (the PostgreSQL half is skipped).
    static func postgresURL(_ option: String?) -> String? {
        option ?? ProcessInfo.processInfo.environment["SPOTCHECK_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Runs `measure` on a fresh SQLite database, then on a fresh PostgreSQL schema when
    /// `postgresURL` is set, and returns its lines in that order.
    static func each(label: String, postgresURL: String?,
                     _ measure: (StoreDatabase, String) async throws -> String) async throws -> [String] {
        var lines: [String] = []
        let directory = NSTemporaryDirectory() + "spotcheck-bench-\(label)-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let sqlite = try await StoreDatabase.open(.sqlite(path: directory + "/bench.sqlite"), logger: CLILogging.logger)
        do {
            try await sqlite.migrate()
            lines.append(try await measure(sqlite, "SQLite"))
            await sqlite.shutdown()
        } catch {
            await sqlite.shutdown()
            throw error
        }
        guard let postgresURL else {
            progress("PostgreSQL skipped: no --postgres and no SPOTCHECK_TEST_POSTGRES_URL")
            return lines
        }
        let schema = "bench_\(label)_\(getpid())"
        let pg = try await StoreDatabase.open(.postgres(url: postgresURL), logger: CLILogging.logger, postgresSchema: schema)
        do {
            try await pg.migrate()
            lines.append(try await measure(pg, "PostgreSQL"))
            try await pg.dropSchema(schema)
            await pg.shutdown()
        } catch {
            try? await pg.dropSchema(schema)
            await pg.shutdown()
            throw error
        }
        return lines
    }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// Progress goes to standard error, so standard output is only the result table.
    static func progress(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
