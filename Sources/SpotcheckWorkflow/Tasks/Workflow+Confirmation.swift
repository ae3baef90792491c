import SpotcheckCore
import SpotcheckStore

/// Product step 5: each department confirms or rejects the enterprises dispatched to it.
extension Workflow {
    /// The department confirms it will inspect `enterprise`.
    public func confirm(task id: TaskID, enterprise: USCC, department: DepartmentCode, by principal: Principal) async throws {
        let task = try await task(id, for: principal)
        try AccessPolicy.requireDepartmentStep(principal, task: task, department: department.rawValue)
        try await tasks.confirm(String(id.rawValue), uscc: enterprise.rawValue, department: department.rawValue,
                                actor: Self.actor(principal), now: clock.now())
    }

    /// The department confirms every enterprise still pending for it, in one transaction with one
    /// audit event: all of them or, on any failure, none. Returns how many were confirmed.
    @discardableResult
    public func confirmAll(task id: TaskID, department: DepartmentCode, by principal: Principal) async throws -> Int {
        let task = try await task(id, for: principal)
        try AccessPolicy.requireDepartmentStep(principal, task: task, department: department.rawValue)
        return try await tasks.confirmAll(String(id.rawValue), department: department.rawValue, actor: Self.actor(principal), now: clock.now())
    }

    /// The department rejects `enterprise` with a reason; returns the replacement the protocol drew,
    /// as dispatched (to whichever departments its frozen row names).
    @discardableResult
    public func reject(task id: TaskID, enterprise: USCC, department: DepartmentCode, reason: String,
                       by principal: Principal) async throws -> TaskStore.Dispatch {
        let task = try await task(id, for: principal)
        try AccessPolicy.requireDepartmentStep(principal, task: task, department: department.rawValue)
        let replacement = try await tasks.reject(String(id.rawValue), uscc: enterprise.rawValue, department: department.rawValue,
                                                 reason: reason, actor: Self.actor(principal), today: today)
        guard let dispatch = try await tasks.dispatches(id.rawValue).first(where: { $0.uscc == replacement }) else {
            throw StoreError.notFound(entity: "补抽的企业", key: replacement)
        }
        return dispatch
    }
}
