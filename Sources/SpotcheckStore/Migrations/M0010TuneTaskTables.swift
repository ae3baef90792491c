import FluentKit
import SQLKit

/// Changes for publishing and drawing a province-sized task (issue 6's scale target), measured
/// on 1,000,000 candidates / 200,000 selections:
///
/// - (both databases) `task_enterprises` loses its index on `uscc` alone: every query of the
///   table names the task (the unique key `(task_id, uscc)` serves them), and keeping an unused
///   second B-tree ordered under 200,000 inserts cost every draw.
///
/// On PostgreSQL only:
///
/// - `task_snapshots.content` is stored uncompressed (`STORAGE EXTERNAL`): compressing the 26 MB
///   frozen `objects.csv` with pglz took 0.3–0.5 s of publication; the frozen lists are written
///   once per task and read rarely, so space is the cheaper side.
/// - `task_enterprises` loses its foreign key to `tasks`: the per-row referential-integrity
///   trigger was half of inserting 200,000 selections (0.51 of 1.04 s). The key guarded nothing
///   the code does not: rows are only written by `TaskStore` inside the transaction that has
///   just read (and updates) their task, and only drafts — which have no rows — are deleted.
///   SQLite keeps the key: its check is a plain index lookup and cheap there.
struct M0010TuneTaskTables: AsyncMigration {
    var name: String { "0010_tune_task_tables" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        _ = try await sql.raw("DROP INDEX IF EXISTS task_enterprises_uscc").all()
        guard sql.dialect.name == "postgresql" else { return }
        _ = try await sql.raw("ALTER TABLE task_snapshots ALTER COLUMN content SET STORAGE EXTERNAL").all()
        for row in try await sql.raw("""
            SELECT conname AS name FROM pg_constraint
            WHERE conrelid = to_regclass('task_enterprises') AND contype = 'f'
            """).all() {
            _ = try await sql.raw("ALTER TABLE task_enterprises DROP CONSTRAINT \(ident: try row.decode(column: "name", as: String.self))").all()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(index: "task_enterprises_uscc").on("task_enterprises").column("uscc").run()
        guard sql.dialect.name == "postgresql" else { return }
        _ = try await sql.raw("ALTER TABLE task_snapshots ALTER COLUMN content SET STORAGE EXTENDED").all()
        _ = try await sql.raw("""
            ALTER TABLE task_enterprises ADD FOREIGN KEY (task_id) REFERENCES tasks (id) ON DELETE CASCADE
            """).all()
    }
}
