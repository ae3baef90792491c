import Foundation
import OpenAPIRuntime
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// 联合抽查任务 (product steps 2–8) over `TaskStore`, with the rules of the task pages
/// (`TaskController`, `TaskActionController`, `TaskFormAccess` in SpotcheckWeb, mirrored here
/// because the API target does not import the web layer):
///
/// - the office admin plans, publishes, draws, matches, cancels and moves the task on;
/// - a department admin confirms or rejects its dispatches, draws its inspectors and rejects
///   one who cannot serve — only for its own department, and only in a task it takes part in;
/// - the office and the auditor read every task; a department's users read the published tasks
///   their department takes part in, and only their department's dispatches and inspectors;
/// - forms and group reports follow `TaskFormAccess`.
///
/// The store checks the state of each step (`TaskTransitionError` → 409) and its content
/// (`StoreError.invalid` → 422, `TaskPlanInvalid` → 422 with every problem).
extension APIHandler {
    // MARK: Planning

    func listTasks(_ input: Operations.ListTasks.Input) async throws -> Operations.ListTasks.Output {
        try await respond {
            let (page, perPage) = try Self.paging(page: input.query.page, perPage: input.query.perPage)
            let filter = input.query.state.flatMap { TaskState(rawValue: $0.rawValue) }
            let (found, total) = try await workflow.tasks(state: filter, page: page, perPage: perPage, for: try caller())
            return .ok(.init(body: .json(.init(items: found.map(Components.Schemas.Task.init), total: total, page: page, perPage: perPage))))
        }
    }

    func createTask(_ input: Operations.CreateTask.Input) async throws -> Operations.CreateTask.Output {
        try await respond {
            guard case let .json(body) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let origin: TaskOrigin
            switch (body.planEntryId, body.offPlanReason) {
            case (let id?, nil): origin = .planEntry(id)
            case (nil, let reason?): origin = .offPlan(reason: reason)
            default: throw InputInvalid(field: "plan_entry_id", "请给出依据的年度抽查计划条目（plan_entry_id）或计划外理由（off_plan_reason），二者选一")
            }
            let task = try await workflow.createTask(try Self.plan(body), origin: origin, by: try caller())
            return .created(.init(body: .json(.init(task))))
        }
    }

    func getTask(_ input: Operations.GetTask.Input) async throws -> Operations.GetTask.Output {
        try await respond {
            .ok(.init(body: .json(.init(try await visibleTask(input.path.task)))))
        }
    }

    func replaceTask(_ input: Operations.ReplaceTask.Input) async throws -> Operations.ReplaceTask.Output {
        try await respond {
            guard case let .json(body) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let task = try await visibleTask(input.path.task)
            let stored = try await workflow.updateTask(TaskID(task.id), plan: try Self.plan(body), by: try caller())
            return .ok(.init(body: .json(.init(stored))))
        }
    }

    func deleteTask(_ input: Operations.DeleteTask.Input) async throws -> Operations.DeleteTask.Output {
        try await respond {
            let task = try await visibleTask(input.path.task)
            try await workflow.deleteDraft(TaskID(task.id), by: try caller())
            return .noContent(.init())
        }
    }

    // MARK: Office steps

    func publishTask(_ input: Operations.PublishTask.Input) async throws -> Operations.PublishTask.Output {
        try await respond {
            .ok(.init(body: .json(try await taskStep(input.path.task) { id, principal in try await workflow.publish(id, by: principal) })))
        }
    }

    func drawTask(_ input: Operations.DrawTask.Input) async throws -> Operations.DrawTask.Output {
        try await respond {
            guard case let .json(body) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            return .ok(.init(body: .json(try await taskStep(input.path.task) { id, principal in
                try await workflow.draw(id, entropy: body.entropy, by: principal)
            })))
        }
    }

    func matchTask(_ input: Operations.MatchTask.Input) async throws -> Operations.MatchTask.Output {
        try await respond {
            .ok(.init(body: .json(try await taskStep(input.path.task) { id, principal in try await workflow.match(id, by: principal) })))
        }
    }

    func cancelTask(_ input: Operations.CancelTask.Input) async throws -> Operations.CancelTask.Output {
        try await respond {
            guard case let .json(body) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            return .ok(.init(body: .json(try await taskStep(input.path.task) { id, principal in
                try await workflow.cancel(id, reason: body.reason, by: principal)
            })))
        }
    }

    func startTask(_ input: Operations.StartTask.Input) async throws -> Operations.StartTask.Output {
        try await respond {
            .ok(.init(body: .json(try await taskStep(input.path.task) { id, principal in try await workflow.startInspection(id, by: principal) })))
        }
    }

    func completeTask(_ input: Operations.CompleteTask.Input) async throws -> Operations.CompleteTask.Output {
        try await respond {
            .ok(.init(body: .json(try await taskStep(input.path.task) { id, principal in try await workflow.complete(id, by: principal) })))
        }
    }

    func archiveTask(_ input: Operations.ArchiveTask.Input) async throws -> Operations.ArchiveTask.Output {
        try await respond {
            .ok(.init(body: .json(try await taskStep(input.path.task) { id, principal in try await workflow.archive(id, by: principal) })))
        }
    }

    /// A step of the office on the task the path names: the reference is resolved once, the use
    /// case does the rest; the answer is the task after it.
    private func taskStep(_ reference: String,
                          _ step: (TaskID, Principal) async throws -> TaskInfo) async throws -> Components.Schemas.Task {
        let task = try await visibleTask(reference)
        return .init(try await step(TaskID(task.id), try caller()))
    }

    // MARK: Confirmation

    func listTaskDispatches(_ input: Operations.ListTaskDispatches.Input) async throws -> Operations.ListTaskDispatches.Output {
        try await respond {
            let task = try await visibleTask(input.path.task)
            let today = workflow.today
            let (dispatches, pending) = try await workflow.dispatches(task: TaskID(task.id), department: input.query.department, for: try caller())
            let pendingList = pending
                .sorted { $0.key.utf8Precedes($1.key) }
                .map { Components.Schemas.DispatchList.PendingPayloadPayload(departmentCode: $0.key, count: $0.value) }
            return .ok(.init(body: .json(.init(
                items: dispatches.map { Components.Schemas.Dispatch($0, today: today) }, pending: pendingList))))
        }
    }

    func confirmTaskDispatch(_ input: Operations.ConfirmTaskDispatch.Input) async throws -> Operations.ConfirmTaskDispatch.Output {
        try await respond {
            guard case let .json(body) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let department = input.path.code
            let task = try await workflow.task(TaskReference(input.path.task), for: try caller())
            let uscc = USCC.normalized(body.uscc)
            try await workflow.confirm(task: TaskID(task.id), enterprise: USCC(rawValue: uscc), department: DepartmentCode(rawValue: department),
                                       by: try caller())
            let dispatch = try await dispatch(task.id, uscc: uscc, department: department)
            return .ok(.init(body: .json(dispatch)))
        }
    }

    func rejectTaskDispatch(_ input: Operations.RejectTaskDispatch.Input) async throws -> Operations.RejectTaskDispatch.Output {
        try await respond {
            guard case let .json(body) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let department = input.path.code
            let task = try await workflow.task(TaskReference(input.path.task), for: try caller())
            let uscc = USCC.normalized(body.uscc)
            let replacement = try await workflow.reject(task: TaskID(task.id), enterprise: USCC(rawValue: uscc),
                                                        department: DepartmentCode(rawValue: department), reason: body.reason, by: try caller())
            return .created(.init(body: .json(.init(
                uscc: uscc, departmentCode: department, reason: body.reason.trimmingCharacters(in: .whitespacesAndNewlines),
                replacement: .init(replacement, today: workflow.today)))))
        }
    }

    // MARK: Inspector count and draw

    func setTaskInspectorCount(_ input: Operations.SetTaskInspectorCount.Input) async throws -> Operations.SetTaskInspectorCount.Output {
        try await respond {
            guard case let .json(body) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let task = try await visibleTask(input.path.task)
            let updated = try await workflow.setInspectorCount(task: TaskID(task.id), department: DepartmentCode(rawValue: input.path.code),
                                                               count: body.count, by: try caller())
            return .ok(.init(body: .json(.init(updated))))
        }
    }

    func drawTaskInspectors(_ input: Operations.DrawTaskInspectors.Input) async throws -> Operations.DrawTaskInspectors.Output {
        try await respond {
            let task = try await visibleTask(input.path.task)
            let drawn = try await workflow.drawInspectors(task: TaskID(task.id), department: DepartmentCode(rawValue: input.path.code), by: try caller())
            return .created(.init(body: .json(.init(items: drawn.map(Components.Schemas.DrawnInspector.init)))))
        }
    }

    func rejectTaskInspector(_ input: Operations.RejectTaskInspector.Input) async throws -> Operations.RejectTaskInspector.Output {
        try await respond {
            guard case let .json(body) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let department = input.path.code
            let task = try await visibleTask(input.path.task)
            let code = body.code.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
            let drawn = try await workflow.rejectInspector(task: TaskID(task.id), inspector: code, department: DepartmentCode(rawValue: department),
                                                           reason: body.reason, by: try caller())
            return .created(.init(body: .json(.init(
                code: code, departmentCode: department, reason: body.reason.trimmingCharacters(in: .whitespacesAndNewlines),
                replacement: .init(drawn)))))
        }
    }

    func listTaskInspectors(_ input: Operations.ListTaskInspectors.Input) async throws -> Operations.ListTaskInspectors.Output {
        try await respond {
            let task = try await visibleTask(input.path.task)
            let drawn = try await workflow.drawnInspectors(task: TaskID(task.id), department: input.query.department, for: try caller())
            return .ok(.init(body: .json(.init(items: drawn.map(Components.Schemas.DrawnInspector.init)))))
        }
    }

    // MARK: Experts on matched teams

    func addTaskExpert(_ input: Operations.AddTaskExpert.Input) async throws -> Operations.AddTaskExpert.Output {
        try await respond {
            guard case let .json(body) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let task = try await visibleTask(input.path.task)
            let expert = try await workflow.addExpert(task: TaskID(task.id), department: DepartmentCode(rawValue: input.path.code),
                                                      team: input.path.team, expert: body.expert, by: try caller())
            return .created(.init(body: .json(.init(departmentCode: expert.department, team: expert.teamIndex + 1, code: expert.code,
                                                    name: expert.name, mobile: expert.mobile))))
        }
    }

    func removeTaskExpert(_ input: Operations.RemoveTaskExpert.Input) async throws -> Operations.RemoveTaskExpert.Output {
        try await respond {
            let task = try await visibleTask(input.path.task)
            try await workflow.removeExpert(task: TaskID(task.id), department: DepartmentCode(rawValue: input.path.code),
                                            team: input.path.team, expert: input.path.expert, by: try caller())
            return .noContent(.init())
        }
    }

    // MARK: Record and frozen lists

    func getTaskRecord(_ input: Operations.GetTaskRecord.Input) async throws -> Operations.GetTaskRecord.Output {
        try await respond {
            let task = try await visibleTask(input.path.task)
            // The record the public notice shows: the secret stays hidden until matching.
            guard let record = try await workflow.drawRecord(task: TaskID(task.id), for: try caller()).record else {
                throw APIError.notFound("任务「\(task.documentNumber)」尚未抽取，没有抽取记录")
            }
            return .ok(.init(body: .json(.init(record))))
        }
    }

    func getTaskCandidates(_ input: Operations.GetTaskCandidates.Input) async throws -> Operations.GetTaskCandidates.Output {
        try await respond {
            let task = try await visibleTask(input.path.task)
            guard let kind = TaskSnapshotKind(rawValue: input.path.kind.rawValue),
                  let text = try await workflow.frozenList(task: TaskID(task.id), kind, for: try caller()) else {
                throw APIError.notFound("任务「\(task.documentNumber)」尚未发布，没有冻结名单")
            }
            return .ok(.init(body: .csv(HTTPBody(text))))
        }
    }

    // MARK: Forms and group reports

    func getTaskForm(_ input: Operations.GetTaskForm.Input) async throws -> Operations.GetTaskForm.Output {
        try await respond {
            let id = try await workflow.taskID(TaskReference(input.path.task))
            let form = try await workflow.form(task: id, enterprise: USCC(rawValue: USCC.normalized(input.path.uscc)), for: try caller())
            return .ok(.init(body: .json(.init(form))))
        }
    }

    func getTaskGroupReport(_ input: Operations.GetTaskGroupReport.Input) async throws -> Operations.GetTaskGroupReport.Output {
        try await respond {
            let id = try await workflow.taskID(TaskReference(input.path.task))
            let report = try await workflow.groupReport(task: id, department: DepartmentCode(rawValue: input.path.code), for: try caller())
            return .ok(.init(body: .json(.init(report))))
        }
    }
}
