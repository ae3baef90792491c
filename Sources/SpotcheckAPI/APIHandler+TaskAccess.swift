import Foundation
import OpenAPIRuntime
import SpotcheckCore
import SpotcheckStore

/// Who may see a task and take a department step: the rules of the task pages, mirrored.
extension APIHandler {
    // MARK: Access

    /// The task `reference` names (id or 文号) after the visibility check of the task pages: a
    /// department's users get 403 on tasks their department does not take part in, inspectors also on drafts.
    func visibleTask(_ reference: String) async throws -> TaskInfo {
        let principal = try caller()
        let task = try await tasks.require(reference)
        guard task.isVisible(to: principal) else { throw APIError.forbidden("本部门未参与此任务，无权查看") }
        return task
    }

    /// A department step: the caller's own department (checked before anything is loaded), in a
    /// task that department takes part in. Returns the task and the caller as the audit actor.
    func departmentStep(_ reference: String, department: String) async throws -> (task: TaskInfo, actor: AuditLog.Actor) {
        let principal = try caller()
        guard principal.mayManage(departmentCode: department) else {
            throw APIError.forbidden("只能为本部门（\(principal.departmentCode)）操作，不能代其他部门（\(department)）操作")
        }
        let task = try await visibleTask(reference)
        guard task.plan.departments.contains(where: { $0.department == department }) else {
            throw APIError.forbidden("部门 \(department) 未参与此任务")
        }
        return (task, actor(principal))
    }

    /// The department whose rows a list shows: anyone seeing all departments may choose one or
    /// none; a department's users see their own (another is 403).
    static func departmentFilter(_ principal: Principal, _ requested: String?) throws -> String? {
        let requested = requested?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        if principal.role.seesAllDepartments { return requested }
        if let requested, requested != principal.departmentCode {
            throw APIError.forbidden("只能查看本部门（\(principal.departmentCode)）的数据")
        }
        return principal.departmentCode
    }

    /// `TaskFormAccess.seesWholeTask`: the office, the auditor and the lead department's admin.
    static func seesWholeTask(_ principal: Principal, _ task: TaskInfo) -> Bool {
        principal.role.seesAllDepartments || (principal.role == .deptAdmin && principal.departmentCode == task.plan.leadDepartment)
    }

    /// `TaskFormAccess.requireParticipant`: a department admin must belong to a participating department.
    static func requireParticipant(_ principal: Principal, _ task: TaskInfo) throws {
        guard principal.role == .deptAdmin else { return }
        guard task.plan.departments.contains(where: { $0.department == principal.departmentCode }) else {
            throw APIError.forbidden("本部门未参与该任务")
        }
    }

    /// Forms and group reports exist once the teams are matched; before that the state is the conflict.
    static func requireMatched(_ task: TaskInfo) throws {
        let states: Set<TaskState> = [.matched, .inspecting, .completed, .archived]
        guard states.contains(task.state) else {
            throw APIError.conflict("任务「\(task.documentNumber)」当前状态为「\(task.state.label)」，检查组匹配完成后才有一企一表和分组情况", .stateConflict)
        }
    }

    func dispatch(_ taskID: Int, uscc: String, department: String?) async throws -> Components.Schemas.Dispatch {
        guard let dispatch = try await tasks.dispatches(taskID, department: department).first(where: { $0.uscc == uscc }) else {
            throw StoreError.notFound(entity: "本任务抽中的企业", key: uscc)
        }
        return .init(dispatch, today: Self.today())
    }
}

extension String {
    fileprivate var nilIfEmpty: String? { isEmpty ? nil : self }
}
