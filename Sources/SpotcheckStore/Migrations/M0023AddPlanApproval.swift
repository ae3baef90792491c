import FluentKit

/// 审定 as its own step of the annual plan (issue 16: "the office assembles, approves and
/// publishes"): a plan is approved — its entries fixed, not yet public — before it is published.
/// Plans published before this step existed keep their state; their approval is their publication.
struct M0023AddPlanApproval: AsyncMigration {
    var name: String { "0023_add_plan_approval" }

    func prepare(on database: any Database) async throws {
        try await database.schema("annual_plans").field("approved_at", .datetime).update()
        try await database.schema("annual_plans").field("approved_by", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("annual_plans").deleteField("approved_by").update()
        try await database.schema("annual_plans").deleteField("approved_at").update()
    }
}
