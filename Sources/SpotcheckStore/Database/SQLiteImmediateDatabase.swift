import FluentKit
import Logging
import NIOCore
import SQLKit
import FluentSQLiteDriver

/// The SQLite database as every store sees it: the same connection pool, but each transaction
/// begins `IMMEDIATE`. FluentSQLiteDriver begins them `DEFERRED`, and a deferred transaction
/// that has read and then writes must upgrade its lock — an upgrade SQLite refuses at once with
/// "database is locked" when another process holds the write lock, without waiting out
/// `busy_timeout` (waiting could deadlock two upgraders). Taking the write lock at `BEGIN`
/// makes the second of two `serve` processes on one file wait its turn instead of failing.
///
/// Everything else is handed to the wrapped database unchanged, including the `SQLiteDatabase`
/// conformance the bulk paths use for multi-row statements.
struct SQLiteImmediateDatabase: Database, SQLDatabase, SQLiteDatabase {
    /// The driver's database: the pool outside a transaction, one connection inside.
    let base: any Database
    let inTransaction: Bool

    private var baseSQL: any SQLDatabase { base as! any SQLDatabase }
    private var baseSQLite: any SQLiteDatabase { base as! any SQLiteDatabase }

    // MARK: Database

    var context: DatabaseContext { base.context }

    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void) -> EventLoopFuture<Void> {
        base.execute(query: query, onOutput: onOutput)
    }

    func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> { base.execute(schema: schema) }

    func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> { base.execute(enum: `enum`) }

    func transaction<T: Sendable>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        guard !inTransaction else { return closure(self) }
        return base.withConnection { connection in
            let tx = SQLiteImmediateDatabase(base: connection, inTransaction: true)
            let sql = connection as! any SQLDatabase
            return sql.raw("BEGIN IMMEDIATE TRANSACTION").run().flatMap {
                closure(tx).flatMap { result in
                    sql.raw("COMMIT TRANSACTION").run().map { result }
                }.flatMapError { error in
                    sql.raw("ROLLBACK TRANSACTION").run().flatMapThrowing { throw error }
                        .flatMapErrorThrowing { _ in throw error }
                }
            }
        }
    }

    func withConnection<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        guard !inTransaction else { return closure(self) }
        return base.withConnection { closure(SQLiteImmediateDatabase(base: $0, inTransaction: false)) }
    }

    // MARK: SQLDatabase

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { baseSQL.version }
    var dialect: any SQLDialect { baseSQL.dialect }
    var queryLogLevel: Logger.Level? { baseSQL.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        baseSQL.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await baseSQL.execute(sql: query, onRow)
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await baseSQL.withSession(closure)
    }

    // MARK: SQLiteDatabase

    func query(_ query: String, _ binds: [SQLiteData], logger: Logger, _ onRow: @escaping @Sendable (SQLiteRow) -> Void) -> EventLoopFuture<Void> {
        baseSQLite.query(query, binds, logger: logger, onRow)
    }

    func withConnection<T>(_ closure: @escaping @Sendable (SQLiteConnection) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        baseSQLite.withConnection(closure)
    }
}
