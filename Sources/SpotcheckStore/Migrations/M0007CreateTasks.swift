import FluentKit
import SQLKit

/// 联合抽查任务: the plan, the frozen draw inputs, the draw's outcome and the teams.
///
/// Why the frozen lists are stored as text in the spec §8 CSV format (`task_snapshots`):
/// publication must freeze up to a million candidates in well under a second, auditors
/// download exactly those files, and the draw parses them with the same reader the
/// offline verifier uses — one row per list instead of a million rows per task.
/// Selections, dispatches, confirmations, inspector picks and teams are rows, because
/// pages and dashboards query them.
struct M0007CreateTasks: AsyncMigration {
    var name: String { "0007_create_tasks" }

    func prepare(on database: any Database) async throws {
        try await database.schema("tasks")
            .field("id", .int64, .identifier(auto: true))
            .field("document_number", .string, .required)
            .field("title", .string, .required)
            .field("period_start", .string, .required)
            .field("period_end", .string, .required)
            .field("lead_department", .string, .required)
            .field("state", .string, .required)
            .field("plan", .string, .required)
            .field("secret", .string)
            .field("commitment", .string)
            .field("freeze", .string)
            .field("entropy", .string)
            .field("record", .string)
            .field("cancel_reason", .string)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .field("published_at", .datetime)
            .field("drawn_at", .datetime)
            .field("matched_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "document_number")
            .create()

        try await database.schema("task_snapshots")
            .field("task_id", .int64, .required, .references("tasks", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("content", .string, .required)
            .field("sha256", .string, .required)
            .field("rows", .int, .required)
            .unique(on: "task_id", "kind")
            .create()

        try await database.schema("task_enterprises")
            .field("task_id", .int64, .required, .references("tasks", "id", onDelete: .cascade))
            .field("uscc", .string, .required)
            .field("stratum", .string, .required)
            .field("origin", .string, .required)
            .field("seq", .int, .required)
            .field("active", .bool, .required)
            .field("depts", .string, .required)
            .field("dispatched_on", .string, .required)
            .field("confirm_by", .string, .required)
            .field("rejected_reason", .string)
            .field("updated_at", .datetime)
            .unique(on: "task_id", "uscc")
            .create()

        try await database.schema("task_confirmations")
            .field("task_id", .int64, .required, .references("tasks", "id", onDelete: .cascade))
            .field("uscc", .string, .required)
            .field("department_code", .string, .required)
            .field("decision", .string, .required)
            .field("reason", .string, .required)
            .field("decided_by", .string, .required)
            .field("decided_at", .datetime, .required)
            .unique(on: "task_id", "uscc", "department_code")
            .create()

        try await database.schema("task_rejections")
            .field("id", .int64, .identifier(auto: true))
            .field("task_id", .int64, .required, .references("tasks", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("subject", .string, .required)
            .field("department_code", .string, .required)
            .field("reason", .string, .required)
            .field("actor", .string, .required)
            .field("created_at", .datetime, .required)
            .create()

        try await database.schema("task_department_draws")
            .field("task_id", .int64, .required, .references("tasks", "id", onDelete: .cascade))
            .field("department_code", .string, .required)
            .field("drawn_by", .string, .required)
            .field("drawn_at", .datetime, .required)
            .field("group_submitted_at", .datetime)
            .unique(on: "task_id", "department_code")
            .create()

        try await database.schema("task_inspectors")
            .field("task_id", .int64, .required, .references("tasks", "id", onDelete: .cascade))
            .field("department_code", .string, .required)
            .field("inspector_code", .string, .required)
            .field("origin", .string, .required)
            .field("seq", .int, .required)
            .field("active", .bool, .required)
            .field("rejected_reason", .string)
            .unique(on: "task_id", "inspector_code")
            .create()

        try await database.schema("task_team_members")
            .field("task_id", .int64, .required, .references("tasks", "id", onDelete: .cascade))
            .field("department_code", .string, .required)
            .field("team_index", .int, .required)
            .field("position", .int, .required)
            .field("inspector_code", .string, .required)
            .unique(on: "task_id", "inspector_code")
            .create()

        try await database.schema("task_assignments")
            .field("task_id", .int64, .required, .references("tasks", "id", onDelete: .cascade))
            .field("uscc", .string, .required)
            .field("department_code", .string, .required)
            .field("team_index", .int, .required)
            .field("updated_at", .datetime)
            .unique(on: "task_id", "uscc", "department_code")
            .create()

        // Inspectors log in as users; this links an account to its 执法证号 so an inspector's
        // dashboard can list the forms of the teams the inspector is on.
        try await database.schema("users").field("inspector_code", .string).update()

        let sql = database as! any SQLDatabase
        try await sql.create(index: "task_enterprises_uscc").on("task_enterprises").column("uscc").run()
        try await sql.create(index: "task_team_members_inspector").on("task_team_members").column("inspector_code").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("users").deleteField("inspector_code").update()
        for table in ["task_assignments", "task_team_members", "task_inspectors", "task_department_draws", "task_rejections",
                      "task_confirmations", "task_enterprises", "task_snapshots", "tasks"] {
            try await database.schema(table).delete()
        }
    }
}
