import FluentKit
import SQLKit

/// Defaults that cannot lie (issue 15): the result form used to preselect 未发现问题 and 已签字,
/// so a draft saved before the inspector chose anything already said "no problem, signed". A
/// result now records whether the 检查结果 and each item's 发现问题 were chosen; the signature's
/// "not chosen" is an empty `signature`. Existing rows were all entered with a choice (submission
/// required the fields), so they default to answered.
struct M0018AddResultAnswers: AsyncMigration {
    var name: String { "0018_add_result_answers" }

    func prepare(on database: any Database) async throws {
        try await database.schema("inspection_results").field("category_answered", .bool, .required, .sql(.default(true))).update()
        try await database.schema("result_items").field("problem_answered", .bool, .required, .sql(.default(true))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("result_items").deleteField("problem_answered").update()
        try await database.schema("inspection_results").deleteField("category_answered").update()
    }
}
