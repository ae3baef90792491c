import SpotcheckCore
import SpotcheckStore

/// Which department and which task a person may act on: the second access question, after the
/// role (`RoleGate`). Written once here; pages, API and CLI ask it through the use cases.
///
/// product.md's one rule: a department sees and changes only its own data; the office (and the
/// read-only auditor) see all. For tasks: a department's users see the tasks their department
/// takes part in; the lead department's admin sees every form and group report of its task;
/// inspectors see the forms of their own teams.
public enum AccessPolicy {
    // MARK: Departments

    public static func requireRead(_ principal: Principal, department: String) throws(AccessRefusal) {
        guard principal.mayRead(departmentCode: department) else { throw .forbidden("无权查看其他部门的数据") }
    }

    public static func requireManage(_ principal: Principal, department: String) throws(AccessRefusal) {
        guard principal.mayManage(departmentCode: department) else { throw .forbidden("无权修改其他部门的数据") }
    }

    /// The department whose rows a list shows: anyone seeing all departments may choose one or
    /// none; a department's users see their own (asking for another is refused).
    public static func departmentFilter(_ principal: Principal, requested: String?) throws(AccessRefusal) -> String? {
        let requested = requested?.trimmingCharacters(in: .whitespaces)
        let chosen = requested?.isEmpty == false ? requested : nil
        if principal.role.seesAllDepartments { return chosen }
        if let chosen, chosen != principal.departmentCode {
            throw .forbidden("只能查看本部门（\(principal.departmentName)）的数据")
        }
        return principal.departmentCode
    }

    // MARK: Tasks

    /// A department's users see only the tasks their department takes part in (inspectors no drafts).
    public static func requireVisible(_ task: TaskInfo, to principal: Principal) throws(AccessRefusal) {
        guard task.isVisible(to: principal) else { throw .forbidden("本部门未参与此任务，无权查看") }
    }

    /// A department step: the acting admin's own department, in a task that department takes part in.
    public static func requireDepartmentStep(_ principal: Principal, task: TaskInfo, department: String) throws(AccessRefusal) {
        guard principal.mayManage(departmentCode: department) else {
            throw .forbidden("只能为本部门（\(principal.departmentName)）操作，不能代其他部门操作")
        }
        guard task.plan.departments.contains(where: { $0.department == department }) else {
            throw .forbidden("该部门未参与此任务")
        }
    }

    /// The office, the auditor and the lead department's admin see every form and every
    /// department's group report of a task.
    public static func seesWholeTask(_ principal: Principal, _ task: TaskInfo) -> Bool {
        principal.role.seesAllDepartments || (principal.role == .deptAdmin && principal.departmentCode == task.plan.leadDepartment)
    }

    /// A department admin must belong to a participating department.
    public static func requireParticipant(_ principal: Principal, _ task: TaskInfo) throws(AccessRefusal) {
        guard principal.role == .deptAdmin else { return }
        guard task.plan.departments.contains(where: { $0.department == principal.departmentCode }) else {
            throw .forbidden("本部门未参与该任务")
        }
    }

    /// A department's group report: whoever sees the whole task, or that department's admin.
    public static func requireGroupRead(_ principal: Principal, _ task: TaskInfo, department: String) throws(AccessRefusal) {
        if seesWholeTask(principal, task) { return }
        guard principal.role == .deptAdmin, principal.departmentCode == department else {
            throw .forbidden("只能查看本部门的分组情况（办公室和牵头部门可查看各部门）")
        }
    }

    /// The draw record (record.json) is published to everyone once the task is drawn; before
    /// that, whoever sees the task may read its commitment. Pages and API answer the same.
    public static func requireRecordRead(_ principal: Principal, _ task: TaskInfo) throws(AccessRefusal) {
        try requireVisible(task, to: principal)
    }
}
