import FluentKit
import Hummingbird
import SpotcheckCore
import SpotcheckStore

/// Who sees which 一企一表 and 分组情况 of a task. The office and the auditor see all; the lead
/// department's admin sees all (groups are passed to the lead department); another department's
/// admin sees the forms its teams are on and its own group report; an inspector sees the forms
/// of the teams the inspector is on. Everything else is 403.
enum TaskFormAccess {
    /// Whether the principal sees every form and every department's group report of `task`.
    static func seesWholeTask(_ principal: Principal, _ task: TaskInfo) -> Bool {
        principal.role.seesAllDepartments || (principal.role == .deptAdmin && principal.departmentCode == task.plan.leadDepartment)
    }

    /// A department admin must belong to a participating department.
    static func requireParticipant(_ principal: Principal, _ task: TaskInfo) throws {
        guard principal.role == .deptAdmin else { return }
        guard task.plan.departments.contains(where: { $0.department == principal.departmentCode }) else {
            throw HTTPError(.forbidden, message: "本部门未参与该任务")
        }
    }

    static func requireGroupRead(_ principal: Principal, _ task: TaskInfo, department: String) throws {
        if seesWholeTask(principal, task) { return }
        guard principal.role == .deptAdmin, principal.departmentCode == department else {
            throw HTTPError(.forbidden, message: "只能查看本部门的分组情况（办公室和牵头部门可查看各部门）")
        }
    }

    /// The 执法证号 linked to the inspector's login, or "" when none is.
    static func inspectorCode(_ principal: Principal, db: any Database) async throws -> String {
        guard principal.role == .inspector else { return "" }
        return try await UserModel.find(principal.userID, on: db)?.inspectorCode?.trimmingCharacters(in: .whitespaces) ?? ""
    }

    /// The task of the `{id}` parameter (id or 文号), 404 when there is none.
    static func task(_ context: AppRequestContext, _ store: TaskStore) async throws -> TaskInfo {
        try await store.require(try context.parameters.require("id"))
    }
}
