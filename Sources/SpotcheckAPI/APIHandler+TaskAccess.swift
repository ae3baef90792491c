import Foundation
import OpenAPIRuntime
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// The task of a path, resolved once through the workflow layer, which decides who sees it.
extension APIHandler {
    /// The task `reference` names (id or 文号), if the caller may see it.
    func visibleTask(_ reference: String) async throws -> TaskInfo {
        try await workflow.task(TaskReference(reference), for: try caller())
    }

    /// One dispatch after a step, as the caller may see it.
    func dispatch(_ taskID: Int, uscc: String, department: String?) async throws -> Components.Schemas.Dispatch {
        let (dispatches, _) = try await workflow.dispatches(task: TaskID(taskID), department: department, for: try caller())
        guard let dispatch = dispatches.first(where: { $0.uscc == uscc }) else {
            throw StoreError.notFound(entity: "本任务抽中的企业", key: uscc)
        }
        return .init(dispatch, today: workflow.today)
    }
}
