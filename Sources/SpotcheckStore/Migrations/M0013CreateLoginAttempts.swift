import FluentKit

/// Login attempt counters, one row per (kind, subject): a username or a client address. They
/// live in the database rather than in one process's memory so that every server on one
/// PostgreSQL counts the same attempts (see `LoginThrottle`). Times are seconds since 1970 as
/// doubles, the same on both databases, compared in Swift under the row lock.
struct M0013CreateLoginAttempts: AsyncMigration {
    var name: String { "0013_create_login_attempts" }

    func prepare(on database: any Database) async throws {
        try await database.schema("login_attempts")
            .field("kind", .string, .required)
            .field("subject", .string, .required)
            .field("attempts", .int, .required)
            .field("next_allowed_at", .double, .required)
            .field("last_attempt_at", .double, .required)
            .unique(on: "kind", "subject")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("login_attempts").delete()
    }
}
