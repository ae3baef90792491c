import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import ServiceLifecycle

/// Owns FluentKit's `Databases` for the life of the process. `hummingbird-fluent` is not among
/// the local packages, so this small type plays its part: it hands out `Database` handles, runs
/// the migrations and shuts the pools down as a lifecycle `Service` beside the web application.
public final class StoreDatabase: Service, Sendable {
    public let url: DatabaseURL
    public let logger: Logger
    /// How passwords are hashed in this store (the operator's Bcrypt cost).
    public let passwords: PasswordHasher
    private let databases: Databases
    private let eventLoopGroup: any EventLoopGroup
    private let threadPool: NIOThreadPool
    private let ownsEventLoopGroup: Bool
    private let postgresSchemaName: String?
    /// The PostgreSQL schema the store is confined to, if any.
    public var postgresSchema: String? { postgresSchemaName }

    public static let databaseID = DatabaseID(string: "spotcheck")

    /// Opens the database and prepares each connection (WAL, foreign keys, busy timeout on SQLite).
    /// `postgresSchema` confines a PostgreSQL store to one schema (created if missing); tests use
    /// it to run side by side in one database.
    public static func open(_ url: DatabaseURL, logger: Logger, postgresSchema: String? = nil,
                            passwords: PasswordHasher = .standard) async throws -> StoreDatabase {
        let store = try StoreDatabase(url: url, logger: logger, postgresSchema: postgresSchema, passwords: passwords)
        do {
            try await store.prepareConnections()
        } catch {
            await store.shutdown()
            throw StoreError.cannotOpen(url.description, String(describing: error))
        }
        return store
    }

    private init(url: DatabaseURL, logger: Logger, postgresSchema: String?, passwords: PasswordHasher) throws {
        self.passwords = passwords
        self.url = url
        self.logger = logger
        self.postgresSchemaName = postgresSchema
        let pool = NIOThreadPool(numberOfThreads: 2)
        pool.start()
        self.threadPool = pool
        switch url {
        case let .sqlite(path):
            // One event loop means one SQLite connection: writers queue in the pool instead of
            // fighting over the file lock, which is what SQLite prefers.
            self.eventLoopGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            self.ownsEventLoopGroup = true
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            self.databases = Databases(threadPool: pool, on: eventLoopGroup)
            // No SQL statement log: its bound values include session CSRF tokens and password
            // hashes, which must never reach a log (issue 13 item 4).
            // The one connection is held for a whole write transaction (a draw, an import), so a
            // queued request may wait that long: 30 s before it is answered 503 (the default 10 s
            // refused parallel callers of a draw on a slow machine instead of letting them queue).
            databases.use(.sqlite(.init(storage: .file(path: path), enableForeignKeys: true), connectionPoolTimeout: .seconds(30), sqlLogLevel: nil),
                          as: Self.databaseID, isDefault: true)
        case let .postgres(urlString):
            self.eventLoopGroup = MultiThreadedEventLoopGroup.singleton
            self.ownsEventLoopGroup = false
            self.databases = Databases(threadPool: pool, on: eventLoopGroup)
            var configuration = try SQLPostgresConfiguration(url: urlString)
            if let postgresSchema { configuration.searchPath = [postgresSchema] }
            // SQL is logged at trace, which the database logger never passes (see `databaseLogger`).
            databases.use(.postgres(configuration: configuration, maxConnectionsPerEventLoop: 4, sqlLogLevel: .trace), as: Self.databaseID, isDefault: true)
        }
    }

    /// A Fluent handle on any event loop of the group.
    public var db: any Database {
        let database = databases.database(Self.databaseID, logger: databaseLogger, on: eventLoopGroup.any())!
        return url.isSQLite ? SQLiteImmediateDatabase(base: database, inTransaction: false) : database
    }

    /// The store's logger for FluentKit and the drivers, never below info: their debug and trace
    /// output ("Running query" with its input, SQL with its binds) carries session CSRF tokens and
    /// password hashes, and a server run with SPOTCHECK_LOG_LEVEL=debug or trace must not write
    /// them out (issue 13 item 4).
    private var databaseLogger: Logger {
        var databaseLogger = logger
        if databaseLogger.logLevel < .info { databaseLogger.logLevel = .info }
        return databaseLogger
    }

    /// The same connection pool seen through SQLKit, for bulk paths.
    public var sql: any SQLDatabase { db as! any SQLDatabase }

    public var isSQLite: Bool { url.isSQLite }

    /// Removes a throwaway PostgreSQL schema with everything in it (benchmarks and tests).
    public func dropSchema(_ schema: String) async throws {
        _ = try await sql.raw("DROP SCHEMA IF EXISTS \(ident: schema) CASCADE").all()
    }

    /// Whether the database answers a trivial query now (the health check).
    public func isReachable() async -> Bool {
        do {
            _ = try await sql.raw("SELECT 1").all()
            return true
        } catch {
            return false
        }
    }

    private func prepareConnections() async throws {
        guard case .sqlite = url else {
            if let schema = postgresSchemaName {
                _ = try await sql.raw("CREATE SCHEMA IF NOT EXISTS \(ident: schema)").all()
            } else {
                _ = try await sql.raw("SELECT 1").all()
            }
            return
        }
        // WAL lets readers proceed while one writer writes; it is stored in the file.
        _ = try await sql.raw("PRAGMA journal_mode = WAL").all()
        _ = try await sql.raw("PRAGMA synchronous = NORMAL").all()
        _ = try await sql.raw("PRAGMA foreign_keys = ON").all()
        _ = try await sql.raw("PRAGMA busy_timeout = 10000").all()
    }

    /// Applies every pending numbered migration, or those up to and including the one named
    /// `last` (a migration test fills a table the way an older version left it).
    public func migrate(through last: String? = nil) async throws {
        var list = SpotcheckMigrations.all
        if let last {
            guard let end = list.firstIndex(where: { $0.name == last }) else { throw StoreError.invalid("没有名为 \(last) 的迁移") }
            list = Array(list[...end])
        }
        let migrations = Migrations()
        migrations.add(list, to: Self.databaseID)
        let migrator = Migrator(databases: databases, migrations: migrations, logger: logger, on: eventLoopGroup.any())
        guard case .postgres = url else {
            try await migrator.setupIfNeeded().get()
            try await migrator.prepareBatch().get()
            return
        }
        // Two servers starting together on an empty database would both see a migration as
        // pending and the second would fail on "relation already exists". A session advisory
        // lock, held on one connection while the migrator works on others, lets the second wait
        // and then find nothing left to do. Keyed by schema, so stores in other schemas of the
        // same database (the tests) do not wait for each other.
        try await db.withConnection { connection in
            let session = connection as! any SQLDatabase
            let key = SQLRaw("hashtext('spotcheck-migrate:' || current_schema())")
            _ = try await session.select().column(SQLFunction("pg_advisory_lock", args: key)).all()
            do {
                try await migrator.setupIfNeeded().get()
                try await migrator.prepareBatch().get()
            } catch {
                _ = try? await session.select().column(SQLFunction("pg_advisory_unlock", args: key)).all()
                throw error
            }
            _ = try await session.select().column(SQLFunction("pg_advisory_unlock", args: key)).all()
        }
    }

    /// Names of migrations that have been applied, oldest first.
    public func appliedMigrations() async throws -> [String] {
        try await sql.raw("SELECT name FROM _fluent_migrations ORDER BY batch, created_at, name").all().map { try $0.decode(column: "name", as: String.self) }
    }

    public func shutdown() async {
        await databases.shutdownAsync()
        try? await threadPool.shutdownGracefully()
        if ownsEventLoopGroup { try? await eventLoopGroup.shutdownGracefully() }
    }

    /// Service conformance: wait for graceful shutdown, then close the pools.
    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }
}
