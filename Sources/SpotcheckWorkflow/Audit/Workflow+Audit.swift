import SpotcheckCore
import SpotcheckStore

/// 审计日志: the office and the auditor read the hash-chained log, newest first, and check the chain.
extension Workflow {
    /// One page of events, newest first, optionally of one entity kind (`task`, `user`, `calendar`, …).
    public func auditEvents(entity: String?, page: Int, perPage: Int, for principal: Principal) async throws -> (events: [AuditEventModel], total: Int) {
        try RoleGate.oversight.check(principal)
        let entity = entity?.trimmingCharacters(in: .whitespaces)
        return try await AuditLog.recent(on: db, entity: entity?.isEmpty == false ? entity : nil, page: page, perPage: perPage)
    }

    /// Walks the whole chain and stops at the first broken link; `progress` hears how many
    /// events have been checked (a province's log is millions long).
    public func verifyAuditChain(for principal: Principal, progress: (@Sendable (Int) -> Void)? = nil) async throws -> AuditLog.VerifyReport {
        try RoleGate.oversight.check(principal)
        return try await AuditLog.verify(on: db, progress: progress)
    }
}
