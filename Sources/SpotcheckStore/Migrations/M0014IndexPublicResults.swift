import FluentKit
import SQLKit

/// The public results search (抽查结果公示) pages in SQL: approved results newest first, then by
/// code, task and department. This index holds them in exactly that order, so a page reads its
/// own twenty rows (and a count reads the index only) instead of sorting every published result
/// on each anonymous request. The directions are in the index because the order mixes them.
struct M0014IndexPublicResults: AsyncMigration {
    var name: String { "0014_index_public_results" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        _ = try await sql.raw("""
            CREATE INDEX inspection_results_published
            ON inspection_results (status, approved_at DESC, uscc, task_id, department_code)
            """).all()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        _ = try await sql.raw("DROP INDEX inspection_results_published").all()
    }
}
