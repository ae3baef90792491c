import FluentKit
import SQLKit

/// PostgreSQL: `tasks.record` is stored uncompressed (`STORAGE EXTERNAL`), like the frozen
/// lists (0010). A province-sized draw record lists 200,000 selected ids (6 MB of JSON) and is
/// rewritten at the draw and at every confirmation step; compressing it with pglz took 40–60 ms
/// of each write, most of storing it. SQLite never compresses, so nothing changes there.
struct M0011StoreTaskRecordsUncompressed: AsyncMigration {
    var name: String { "0011_store_task_records_uncompressed" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        guard sql.dialect.name == "postgresql" else { return }
        _ = try await sql.raw("ALTER TABLE tasks ALTER COLUMN record SET STORAGE EXTERNAL").all()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        guard sql.dialect.name == "postgresql" else { return }
        _ = try await sql.raw("ALTER TABLE tasks ALTER COLUMN record SET STORAGE EXTENDED").all()
    }
}
