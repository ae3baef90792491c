import FluentKit

/// Holiday and 调休 dates entered by the office for years after the built-in ones (or to
/// correct them); merged over the built-in notices for every deadline.
struct M0009CreateCalendarOverrides: AsyncMigration {
    var name: String { "0009_create_calendar_overrides" }

    func prepare(on database: any Database) async throws {
        try await database.schema("calendar_overrides")
            .field("date", .string, .identifier(auto: false))
            .field("kind", .string, .required)
            .field("updated_by", .string, .required)
            .field("updated_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("calendar_overrides").delete()
    }
}
