import ArgumentParser
import Foundation
import Logging
import SpotcheckStore

/// `spotcheck bench import`: our enterprise import against the databases' own bulk loaders.
///
/// Why these baselines: `sqlite3 .import` and `psql \copy` are what an administrator would use to
/// load a CSV by hand — no validation, no upsert, no indexes. The target of issue 4 is that our
/// import, which checks every row (GB 32100 check characters, duplicates, classes, tags, phones),
/// upserts into the indexed directory and writes an audit event, takes at most twice their time.
/// Both sides read the same freshly generated file in the same run.
struct BenchImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "企业名录导入基准 / benchmark `import enterprises` against sqlite3 .import and psql \\copy."
    )

    @Option(help: "生成的企业行数 / rows in the generated CSV.")
    var rows: Int = 1_000_000

    @Option(help: "PostgreSQL URL for the PostgreSQL half (default: $SPOTCHECK_TEST_POSTGRES_URL; skipped when neither is set).")
    var postgres: String?

    @Option(help: "保留 CSV 与数据库文件的目录 / keep the CSV and database files in this directory (default: a temporary one, removed).")
    var keep: String?

    @Option(help: "每项重复次数，取最快一次 / runs per measurement; the fastest counts.")
    var runs: Int = 1

    @Flag(help: "Also time the loaders into a table with the directory's key and indexes (a second, informative table).")
    var indexedBaseline = false

    struct Result {
        var database: String
        var baselineName: String
        var ours = ImportBenchmark.Timing.infinite
        var baseline = ImportBenchmark.Timing.infinite
        var indexed = ImportBenchmark.Timing.infinite
    }

    func run() async throws {
        CLILogging.bootstrap(defaultLevel: .warning)
        guard rows > 0, runs >= 1 else { throw ValidationError("--rows and --runs must be positive") }
        guard let sqlite3 = ImportBenchmark.findExecutable("sqlite3") else {
            throw CommandFailure("sqlite3 not found on PATH (apt-get install sqlite3)")
        }
        let postgresURL = postgres ?? ProcessInfo.processInfo.environment["SPOTCHECK_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
        let psql = ImportBenchmark.findPsql()
        if postgresURL != nil, psql == nil { throw CommandFailure("psql not found (apt-get install postgresql-client)") }

        let directory = try workDirectory()
        defer { if keep == nil { try? FileManager.default.removeItem(atPath: directory) } }
        let csv = (directory as NSString).appendingPathComponent("enterprises-\(rows).csv")

        progress("生成 \(rows) 行企业 CSV / generating \(csv)…")
        let (generation, _) = try await ImportBenchmark.time {
            try ImportBenchmark.writeEnterpriseCSV(rows: rows, to: csv) { written in progress("  \(written)/\(rows)") }
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: csv)[.size] as? Int) ?? 0
        progress(String(format: "  %.1f MB in %.1f s", Double(size) / 1e6, generation.wall))

        var results: [Result] = []
        var sqlite = Result(database: "SQLite", baselineName: "sqlite3 .import")
        for run in 1...runs {
            progress("[SQLite \(run)/\(runs)] ours: spotcheck import enterprises (validation on, one transaction)…")
            sqlite.ours = sqlite.ours.faster(try await oursSQLite(csv: csv, directory: directory))
            progress("[SQLite \(run)/\(runs)] baseline: sqlite3 .import --csv…")
            sqlite.baseline = sqlite.baseline.faster(try baselineSQLite(sqlite3: sqlite3, csv: csv, directory: directory))
            if indexedBaseline {
                progress("[SQLite \(run)/\(runs)] loader into the indexed table: sqlite3 .import (WAL, 256 MB cache, like ours)…")
                sqlite.indexed = sqlite.indexed.faster(try baselineSQLite(sqlite3: sqlite3, csv: csv, directory: directory, indexed: true))
            }
        }
        results.append(sqlite)

        if let postgresURL, let psql {
            var pg = Result(database: "PostgreSQL", baselineName: "psql \\copy")
            for run in 1...runs {
                progress("[PostgreSQL \(run)/\(runs)] ours: spotcheck import enterprises into a fresh schema…")
                pg.ours = pg.ours.faster(try await oursPostgres(csv: csv, url: postgresURL))
                progress("[PostgreSQL \(run)/\(runs)] baseline: psql \\copy…")
                pg.baseline = pg.baseline.faster(try baselinePostgres(psql: psql, csv: csv, url: postgresURL))
                if indexedBaseline {
                    progress("[PostgreSQL \(run)/\(runs)] loader into the indexed table: psql \\copy…")
                    pg.indexed = pg.indexed.faster(try baselinePostgres(psql: psql, csv: csv, url: postgresURL, indexed: true))
                }
            }
            results.append(pg)
        } else {
            progress("PostgreSQL skipped: pass --postgres URL or set SPOTCHECK_TEST_POSTGRES_URL")
        }

        print("| database | rows | ours (s) | baseline (s) | baseline | ratio (ours speed / baseline speed) |")
        print("|---|---:|---:|---:|---|---:|")
        for result in results {
            print("| \(result.database) | \(rows) | \(format(result.ours.wall)) | \(format(result.baseline.wall)) "
                + "| \(result.baselineName) | \(format(result.baseline.wall / result.ours.wall, digits: 2)) |")
        }
        if indexedBaseline {
            print("")
            print("| database | rows | ours (s) | loader into the same key and indexes (s) | ratio |")
            print("|---|---:|---:|---:|---:|")
            for result in results {
                print("| \(result.database) | \(rows) | \(format(result.ours.wall)) | \(format(result.indexed.wall)) "
                    + "| \(format(result.indexed.wall / result.ours.wall, digits: 2)) |")
            }
        }
        if keep != nil { progress("files kept in \(directory)") }
    }

    // MARK: SQLite

    /// A fresh, migrated SQLite file; only the import command's work is timed.
    private func oursSQLite(csv: String, directory: String) async throws -> ImportBenchmark.Timing {
        let path = (directory as NSString).appendingPathComponent("ours.sqlite")
        ImportBenchmark.removeSQLiteFile(path)
        let store = try await StoreDatabase.open(.sqlite(path: path), logger: CLILogging.logger)
        do {
            try await store.migrate()
            let timing = try await timedImport(csv: csv, into: store)
            let count = try await EnterpriseDirectory(db: store.db).count()
            try verify(count: count, in: "SQLite enterprises")
            await store.shutdown()
            if keep == nil { ImportBenchmark.removeSQLiteFile(path) }
            return timing
        } catch {
            await store.shutdown()
            throw error
        }
    }

    /// `indexed`: the same loader into a table with the directory's primary key and indexes,
    /// in WAL mode with our 256 MB page cache — what the loader pays for the schema we keep.
    private func baselineSQLite(sqlite3: String, csv: String, directory: String, indexed: Bool = false) throws -> ImportBenchmark.Timing {
        let path = (directory as NSString).appendingPathComponent(indexed ? "indexed.sqlite" : "plain.sqlite")
        ImportBenchmark.removeSQLiteFile(path)
        _ = try ImportBenchmark.run(sqlite3, [path] + (indexed ? ["PRAGMA journal_mode = WAL"] + ImportBenchmark.indexedTableSQL : [ImportBenchmark.plainTableSQL]))
        // --skip 1: into an existing table `.import` reads the header as data otherwise.
        let (timing, _) = try ImportBenchmark.run(sqlite3, [path] + (indexed ? ["PRAGMA cache_size = -262144"] : [])
            + [".import --csv --skip 1 \(ImportBenchmark.quoted(csv)) enterprises_plain"])
        progress(String(format: "      %.3f s (CPU %.3f s)", timing.wall, timing.cpu))
        let (_, count) = try ImportBenchmark.run(sqlite3, [path, "SELECT count(*) FROM enterprises_plain"])
        try verify(count: Int(count.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1, in: "sqlite3 enterprises_plain")
        if keep == nil { ImportBenchmark.removeSQLiteFile(path) }
        return timing
    }

    // MARK: PostgreSQL

    /// A fresh schema, migrated; dropped afterwards.
    private func oursPostgres(csv: String, url: String) async throws -> ImportBenchmark.Timing {
        let schema = "bench_import_ours_\(getpid())"
        let store = try await StoreDatabase.open(.postgres(url: url), logger: CLILogging.logger, postgresSchema: schema)
        do {
            try await store.migrate()
            let timing = try await timedImport(csv: csv, into: store)
            let count = try await EnterpriseDirectory(db: store.db).count()
            try verify(count: count, in: "PostgreSQL enterprises")
            try await store.dropSchema(schema)
            await store.shutdown()
            return timing
        } catch {
            try? await store.dropSchema(schema)
            await store.shutdown()
            throw error
        }
    }

    /// `psql URL -c "\copy enterprises_plain FROM 'CSV' CSV HEADER"` into a fresh schema, which
    /// PGOPTIONS puts first on the search path so the command stays exactly that.
    private func baselinePostgres(psql: String, csv: String, url: String, indexed: Bool = false) throws -> ImportBenchmark.Timing {
        let schema = "bench_import_\(indexed ? "indexed" : "plain")_\(getpid())"
        let environment = ["PGOPTIONS": "-c search_path=\(schema) -c client_min_messages=warning"]
        _ = try ImportBenchmark.run(psql, [url, "-X", "-q", "-v", "ON_ERROR_STOP=1",
                                           "-c", "DROP SCHEMA IF EXISTS \(schema) CASCADE",
                                           "-c", "CREATE SCHEMA \(schema)",
                                           ] + (indexed ? ImportBenchmark.indexedTableSQL : [ImportBenchmark.plainTableSQL]).flatMap { ["-c", $0] },
                                    environment: environment)
        defer {
            _ = try? ImportBenchmark.run(psql, [url, "-X", "-q", "-c", "DROP SCHEMA IF EXISTS \(schema) CASCADE"], environment: environment)
        }
        let (timing, _) = try ImportBenchmark.run(psql, [url, "-X", "-q", "-v", "ON_ERROR_STOP=1",
                                                         "-c", "\\copy enterprises_plain FROM \(ImportBenchmark.quoted(csv)) CSV HEADER"],
                                                  environment: environment)
        progress(String(format: "      %.3f s (psql CPU %.3f s)", timing.wall, timing.cpu))
        let (_, count) = try ImportBenchmark.run(psql, [url, "-X", "-A", "-t", "-c", "SELECT count(*) FROM enterprises_plain"], environment: environment)
        try verify(count: Int(count.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1, in: "psql enterprises_plain")
        return timing
    }

    // MARK: Shared

    /// `spotcheck import enterprises CSV` as the command runs it, minus opening the store.
    private func timedImport(csv: String, into store: StoreDatabase) async throws -> ImportBenchmark.Timing {
        let command = try ImportCommand.parse(["enterprises", csv])
        let (timing, summary) = try await ImportBenchmark.time { try await command.importFile(into: store) }
        guard summary.errors.isEmpty, summary.written, summary.added == rows else {
            throw CommandFailure("import did not add \(rows) rows: added \(summary.added), rejected \(summary.rejected), "
                + "first error: \(summary.errors.first.map { "line \($0.line) \($0.field) \($0.message)" } ?? "none")")
        }
        progress(String(format: "      %.3f s (CPU %.3f s)", timing.wall, timing.cpu))
        return timing
    }

    private func verify(count: Int, in table: String) throws {
        guard count == rows else { throw CommandFailure("\(table) has \(count) rows, expected \(rows)") }
    }

    private func workDirectory() throws -> String {
        if let keep {
            try FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
            return keep
        }
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("spotcheck-bench-import-\(getpid())")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func progress(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    private func format(_ value: Double, digits: Int = 3) -> String {
        String(format: "%.\(digits)f", value)
    }
}
