import Foundation
import Hummingbird
import SpotcheckCore
import SpotcheckStore

/// 任务公示: the public notice of every published task (公开抽查依据、抽查主体、抽查内容、抽查方式),
/// with what publication froze, the selected enterprises after the draw, and the draw record
/// — secret hidden until matching completes the draw, so nobody can foresee replacements.
enum PublicTaskController {
    static let perPage = 20

    static func register(_ routes: SecuredRoutes, _ env: WebEnvironment) {
        routes.get("/public/tasks", .publicAccess) { request, context in
            let page = try pageNumber(request)
            // Cancelled drafts were never public; a task cancelled after publication stays listed.
            let (all, _) = try await TaskStore(db: env.db).list(states: TaskState.allCases.filter { $0 != .draft }, page: 1, perPage: Int.max)
            let visible = all.filter(isPublic)
            let shown = Array(visible.dropFirst((page - 1) * perPage).prefix(perPage))
            let names = try await TaskController.departmentNames(env)
            return env.views.page("public-tasks", title: "抽查任务公告", context: context, data: [
                "tasks": shown.map { TaskFormat.summary($0, names: names) }, "empty": shown.isEmpty,
                "pagination": pagination(page: page, perPage: perPage, total: visible.count, base: "/public/tasks"),
            ])
        }

        routes.get("/public/tasks/{id}", .publicAccess) { _, context in
            let task = try await requirePublic(env, context)
            let names = try await TaskController.departmentNames(env)
            let items = try await ItemList(db: env.db).list(department: nil)
            var data = TaskFormat.summary(task, names: names)
            data["plan"] = TaskFormat.plan(task, names: names, items: items)
            if let freeze = TaskFormat.freeze(task, names: names) { data["freeze"] = freeze }
            if let reason = task.cancelReason { data["cancelReason"] = reason }
            data["cancelledAfterDraw"] = task.state == .cancelled && task.drawnAt != nil
            if task.drawnAt != nil, let record = task.publicRecord {
                data["drawn"] = true
                data["entropy"] = record.entropy
                data["drawnAt"] = task.drawnAt.map(DisplayDate.format) ?? ""
                let dispatches = try await TaskStore(db: env.db).dispatches(task.id)
                data["selected"] = dispatches.filter(\.active).map { d -> [String: Any] in
                    ["uscc": d.uscc, "name": d.name, "stratum": d.stratum, "origin": d.originLabel, "isReplacement": d.origin == "replacement",
                     "departments": d.departments.map { names[$0] ?? $0 }.joined(separator: "、")]
                }
                data["selectedCount"] = dispatches.filter(\.active).count
                data["rejected"] = dispatches.filter { !$0.active }.map { ["uscc": $0.uscc, "name": $0.name, "stratum": $0.stratum] }
                data["hasRejected"] = dispatches.contains { !$0.active }
                data["revealed"] = task.revealsSecret
                if task.revealsSecret {
                    data["secret"] = record.secret
                    data["seed"] = record.seed
                }
                data["listsPublic"] = task.revealsSecret
            }
            return env.views.page("public-task", title: "\(task.documentNumber) · 任务公示", context: context, data: data)
        }

        routes.get("/public/tasks/{id}/record.json", .publicAccess) { _, context in
            let task = try await requirePublic(env, context)
            guard task.drawnAt != nil, let record = task.publicRecord else { throw HTTPError(.notFound, message: "任务尚未抽取，没有抽取记录") }
            return TaskController.download(Data(DrawRecordJSON.encode(record)), fileName: "task-\(task.id)-record.json", type: "application/json")
        }

        for kind in TaskSnapshotKind.allCases {
            routes.get("/public/tasks/{id}/\(kind.fileName)", .publicAccess) { _, context in
                let task = try await requirePublic(env, context)
                // The frozen lists are published with the secret, when anyone can rerun the draw.
                guard task.revealsSecret else { throw HTTPError(.notFound, message: "冻结名单在抽取完成（匹配检查组）后公开") }
                let text = try await TaskStore(db: env.db).snapshot(task.id, kind)
                return TaskController.download(Data(text.utf8), fileName: "task-\(task.id)-\(kind.fileName)", type: "text/csv; charset=utf-8")
            }
        }
    }

    static func isPublic(_ task: TaskInfo) -> Bool {
        task.state != .draft && task.freeze != nil
    }

    static func requirePublic(_ env: WebEnvironment, _ context: AppRequestContext) async throws -> TaskInfo {
        let reference = try context.parameters.require("id")
        guard let task = try await TaskStore(db: env.db).find(reference), isPublic(task) else {
            throw HTTPError(.notFound, message: "没有这个公开的抽查任务")
        }
        return task
    }
}
