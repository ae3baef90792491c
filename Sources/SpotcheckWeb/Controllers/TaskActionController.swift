import Foundation
import Hummingbird
import SpotcheckCore
import SpotcheckWorkflow
import SpotcheckStore

/// The state-changing steps of a task, one POST each. The route checks the role, the handler
/// the department, and the store the state; a refused step comes back to the task page with
/// the store's Chinese reason. Irreversible steps ask in the browser first and, for publish,
/// draw and cancel, also require a confirmation field the server checks.
enum TaskActionController {
    static let office = TaskController.office
    static let deptAdmin = RoleGate.departmentStep

    static func register(_ routes: SecuredRoutes, _ env: WebEnvironment) {
        routes.post(SiteURL.task(.key, .publish), office) { request, context in
            try await act(env, request, context, done: "published") { fields, task, principal in
                guard fields.first("confirmed") == "1" else { throw StoreError.invalid("请确认发布：发布后任务内容冻结，不能再修改") }
                _ = try await env.workflow.publish(TaskID(task.id), by: principal)
            }
        }

        routes.post(SiteURL.task(.key, .draw), office) { request, context in
            try await act(env, request, context, done: "drawn") { fields, task, principal in
                guard fields.first("acknowledged") == "1" else {
                    throw StoreError.invalid("请勾选确认：公开随机数已按公示的来源取得，且知悉每个任务只能抽取一次")
                }
                _ = try await env.workflow.draw(TaskID(task.id), entropy: fields.text("entropy"), by: principal)
            }
        }

        routes.post(SiteURL.task(.key, .match), office) { request, context in
            try await act(env, request, context, done: "matched") { _, task, principal in
                _ = try await env.workflow.match(TaskID(task.id), by: principal)
            }
        }

        for (page, path, done): (SiteURL.TaskPage, String, String) in [(.start, "start", "started"), (.complete, "complete", "completed"),
                                                                       (.archive, "archive", "archived")] {
            routes.post(SiteURL.task(.key, page), office) { request, context in
                try await act(env, request, context, done: done) { _, task, principal in
                    switch path {
                    case "start": _ = try await env.workflow.startInspection(TaskID(task.id), by: principal)
                    case "complete": _ = try await env.workflow.complete(TaskID(task.id), by: principal)
                    default: _ = try await env.workflow.archive(TaskID(task.id), by: principal)
                    }
                }
            }
        }

        routes.get(SiteURL.task(.key, .cancel), office) { _, context in
            let (_, task) = try await TaskController.requireTask(env, context)
            return env.views.page("task-cancel", title: "取消任务", context: context, data: [
                "id": task.id, "url": TaskFormat.links(task.id, department: nil), "documentNumber": task.documentNumber, "title": task.title, "state": task.state.label,
                "published": task.state != .draft, "drawn": task.drawnAt != nil,
            ])
        }

        routes.post(SiteURL.task(.key, .cancel), office) { request, context in
            try await act(env, request, context, done: "cancelled") { fields, task, principal in
                guard fields.first("confirmed") == "1" else { throw StoreError.invalid("请确认取消任务") }
                _ = try await env.workflow.cancel(TaskID(task.id), reason: fields.text("reason"), by: principal)
            }
        }

        routes.get(SiteURL.task(.key, .delete), office) { _, context in
            let (_, task) = try await TaskController.requireTask(env, context)
            guard task.state == .draft else { throw HTTPError(.conflict, message: "已发布的任务不能删除，只能取消") }
            return env.views.page("confirm", title: "删除任务草稿", context: context, data: [
                "question": "确定删除任务草稿「\(task.documentNumber) \(task.title)」吗？草稿从未公开，删除后不可恢复。此操作会记入审计日志。",
                "action": SiteURL.task(task.id, .delete).path, "cancel": SiteURL.task(task.id).path,
            ])
        }

        routes.post(SiteURL.task(.key, .delete), office) { _, context in
            let (principal, task) = try await TaskController.requireTask(env, context)
            try await env.workflow.deleteDraft(TaskID(task.id), by: principal)
            return ViewRenderer.redirect(SiteURL.tasks.path)
        }

        // Department steps: the department is in the URL and must be the admin's own.
        routes.post(SiteURL.task(.key, .confirm(department: .key, enterprise: .key)), deptAdmin) { request, context in
            try await act(env, request, context, done: "confirmed") { _, task, principal in
                try await env.workflow.confirm(task: TaskID(task.id), enterprise: USCC(rawValue: try context.parameters.require("uscc")),
                                               department: DepartmentCode(rawValue: try context.parameters.require("code")), by: principal)
            }
        }

        routes.post(SiteURL.task(.key, .reject(department: .key, enterprise: .key)), deptAdmin) { request, context in
            try await act(env, request, context, done: "rejected") { fields, task, principal in
                try await env.workflow.reject(task: TaskID(task.id), enterprise: USCC(rawValue: try context.parameters.require("uscc")),
                                              department: DepartmentCode(rawValue: try context.parameters.require("code")),
                                              reason: fields.text("reason"), by: principal)
            }
        }

        routes.post(SiteURL.task(.key, .confirmAll(department: .key)), deptAdmin) { request, context in
            try await act(env, request, context, done: "confirmed") { _, task, principal in
                try await env.workflow.confirmAll(task: TaskID(task.id), department: DepartmentCode(rawValue: try context.parameters.require("code")),
                                                  by: principal)
            }
        }

        routes.post(SiteURL.task(.key, .experts(department: .key, team: .key)), deptAdmin) { request, context in
            try await act(env, request, context, done: "expert-added") { fields, task, principal in
                _ = try await env.workflow.addExpert(task: TaskID(task.id), department: DepartmentCode(rawValue: try context.parameters.require("code")),
                                                     team: try context.parameters.require("team", as: Int.self),
                                                     expert: fields.text("expert"), by: principal)
            }
        }

        routes.post(SiteURL.task(.key, .removeExpert(department: .key, team: .key, expert: .key)), deptAdmin) { request, context in
            try await act(env, request, context, done: "expert-removed") { _, task, principal in
                try await env.workflow.removeExpert(task: TaskID(task.id), department: DepartmentCode(rawValue: try context.parameters.require("code")),
                                                    team: try context.parameters.require("team", as: Int.self),
                                                    expert: try context.parameters.require("expert"), by: principal)
            }
        }

        routes.post(SiteURL.task(.key, .inspectorCount(department: .key)), deptAdmin) { request, context in
            try await act(env, request, context, done: "inspector-count") { fields, task, principal in
                guard let count = Int(fields.text("count").trimmingCharacters(in: .whitespaces)) else {
                    throw StoreError.invalid("抽取人数须为正整数")
                }
                _ = try await env.workflow.setInspectorCount(task: TaskID(task.id), department: DepartmentCode(rawValue: try context.parameters.require("code")),
                                                             count: count, by: principal)
            }
        }

        routes.post(SiteURL.task(.key, .drawInspectors(department: .key)), deptAdmin) { request, context in
            try await act(env, request, context, done: "inspectors") { _, task, principal in
                _ = try await env.workflow.drawInspectors(task: TaskID(task.id), department: DepartmentCode(rawValue: try context.parameters.require("code")),
                                                          by: principal)
            }
        }

        routes.post(SiteURL.task(.key, .rejectInspector(department: .key, inspector: .key)), deptAdmin) { request, context in
            try await act(env, request, context, done: "inspector-rejected") { fields, task, principal in
                _ = try await env.workflow.rejectInspector(task: TaskID(task.id), inspector: try context.parameters.require("inspector"),
                                                           department: DepartmentCode(rawValue: try context.parameters.require("code")),
                                                           reason: fields.text("reason"), by: principal)
            }
        }
    }

    typealias UseCase = @Sendable (FormFields, TaskInfo, Principal) async throws -> Void

    /// Runs one use case of the workflow layer (which checks the role, the department, the task
    /// and its state) for the task of the URL and redirects to its page; a refusal (wrong state,
    /// missing reason, nothing left to draw) renders the page again with the reason. Access
    /// refusals are not rendered there: they are 403s.
    static func act(_ env: WebEnvironment, _ request: Request, _ context: SignedInContext, done: String,
                    _ useCase: @escaping UseCase) async throws -> Response {
        let (principal, task) = try await TaskController.requireTask(env, context)
        let fields = try await FormFields.read(request, context: context)
        do {
            try await useCase(fields, task, principal)
        } catch let error as StoreError where !error.isNotFound && !error.isForbidden {
            return try await refused(env, context, principal, task.id, error.description)
        } catch let error as TaskTransitionError {
            return try await refused(env, context, principal, task.id, error.description)
        } catch let error as TaskPlanInvalid {
            return try await refused(env, context, principal, task.id, error.description)
        } catch let error as DrawError {
            return try await refused(env, context, principal, task.id, "抽取失败：\(error)")
        }
        return ViewRenderer.redirect(SiteURL.task(task.id).path + "?done=\(done)")
    }

    static func refused(_ env: WebEnvironment, _ context: SignedInContext, _ principal: Principal, _ id: Int, _ message: String)
        async throws -> Response
    {
        let task = try await env.workflow.task(TaskID(id), for: principal)
        return try await TaskController.detailPage(env, context: context, principal: principal, task: task, error: message)
    }
}

extension StoreError {
    /// A department acting outside its task gets 403, not the task page with a message.
    fileprivate var isForbidden: Bool {
        if case .forbidden = self { return true }
        return false
    }
}
