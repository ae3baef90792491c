import FluentKit
import SQLKit

/// Messages (issue 17): the outbox every step writes in its own transaction, the delivery
/// channels departments and people set, the delivery log, and 举报线索 with their photos and notes.
struct M0022CreateMessages: AsyncMigration {
    var name: String { "0022_create_messages" }

    func prepare(on database: any Database) async throws {
        try await database.schema("messages")
            .field("id", .int64, .identifier(auto: true))
            .field("recipient", .string, .required)
            .field("department_code", .string, .required)
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("link", .string, .required)
            .field("task_id", .int64)
            .field("event_id", .int)
            // Deadline reminders and digests are raised by a sweep that may run more than once a
            // day (and in two processes); the key makes the second raise a no-op.
            .field("dedupe_key", .string)
            .field("created_at", .datetime, .required)
            .field("read_at", .datetime)
            .unique(on: "dedupe_key")
            .create()
        try await database.schema("delivery_channels")
            .field("id", .int64, .identifier(auto: true))
            .field("owner_kind", .string, .required)
            .field("owner", .string, .required)
            .field("kind", .string, .required)
            .field("url", .string, .required)
            .field("secret", .string)
            .field("enabled", .bool, .required)
            .field("updated_by", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "owner_kind", "owner", "kind")
            .create()
        try await database.schema("deliveries")
            .field("id", .int64, .identifier(auto: true))
            .field("message_id", .int64, .required, .references("messages", "id", onDelete: .cascade))
            .field("channel_id", .int64, .required, .references("delivery_channels", "id", onDelete: .cascade))
            .field("idempotency_key", .string, .required)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            // A sender holds a delivery until this time; a sender that died mid-send lets it go.
            .field("leased_until", .datetime)
            .field("last_error", .string)
            .field("last_status", .int)
            .field("delivered_at", .datetime)
            .field("created_at", .datetime, .required)
            .unique(on: "idempotency_key")
            .create()
        try await database.schema("tips")
            .field("id", .int64, .identifier(auto: true))
            .field("receipt_code", .string, .required)
            .field("uscc", .string)
            .field("enterprise_text", .string, .required)
            .field("content", .string, .required)
            .field("contact_name", .string, .required)
            .field("contact_phone", .string, .required)
            .field("client_hash", .string, .required)
            .field("state", .string, .required)
            .field("department_code", .string)
            .field("reject_reason", .string)
            .field("result_text", .string)
            .field("linked_task_id", .int64)
            .field("linked_disposition_id", .int64)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "receipt_code")
            .create()
        try await database.schema("tip_photos")
            .id()
            .field("tip_id", .int64, .required, .references("tips", "id", onDelete: .cascade))
            .field("file_name", .string, .required)
            .field("content_type", .string, .required)
            .field("size", .int, .required)
            .field("sha256", .string, .required)
            .field("data", .data, .required)
            .field("uploaded_at", .datetime, .required)
            .create()
        try await database.schema("tip_notes")
            .field("id", .int64, .identifier(auto: true))
            .field("tip_id", .int64, .required, .references("tips", "id", onDelete: .cascade))
            .field("author", .string, .required)
            .field("note", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "messages_recipient").on("messages").column("recipient").column("read_at").run()
        try await sql.create(index: "deliveries_due").on("deliveries").column("status").column("next_attempt_at").run()
        try await sql.create(index: "tips_state").on("tips").column("state").column("department_code").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["tip_notes", "tip_photos", "tips", "deliveries", "delivery_channels", "messages"] {
            try await database.schema(table).delete()
        }
    }
}
