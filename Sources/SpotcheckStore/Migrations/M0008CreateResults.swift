import FluentKit
import SQLKit

/// Field results (一企一表 filled in), evidence files, dispositions and their history.
/// One result per task × enterprise × department: 谁检查、谁录入、谁公开.
struct M0008CreateResults: AsyncMigration {
    var name: String { "0008_create_results" }

    func prepare(on database: any Database) async throws {
        try await database.schema("inspection_results")
            .field("task_id", .int64, .required, .references("tasks", "id", onDelete: .cascade))
            .field("uscc", .string, .required)
            .field("department_code", .string, .required)
            .field("status", .string, .required)
            .field("inspection_date", .string)
            .field("result_category", .string, .required)
            .field("problem_count", .int, .required)
            .field("onsite_answer", .bool, .required)
            .field("onsite_note", .string, .required)
            .field("signature", .string, .required)
            .field("refusal_note", .string, .required)
            .field("members", .string, .required)
            .field("due_date", .string)
            .field("submitted_by", .string)
            .field("submitted_at", .datetime)
            .field("approved_by", .string)
            .field("approved_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "task_id", "uscc", "department_code")
            .create()

        try await database.schema("result_items")
            .field("task_id", .int64, .required, .references("tasks", "id", onDelete: .cascade))
            .field("uscc", .string, .required)
            .field("department_code", .string, .required)
            .field("item_code", .string, .required)
            .field("methods", .string, .required)
            .field("finding", .string, .required)
            .field("problem", .bool, .required)
            .field("problem_kind", .string, .required)
            .unique(on: "task_id", "uscc", "department_code", "item_code")
            .create()

        try await database.schema("evidence_files")
            .id()
            .field("task_id", .int64, .required, .references("tasks", "id", onDelete: .cascade))
            .field("uscc", .string, .required)
            .field("department_code", .string, .required)
            .field("file_name", .string, .required)
            .field("content_type", .string, .required)
            .field("size", .int, .required)
            .field("sha256", .string, .required)
            .field("data", .data, .required)
            .field("uploaded_by", .string, .required)
            .field("uploaded_at", .datetime, .required)
            .create()

        try await database.schema("dispositions")
            .field("id", .int64, .identifier(auto: true))
            .field("task_id", .int64, .required, .references("tasks", "id", onDelete: .cascade))
            .field("uscc", .string, .required)
            .field("department_code", .string, .required)
            .field("kind", .string, .required)
            .field("form", .string, .required)
            .field("status", .string, .required)
            .field("target_department", .string)
            .field("reason", .string, .required)
            .field("decided_on", .string, .required)
            .field("due_on", .string)
            .field("closed_on", .string)
            .field("note", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .create()

        try await database.schema("disposition_events")
            .field("id", .int64, .identifier(auto: true))
            .field("disposition_id", .int64, .required, .references("dispositions", "id", onDelete: .cascade))
            .field("status", .string, .required)
            .field("note", .string, .required)
            .field("actor", .string, .required)
            .field("at", .datetime, .required)
            .create()

        let sql = database as! any SQLDatabase
        try await sql.create(index: "inspection_results_status").on("inspection_results").column("status").column("uscc").run()
        try await sql.create(index: "dispositions_task").on("dispositions").column("task_id").column("department_code").run()
        try await sql.create(index: "evidence_files_form").on("evidence_files").column("task_id").column("uscc").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["disposition_events", "dispositions", "evidence_files", "result_items", "inspection_results"] {
            try await database.schema(table).delete()
        }
    }
}
