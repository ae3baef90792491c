import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

/// Task lists page in SQL (issue 14 item 4): a department's users see the tasks their department
/// takes part in, which lived only inside the `plan` JSON, so every list read every task (with
/// its multi-megabyte draw record) and filtered in memory. `departments` holds the participating
/// codes joined by `;` (a code cannot contain it), written with the plan; existing rows are filled
/// from their plans here.
struct M0017AddTaskDepartments: AsyncMigration {
    var name: String { "0017_add_task_departments" }

    func prepare(on database: any Database) async throws {
        try await database.schema("tasks").field("departments", .string, .required, .sql(.default(""))).update()
        let sql = database as! any SQLDatabase
        for row in try await sql.select().columns("id", "plan").from("tasks").all() {
            let id = try row.decode(column: "id", as: Int.self)
            guard let plan = try row.decodeStoredJSON("plan", as: TaskPlan.self, entity: "tasks", id: String(id)) else { continue }
            try await sql.update("tasks").set("departments", to: TaskStore.departmentList(plan)).where("id", .equal, id).run()
        }
        try await sql.create(index: "tasks_state_idx").on("tasks").column("state").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "tasks_state_idx").run()
        try await database.schema("tasks").deleteField("departments").update()
    }
}
