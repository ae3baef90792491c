import FluentKit
import SQLKit

/// 一单两库: the enterprise directory, the inspector roster, declared conflicts and item lists.
/// Enterprises are keyed by their USCC so bulk upserts and draw snapshots need no id lookups;
/// the (risk_class, uscc) index covers the draw's candidate query in canonical order.
struct M0006CreateDirectory: AsyncMigration {
    var name: String { "0006_create_directory" }

    func prepare(on database: any Database) async throws {
        try await database.schema("enterprises")
            .field("uscc", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("legal_representative", .string, .required)
            .field("address", .string, .required)
            .field("region_code", .string, .required)
            .field("industry", .string, .required)
            .field("tags", .string, .required)
            .field("risk_class", .string, .required)
            .field("status", .string, .required)
            .field("phone", .string, .required)
            .field("check_ok", .bool, .required)
            .field("updated_at", .datetime)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "enterprises_risk_uscc").on("enterprises").column("risk_class").column("uscc").run()
        try await sql.create(index: "enterprises_name").on("enterprises").column("name").run()

        try await database.schema("inspectors")
            .field("code", .string, .identifier(auto: false))
            .field("department_code", .string, .required, .references("departments", "code", onDelete: .restrict))
            .field("name", .string, .required)
            .field("mobile", .string, .required)
            .field("status", .string, .required)
            .field("certificate_expiry", .string, .required)
            .field("expertise", .string, .required)
            .field("is_expert", .bool, .required)
            .field("updated_at", .datetime)
            .create()
        try await sql.create(index: "inspectors_department").on("inspectors").column("department_code").column("code").run()

        try await database.schema("conflicts")
            .field("inspector_code", .string, .required, .references("inspectors", "code", onDelete: .cascade))
            .field("uscc", .string, .required)
            .field("reason", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "inspector_code", "uscc")
            .create()

        try await database.schema("inspection_items")
            .id()
            .field("department_code", .string, .required, .references("departments", "code", onDelete: .restrict))
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("sub_items", .string, .required)
            .field("legal_basis", .string, .required)
            .field("subject", .string, .required)
            .field("object_scope", .string, .required)
            .field("methods", .string, .required)
            .field("ratio_bp", .int, .required)
            .field("frequency", .string, .required)
            .field("materials", .string, .required)
            .field("inspector_requirements", .string, .required)
            .field("category", .string, .required)
            .field("updated_at", .datetime)
            .unique(on: "department_code", "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in ["inspection_items", "conflicts", "inspectors", "enterprises"] {
            try await database.schema(table).delete()
        }
    }
}
