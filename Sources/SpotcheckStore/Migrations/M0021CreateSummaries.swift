import FluentKit

/// 工作总结 (issue 16, notice 六(五)): each department's summary of a task — 经验做法, 存在问题,
/// 意见建议 — saved as a draft and submitted once, with attachments kept like evidence (in the
/// database, with their SHA-256).
struct M0021CreateSummaries: AsyncMigration {
    var name: String { "0021_create_summaries" }

    func prepare(on database: any Database) async throws {
        try await database.schema("task_summaries")
            .field("task_id", .int64, .required, .references("tasks", "id", onDelete: .cascade))
            .field("department_code", .string, .required)
            .field("experience", .string, .required)
            .field("problems", .string, .required)
            .field("suggestions", .string, .required)
            .field("state", .string, .required)
            .field("saved_by", .string, .required)
            .field("saved_at", .datetime, .required)
            .field("submitted_by", .string)
            .field("submitted_at", .datetime)
            .unique(on: "task_id", "department_code")
            .create()
        try await database.schema("summary_files")
            .id()
            .field("task_id", .int64, .required, .references("tasks", "id", onDelete: .cascade))
            .field("department_code", .string, .required)
            .field("file_name", .string, .required)
            .field("content_type", .string, .required)
            .field("size", .int, .required)
            .field("sha256", .string, .required)
            .field("data", .data, .required)
            .field("uploaded_by", .string, .required)
            .field("uploaded_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("summary_files").delete()
        try await database.schema("task_summaries").delete()
    }
}
