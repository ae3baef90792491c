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
        routes.post("/tasks/{id}/publish", office) { request, context in
            try await act(env, request, context, done: "published") { fields, task, actor, store in
                guard fields.first("confirmed") == "1" else { throw StoreError.invalid("请确认发布：发布后任务内容冻结，不能再修改") }
                try await store.publish(String(task.id), actor: actor)
            }
        }

        routes.post("/tasks/{id}/draw", office) { request, context in
            try await act(env, request, context, done: "drawn") { fields, task, actor, store in
                guard fields.first("acknowledged") == "1" else {
                    throw StoreError.invalid("请勾选确认：公开随机数已按公示的来源取得，且知悉每个任务只能抽取一次")
                }
                try await store.draw(String(task.id), entropy: fields.text("entropy"), actor: actor)
            }
        }

        routes.post("/tasks/{id}/match", office) { request, context in
            try await act(env, request, context, done: "matched") { _, task, actor, store in
                try await store.match(String(task.id), actor: actor)
            }
        }

        for (path, done) in [("start", "started"), ("complete", "completed"), ("archive", "archived")] {
            routes.post("/tasks/{id}/\(path)", office) { request, context in
                try await act(env, request, context, done: done) { _, task, actor, store in
                    switch path {
                    case "start": _ = try await store.startInspection(String(task.id), actor: actor)
                    case "complete": _ = try await store.complete(String(task.id), actor: actor)
                    default: _ = try await store.archive(String(task.id), actor: actor)
                    }
                }
            }
        }

        routes.get("/tasks/{id}/cancel", office) { _, context in
            let (_, task) = try await TaskController.requireTask(env, context)
            return env.views.page("task-cancel", title: "取消任务", context: context, data: [
                "id": task.id, "documentNumber": task.documentNumber, "title": task.title, "state": task.state.label,
                "published": task.state != .draft, "drawn": task.drawnAt != nil,
            ])
        }

        routes.post("/tasks/{id}/cancel", office) { request, context in
            try await act(env, request, context, done: "cancelled") { fields, task, actor, store in
                guard fields.first("confirmed") == "1" else { throw StoreError.invalid("请确认取消任务") }
                _ = try await store.cancel(String(task.id), reason: fields.text("reason"), actor: actor)
            }
        }

        routes.get("/tasks/{id}/delete", office) { _, context in
            let (_, task) = try await TaskController.requireTask(env, context)
            guard task.state == .draft else { throw HTTPError(.conflict, message: "已发布的任务不能删除，只能取消") }
            return env.views.page("confirm", title: "删除任务草稿", context: context, data: [
                "question": "确定删除任务草稿「\(task.documentNumber) \(task.title)」吗？草稿从未公开，删除后不可恢复。此操作会记入审计日志。",
                "action": "/tasks/\(task.id)/delete", "cancel": "/tasks/\(task.id)",
            ])
        }

        routes.post("/tasks/{id}/delete", office) { _, context in
            let (principal, task) = try await TaskController.requireTask(env, context)
            do {
                try await TaskStore(db: env.db).deleteDraft(String(task.id), actor: .init(principal.username))
            } catch let error as TaskTransitionError {
                throw HTTPError(.conflict, message: error.description)
            }
            return ViewRenderer.redirect("/tasks")
        }

        // Department steps: the department is in the URL and must be the admin's own.
        routes.post("/tasks/{id}/departments/{code}/dispatches/{uscc}/confirm", deptAdmin) { request, context in
            try await act(env, request, context, done: "confirmed") { _, task, principal in
                try await env.workflow.confirm(task: TaskID(task.id), enterprise: USCC(rawValue: try context.parameters.require("uscc")),
                                               department: DepartmentCode(rawValue: try context.parameters.require("code")), by: principal)
            }
        }

        routes.post("/tasks/{id}/departments/{code}/dispatches/{uscc}/reject", deptAdmin) { request, context in
            try await act(env, request, context, done: "rejected") { fields, task, principal in
                try await env.workflow.reject(task: TaskID(task.id), enterprise: USCC(rawValue: try context.parameters.require("uscc")),
                                              department: DepartmentCode(rawValue: try context.parameters.require("code")),
                                              reason: fields.text("reason"), by: principal)
            }
        }

        routes.post("/tasks/{id}/departments/{code}/confirm-all", deptAdmin) { request, context in
            try await act(env, request, context, done: "confirmed") { _, task, principal in
                try await env.workflow.confirmAll(task: TaskID(task.id), department: DepartmentCode(rawValue: try context.parameters.require("code")),
                                                  by: principal)
            }
        }

        routes.post("/tasks/{id}/departments/{code}/teams/{team}/experts", deptAdmin) { request, context in
            try await act(env, request, context, done: "expert-added", department: true) { fields, task, actor, store in
                try await store.addExpert(String(task.id), department: try context.parameters.require("code"),
                                          teamIndex: try context.parameters.require("team", as: Int.self) - 1,
                                          expertCode: fields.text("expert"), actor: actor)
            }
        }

        routes.post("/tasks/{id}/departments/{code}/teams/{team}/experts/{expert}/remove", deptAdmin) { request, context in
            try await act(env, request, context, done: "expert-removed", department: true) { _, task, actor, store in
                try await store.removeExpert(String(task.id), department: try context.parameters.require("code"),
                                             teamIndex: try context.parameters.require("team", as: Int.self) - 1,
                                             expertCode: try context.parameters.require("expert"), actor: actor)
            }
        }

        routes.post("/tasks/{id}/departments/{code}/inspector-count", deptAdmin) { request, context in
            try await act(env, request, context, done: "inspector-count", department: true) { fields, task, actor, store in
                guard let count = Int(fields.text("count").trimmingCharacters(in: .whitespaces)) else {
                    throw StoreError.invalid("抽取人数须为正整数")
                }
                try await store.setInspectorCount(String(task.id), department: try context.parameters.require("code"), count: count, actor: actor)
            }
        }

        routes.post("/tasks/{id}/departments/{code}/draw-inspectors", deptAdmin) { request, context in
            try await act(env, request, context, done: "inspectors", department: true) { _, task, actor, store in
                try await store.drawInspectors(String(task.id), department: try context.parameters.require("code"), actor: actor)
            }
        }

        routes.post("/tasks/{id}/departments/{code}/inspectors/{inspector}/reject", deptAdmin) { request, context in
            try await act(env, request, context, done: "inspector-rejected", department: true) { fields, task, actor, store in
                try await store.rejectInspector(String(task.id), code: try context.parameters.require("inspector"),
                                                department: try context.parameters.require("code"), reason: fields.text("reason"), actor: actor)
            }
        }
    }

    typealias Step = @Sendable (FormFields, TaskInfo, AuditLog.Actor, TaskStore) async throws -> Void
    typealias UseCase = @Sendable (FormFields, TaskInfo, Principal) async throws -> Void

    /// Runs one use case of the workflow layer (which checks the department and the task) for
    /// the task of the URL, and redirects to its page; a refusal renders the page with the reason.
    static func act(_ env: WebEnvironment, _ request: Request, _ context: AppRequestContext, done: String,
                    _ useCase: @escaping UseCase) async throws -> Response {
        try await act(env, request, context, done: done) { fields, task, _, _ in
            try await useCase(fields, task, try context.requirePrincipal())
        }
    }

    /// Runs one step for the task of the URL and redirects to its page; a refusal (wrong state,
    /// missing reason, nothing left to draw) renders the page again with the reason.
    static func act(_ env: WebEnvironment, _ request: Request, _ context: AppRequestContext, done: String,
                    department: Bool = false, _ step: Step) async throws -> Response {
        let (principal, task) = try await TaskController.requireTask(env, context)
        if department {
            let code = try context.parameters.require("code")
            try AccessPolicy.requireManage(principal, department: code)
            guard task.plan.departments.contains(where: { $0.department == code }) else {
                throw HTTPError(.forbidden, message: "本部门未参与此任务")
            }
        }
        let fields = try await FormFields.read(request, context: context)
        do {
            try await step(fields, task, .init(principal.username), TaskStore(db: env.db))
        } catch let error as StoreError where !error.isNotFound && !error.isForbidden {
            return try await refused(env, context, principal, task.id, error.description)
        } catch let error as TaskTransitionError {
            return try await refused(env, context, principal, task.id, error.description)
        } catch let error as TaskPlanInvalid {
            return try await refused(env, context, principal, task.id, error.description)
        } catch let error as DrawError {
            return try await refused(env, context, principal, task.id, "抽取失败：\(error)")
        }
        return ViewRenderer.redirect("/tasks/\(task.id)?done=\(done)")
    }

    static func refused(_ env: WebEnvironment, _ context: AppRequestContext, _ principal: Principal, _ id: Int, _ message: String)
        async throws -> Response
    {
        let task = try await TaskStore(db: env.db).require(String(id))
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
