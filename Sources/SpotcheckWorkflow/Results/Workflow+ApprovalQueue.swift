import SpotcheckCore
import SpotcheckStore

/// 待审核: what a department's admin must approve (审核公示), on the dashboard with a link to each.
public struct AwaitingApproval: Sendable {
    public let result: InspectionResult
    public let documentNumber: String
    public let enterpriseName: String
}

extension Workflow {
    /// The submitted results of the admin's own department waiting for approval, oldest first,
    /// with their tasks' 文号 and the enterprises' names (read once for the whole list). Empty for
    /// every other role: only a department's admin approves.
    public func awaitingApproval(for principal: Principal) async throws -> [AwaitingApproval] {
        guard principal.role == .deptAdmin else { return [] }
        let waiting = try await results.awaitingApproval(department: principal.departmentCode)
        let numbers = try await tasks.documentNumbers(ids: waiting.map(\.taskID))
        let names = try await EnterpriseDirectory(db: db).names(of: waiting.map(\.uscc))
        return waiting.map {
            AwaitingApproval(result: $0, documentNumber: numbers[$0.taskID] ?? "#\($0.taskID)", enterpriseName: names[$0.uscc] ?? $0.uscc)
        }
    }
}
