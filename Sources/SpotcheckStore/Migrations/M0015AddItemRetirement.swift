import FluentKit
import SQLKit

/// 停用 of 抽查事项 (issue 13 item 7): an item that published tasks use cannot be deleted — their
/// 一企一表, records and reports name it — so a department retires it instead. A retired item
/// stays in the list for everything that already refers to it and is left out of new drafts.
/// Inspectors need no column: their status 离岗 already means "no longer drawn".
struct M0015AddItemRetirement: AsyncMigration {
    var name: String { "0015_add_item_retirement" }

    func prepare(on database: any Database) async throws {
        try await database.schema("inspection_items")
            .field("retired", .bool, .required, .sql(.default(false)))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("inspection_items").deleteField("retired").update()
    }
}
