import FluentKit

struct M0001CreateDepartments: AsyncMigration {
    var name: String { "0001_create_departments" }

    func prepare(on database: any Database) async throws {
        try await database.schema("departments")
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("departments").delete()
    }
}
