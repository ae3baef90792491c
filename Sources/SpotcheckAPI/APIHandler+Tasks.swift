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
    var tasks: TaskStore { TaskStore(db: db) }

    // MARK: Planning

    func listTasks(_ input: Operations.ListTasks.Input) async throws -> Operations.ListTasks.Output {
        try await respond {
            let principal = try caller()
            let (page, perPage) = try Self.paging(page: input.query.page, perPage: input.query.perPage)
            let filter = input.query.state.flatMap { TaskState(rawValue: $0.rawValue) }
            let states = TaskInfo.listedStates(for: principal.role, filter: filter)
            let department = principal.role.seesAllDepartments ? nil : principal.departmentCode
            let (found, total) = try await tasks.list(states: states, department: department, page: page, perPage: perPage)
            return .ok(.init(body: .json(.init(items: found.map(Components.Schemas.Task.init), total: total, page: page, perPage: perPage))))
        }
    }

    func createTask(_ input: Operations.CreateTask.Input) async throws -> Operations.CreateTask.Output {
        try await respond {
            let principal = try caller()
            guard case let .json(body) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let task = try await tasks.create(try Self.plan(body), actor: actor(principal))
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
            let principal = try caller()
            guard case let .json(body) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let task = try await visibleTask(input.path.task)
            let plan = try Self.plan(body)
            let stored = try await tasks.update(String(task.id), plan: plan, actor: actor(principal))
            return .ok(.init(body: .json(.init(stored))))
        }
    }

    func deleteTask(_ input: Operations.DeleteTask.Input) async throws -> Operations.DeleteTask.Output {
        try await respond {
            let principal = try caller()
            let task = try await visibleTask(input.path.task)
            try await tasks.deleteDraft(String(task.id), actor: actor(principal))
            return .noContent(.init())
        }
    }

    // MARK: Office steps

    func publishTask(_ input: Operations.PublishTask.Input) async throws -> Operations.PublishTask.Output {
        try await respond {
            .ok(.init(body: .json(try await taskStep(input.path.task) { store, id, actor in try await store.publish(id, actor: actor) })))
        }
    }

    func drawTask(_ input: Operations.DrawTask.Input) async throws -> Operations.DrawTask.Output {
        try await respond {
            guard case let .json(body) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            return .ok(.init(body: .json(try await taskStep(input.path.task) { store, id, actor in
                try await store.draw(id, entropy: body.entropy, actor: actor, today: Self.today())
            })))
        }
    }

    func matchTask(_ input: Operations.MatchTask.Input) async throws -> Operations.MatchTask.Output {
        try await respond {
            .ok(.init(body: .json(try await taskStep(input.path.task) { store, id, actor in try await store.match(id, actor: actor) })))
        }
    }

    func cancelTask(_ input: Operations.CancelTask.Input) async throws -> Operations.CancelTask.Output {
        try await respond {
            guard case let .json(body) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            return .ok(.init(body: .json(try await taskStep(input.path.task) { store, id, actor in
                try await store.cancel(id, reason: body.reason, actor: actor)
            })))
        }
    }

    func startTask(_ input: Operations.StartTask.Input) async throws -> Operations.StartTask.Output {
        try await respond {
            .ok(.init(body: .json(try await taskStep(input.path.task) { store, id, actor in try await store.startInspection(id, actor: actor) })))
        }
    }

    func completeTask(_ input: Operations.CompleteTask.Input) async throws -> Operations.CompleteTask.Output {
        try await respond {
            .ok(.init(body: .json(try await taskStep(input.path.task) { store, id, actor in try await store.complete(id, actor: actor) })))
        }
    }

    func archiveTask(_ input: Operations.ArchiveTask.Input) async throws -> Operations.ArchiveTask.Output {
        try await respond {
            .ok(.init(body: .json(try await taskStep(input.path.task) { store, id, actor in try await store.archive(id, actor: actor) })))
        }
    }

    /// A step of the office on a task the caller may see (the operation's role rule has already
    /// run): `step` gets the store, the task's id and the caller as actor; the answer is the task after it.
    private func taskStep(_ reference: String,
                          _ step: (TaskStore, String, AuditLog.Actor) async throws -> TaskInfo) async throws -> Components.Schemas.Task {
        let principal = try caller()
        let task = try await visibleTask(reference)
        return .init(try await step(tasks, String(task.id), actor(principal)))
    }

    // MARK: Confirmation

    func listTaskDispatches(_ input: Operations.ListTaskDispatches.Input) async throws -> Operations.ListTaskDispatches.Output {
        try await respond {
            let principal = try caller()
            let department = try Self.departmentFilter(principal, input.query.department)
            let task = try await visibleTask(input.path.task)
            let today = Self.today()
            let dispatches = try await tasks.dispatches(task.id, department: department)
            let pending = try await tasks.pendingConfirmations(task.id)
                .filter { department == nil || $0.key == department }
                .sorted { $0.key.utf8Precedes($1.key) }
                .map { Components.Schemas.DispatchList.PendingPayloadPayload(departmentCode: $0.key, count: $0.value) }
            return .ok(.init(body: .json(.init(
                items: dispatches.map { Components.Schemas.Dispatch($0, today: today) }, pending: pending))))
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
                replacement: try await dispatch(task.id, uscc: replacement.rawValue, department: nil)))))
        }
    }

    // MARK: Inspector count and draw

    func setTaskInspectorCount(_ input: Operations.SetTaskInspectorCount.Input) async throws -> Operations.SetTaskInspectorCount.Output {
        try await respond {
            guard case let .json(body) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let department = input.path.code
            let (task, by) = try await departmentStep(input.path.task, department: department)
            let updated = try await tasks.setInspectorCount(String(task.id), department: department, count: body.count, actor: by)
            return .ok(.init(body: .json(.init(updated))))
        }
    }

    func drawTaskInspectors(_ input: Operations.DrawTaskInspectors.Input) async throws -> Operations.DrawTaskInspectors.Output {
        try await respond {
            let department = input.path.code
            let (task, by) = try await departmentStep(input.path.task, department: department)
            try await tasks.drawInspectors(String(task.id), department: department, actor: by)
            let drawn = try await tasks.drawnInspectors(task.id, department: department)
            return .created(.init(body: .json(.init(items: drawn.map(Components.Schemas.DrawnInspector.init)))))
        }
    }

    func rejectTaskInspector(_ input: Operations.RejectTaskInspector.Input) async throws -> Operations.RejectTaskInspector.Output {
        try await respond {
            guard case let .json(body) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let department = input.path.code
            let (task, by) = try await departmentStep(input.path.task, department: department)
            let code = body.code.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
            let replacement = try await tasks.rejectInspector(String(task.id), code: code, department: department, reason: body.reason,
                                                              actor: by)
            guard let drawn = try await tasks.drawnInspectors(task.id, department: department).first(where: { $0.code == replacement }) else {
                throw StoreError.notFound(entity: "补抽的执法检查人员", key: replacement)
            }
            return .created(.init(body: .json(.init(
                code: code, departmentCode: department, reason: body.reason.trimmingCharacters(in: .whitespacesAndNewlines),
                replacement: .init(drawn)))))
        }
    }

    func listTaskInspectors(_ input: Operations.ListTaskInspectors.Input) async throws -> Operations.ListTaskInspectors.Output {
        try await respond {
            let principal = try caller()
            let department = try Self.departmentFilter(principal, input.query.department)
            let task = try await visibleTask(input.path.task)
            let drawn = try await tasks.drawnInspectors(task.id, department: department)
            return .ok(.init(body: .json(.init(items: drawn.map(Components.Schemas.DrawnInspector.init)))))
        }
    }

    // MARK: Experts on matched teams

    func addTaskExpert(_ input: Operations.AddTaskExpert.Input) async throws -> Operations.AddTaskExpert.Output {
        try await respond {
            guard case let .json(body) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let department = input.path.code
            let (task, by) = try await departmentStep(input.path.task, department: department)
            let expert = try await tasks.addExpert(String(task.id), department: department, teamIndex: input.path.team - 1,
                                                   expertCode: body.expert, actor: by)
            return .created(.init(body: .json(.init(departmentCode: expert.department, team: expert.teamIndex + 1, code: expert.code,
                                                    name: expert.name, mobile: expert.mobile))))
        }
    }

    func removeTaskExpert(_ input: Operations.RemoveTaskExpert.Input) async throws -> Operations.RemoveTaskExpert.Output {
        try await respond {
            let department = input.path.code
            let (task, by) = try await departmentStep(input.path.task, department: department)
            try await tasks.removeExpert(String(task.id), department: department, teamIndex: input.path.team - 1,
                                         expertCode: input.path.expert, actor: by)
            return .noContent(.init())
        }
    }

    // MARK: Record and frozen lists

    func getTaskRecord(_ input: Operations.GetTaskRecord.Input) async throws -> Operations.GetTaskRecord.Output {
        try await respond {
            let task = try await visibleTask(input.path.task)
            // The record the public notice shows: the secret stays hidden until matching.
            guard task.drawnAt != nil, let record = try task.publicRecord else {
                throw APIError.notFound("任务「\(task.documentNumber)」尚未抽取，没有抽取记录")
            }
            return .ok(.init(body: .json(.init(record))))
        }
    }

    func getTaskCandidates(_ input: Operations.GetTaskCandidates.Input) async throws -> Operations.GetTaskCandidates.Output {
        try await respond {
            let task = try await visibleTask(input.path.task)
            guard task.state.isFrozen, task.freeze != nil, let kind = TaskSnapshotKind(rawValue: input.path.kind.rawValue) else {
                throw APIError.notFound("任务「\(task.documentNumber)」尚未发布，没有冻结名单")
            }
            let text = try await tasks.snapshot(task.id, kind)
            return .ok(.init(body: .csv(HTTPBody(text))))
        }
    }

    // MARK: Forms and group reports

    func getTaskForm(_ input: Operations.GetTaskForm.Input) async throws -> Operations.GetTaskForm.Output {
        try await respond {
            let principal = try caller()
            let task = try await tasks.require(input.path.task)
            try Self.requireParticipant(principal, task)
            try Self.requireMatched(task)
            let uscc = USCC.normalized(input.path.uscc)
            // Access is decided before the form is built, so a refused caller learns nothing about it.
            if principal.role == .inspector {
                let code = try await UserModel.find(principal.userID, on: db)?.inspectorCode?.trimmingCharacters(in: .whitespaces) ?? ""
                guard !code.isEmpty, try await tasks.isAssigned(inspector: code, taskID: task.id, uscc: uscc) else {
                    throw APIError.forbidden("您不在该企业的检查组中")
                }
            }
            let form = try await tasks.form(taskID: task.id, uscc: uscc)
            if principal.role == .deptAdmin && !Self.seesWholeTask(principal, task)
                && !form.departments.contains(where: { $0.department == principal.departmentCode && $0.teamIndex != nil }) {
                throw APIError.forbidden("本部门未参与该企业的检查")
            }
            return .ok(.init(body: .json(.init(form))))
        }
    }

    func getTaskGroupReport(_ input: Operations.GetTaskGroupReport.Input) async throws -> Operations.GetTaskGroupReport.Output {
        try await respond {
            let principal = try caller()
            let department = input.path.code
            let task = try await tasks.require(input.path.task)
            if !Self.seesWholeTask(principal, task) {
                guard principal.role == .deptAdmin, principal.departmentCode == department else {
                    throw APIError.forbidden("只能查看本部门的分组情况（办公室和牵头部门可查看各部门）")
                }
            }
            try Self.requireMatched(task)
            return .ok(.init(body: .json(.init(try await tasks.groupReport(taskID: task.id, department: department)))))
        }
    }
}
