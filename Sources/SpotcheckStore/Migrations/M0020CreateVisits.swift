import FluentKit
import SQLKit

/// The joint visit (约定时间, issue 16): for each matched enterprise, a proposed time and place
/// the teams of every department at it accept; and each inspector's secret calendar-feed token
/// (stored as its SHA-256 only, so a leaked database does not leak the feed addresses).
struct M0020CreateVisits: AsyncMigration {
    var name: String { "0020_create_visits" }

    func prepare(on database: any Database) async throws {
        try await database.schema("task_visits")
            .field("id", .int64, .identifier(auto: true))
            .field("task_id", .int64, .required, .references("tasks", "id", onDelete: .cascade))
            .field("uscc", .string, .required)
            .field("visit_date", .string, .required)
            .field("half_day", .string, .required)
            .field("start_time", .string, .required)
            .field("place", .string, .required)
            .field("note", .string, .required)
            .field("state", .string, .required)
            .field("proposed_by", .string, .required)
            .field("proposed_department", .string, .required)
            .field("created_at", .datetime, .required)
            .field("agreed_at", .datetime)
            .create()
        try await database.schema("task_visit_acceptances")
            .field("visit_id", .int64, .required, .references("task_visits", "id", onDelete: .cascade))
            .field("department_code", .string, .required)
            .field("accepted_by", .string, .required)
            .field("accepted_at", .datetime, .required)
            .unique(on: "visit_id", "department_code")
            .create()
        try await database.schema("calendar_feeds")
            .field("username", .string, .required)
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "username")
            .unique(on: "token_hash")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "task_visits_task_idx").on("task_visits").column("task_id").column("uscc").run()
        try await sql.create(index: "task_visits_day_idx").on("task_visits").column("visit_date").column("half_day").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.drop(index: "task_visits_day_idx").run()
        try await sql.drop(index: "task_visits_task_idx").run()
        try await database.schema("calendar_feeds").delete()
        try await database.schema("task_visit_acceptances").delete()
        try await database.schema("task_visits").delete()
    }
}
