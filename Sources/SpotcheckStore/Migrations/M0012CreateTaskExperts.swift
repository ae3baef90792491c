import FluentKit

/// Experts (专家) a department adds to one of its matched teams. Kept apart from
/// `task_team_members`: experts are not drawn by the protocol, are not in the draw record, and
/// never count toward the team size (行政处罚法 art. 42 needs two officers holding 执法证).
struct M0012CreateTaskExperts: AsyncMigration {
    var name: String { "0012_create_task_experts" }

    func prepare(on database: any Database) async throws {
        try await database.schema("task_experts")
            .field("task_id", .int64, .required, .references("tasks", "id", onDelete: .cascade))
            .field("department_code", .string, .required)
            .field("team_index", .int, .required)
            .field("inspector_code", .string, .required)
            .field("added_by", .string, .required)
            .field("added_at", .datetime, .required)
            .unique(on: "task_id", "department_code", "team_index", "inspector_code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("task_experts").delete()
    }
}
