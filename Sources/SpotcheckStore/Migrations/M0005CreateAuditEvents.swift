import FluentKit

struct M0005CreateAuditEvents: AsyncMigration {
    var name: String { "0005_create_audit_events" }

    func prepare(on database: any Database) async throws {
        try await database.schema("audit_events")
            .field("seq", .int, .identifier(auto: false))
            .field("occurred_at", .string, .required)
            .field("actor", .string, .required)
            .field("action", .string, .required)
            .field("entity", .string, .required)
            .field("entity_id", .string, .required)
            .field("before_json", .string)
            .field("after_json", .string)
            .field("prev_hash", .string, .required)
            .field("hash", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("audit_events").delete()
    }
}
