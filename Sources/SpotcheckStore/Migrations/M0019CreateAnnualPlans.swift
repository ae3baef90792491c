import FluentKit
import SQLKit

/// The 年度抽查计划 (issue 16): one row per year with its state, the departments' entries, and
/// each task's place in the plan — the entry it carries out, or 计划外 with a reason. Existing
/// tasks predate plans: no entry, an empty reason (shown as "计划外（未记录理由）").
struct M0019CreateAnnualPlans: AsyncMigration {
    var name: String { "0019_create_annual_plans" }

    func prepare(on database: any Database) async throws {
        try await database.schema("annual_plans")
            .field("year", .int, .required)
            .field("state", .string, .required)
            // Bumped by every entry edit: the edit's conditional write on a drafting plan, which a
            // concurrent 公布 waits for (PostgreSQL row lock), so nothing is edited after publication.
            .field("revision", .int, .required)
            .field("published_at", .datetime)
            .field("published_by", .string)
            .unique(on: "year")
            .create()
        try await database.schema("plan_entries")
            .field("id", .int64, .identifier(auto: true))
            .field("year", .int, .required)
            .field("title", .string, .required)
            .field("lead_department", .string, .required)
            .field("cooperating_departments", .string, .required)
            .field("field", .string, .required)
            .field("item_codes", .string, .required)
            .field("object_scope", .string, .required)
            .field("ratio_bp", .int, .required)
            .field("months", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "plan_entries_year_idx").on("plan_entries").column("year").column("lead_department").run()
        try await database.schema("tasks").field("plan_entry_id", .int64).update()
        try await database.schema("tasks").field("off_plan_reason", .string, .required, .sql(.default(""))).update()
        try await sql.create(index: "tasks_plan_entry_idx").on("tasks").column("plan_entry_id").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.drop(index: "tasks_plan_entry_idx").run()
        try await database.schema("tasks").deleteField("off_plan_reason").update()
        try await database.schema("tasks").deleteField("plan_entry_id").update()
        try await sql.drop(index: "plan_entries_year_idx").run()
        try await database.schema("plan_entries").delete()
        try await database.schema("annual_plans").delete()
    }
}
