import SpotcheckCore
import SpotcheckStore

/// A department's own steps in a task (product steps 4–6): its inspector count before
/// publication, its inspector draw, rejecting a drawn inspector who cannot serve, and experts on
/// its matched teams. Only for the acting admin's own department, in a task it takes part in.
extension Workflow {
    public func setInspectorCount(task id: TaskID, department: DepartmentCode, count: Int, by principal: Principal) async throws -> TaskInfo {
        try await departmentStep(id, department, by: principal)
        return try await tasks.setInspectorCount(String(id.rawValue), department: department.rawValue, count: count, actor: Self.actor(principal))
    }

    /// Draws the department's inspectors; returns them as drawn.
    public func drawInspectors(task id: TaskID, department: DepartmentCode, by principal: Principal) async throws -> [TaskStore.DrawnInspector] {
        try await departmentStep(id, department, by: principal)
        try await tasks.drawInspectors(String(id.rawValue), department: department.rawValue, actor: Self.actor(principal))
        return try await tasks.drawnInspectors(id.rawValue, department: department.rawValue)
    }

    /// Rejects a drawn inspector with a reason; returns the substitute the protocol drew.
    public func rejectInspector(task id: TaskID, inspector code: String, department: DepartmentCode, reason: String,
                                by principal: Principal) async throws -> TaskStore.DrawnInspector {
        try await departmentStep(id, department, by: principal)
        let normalized = code.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        let replacement = try await tasks.rejectInspector(String(id.rawValue), code: normalized, department: department.rawValue,
                                                          reason: reason, actor: Self.actor(principal))
        guard let drawn = try await tasks.drawnInspectors(id.rawValue, department: department.rawValue).first(where: { $0.code == replacement }) else {
            throw StoreError.notFound(entity: "补抽的执法检查人员", key: replacement)
        }
        return drawn
    }

    /// `team` counts from 1, as the pages and the API show it.
    public func addExpert(task id: TaskID, department: DepartmentCode, team: Int, expert: String,
                          by principal: Principal) async throws -> TaskStore.TaskExpert {
        try await departmentStep(id, department, by: principal)
        return try await tasks.addExpert(String(id.rawValue), department: department.rawValue, teamIndex: team - 1, expertCode: expert,
                                         actor: Self.actor(principal))
    }

    public func removeExpert(task id: TaskID, department: DepartmentCode, team: Int, expert: String, by principal: Principal) async throws {
        try await departmentStep(id, department, by: principal)
        try await tasks.removeExpert(String(id.rawValue), department: department.rawValue, teamIndex: team - 1, expertCode: expert,
                                     actor: Self.actor(principal))
    }

    /// The department rule of every department step, checked before anything is written.
    @discardableResult
    func departmentStep(_ id: TaskID, _ department: DepartmentCode, by principal: Principal) async throws -> TaskInfo {
        let task = try await task(id, for: principal)
        try AccessPolicy.requireDepartmentStep(principal, task: task, department: department.rawValue)
        return task
    }
}
