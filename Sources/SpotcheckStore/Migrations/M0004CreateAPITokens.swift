import FluentKit

struct M0004CreateAPITokens: AsyncMigration {
    var name: String { "0004_create_api_tokens" }

    func prepare(on database: any Database) async throws {
        try await database.schema("api_tokens")
            .id()
            .field("name", .string, .required)
            .field("token_hash", .string, .required)
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("revoked_at", .datetime)
            .field("last_used_at", .datetime)
            .field("created_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("api_tokens").delete()
    }
}
