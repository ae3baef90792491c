import FluentKit
import SQLKit

/// PostgreSQL only; SQLite never compresses and binds a draw's shared values once per statement.
///
/// - `tasks.record` is stored uncompressed (`STORAGE EXTERNAL`), like the frozen lists (0010).
///   A province-sized draw record lists 200,000 selected ids (6 MB of JSON) and is rewritten at
///   the draw and at every confirmation step; compressing it with pglz took 40–60 ms of each write.
/// - `task_enterprises.active` defaults to true and `updated_at` to the transaction's time, so
///   a draw's selections are COPYed straight into the table with only their text and integer
///   columns: 200,000 rows in 0.24 s in psql, where a staging table plus `INSERT … SELECT`
///   took 0.06 + 0.26 s and a COPY of every column parsed a timestamp per row.
struct M0011TuneTaskWrites: AsyncMigration {
    var name: String { "0011_tune_task_writes" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        guard sql.dialect.name == "postgresql" else { return }
        _ = try await sql.raw("ALTER TABLE tasks ALTER COLUMN record SET STORAGE EXTERNAL").all()
        _ = try await sql.raw("""
            ALTER TABLE task_enterprises ALTER COLUMN active SET DEFAULT true, ALTER COLUMN updated_at SET DEFAULT now()
            """).all()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        guard sql.dialect.name == "postgresql" else { return }
        _ = try await sql.raw("ALTER TABLE tasks ALTER COLUMN record SET STORAGE EXTENDED").all()
        _ = try await sql.raw("ALTER TABLE task_enterprises ALTER COLUMN active DROP DEFAULT, ALTER COLUMN updated_at DROP DEFAULT").all()
    }
}
