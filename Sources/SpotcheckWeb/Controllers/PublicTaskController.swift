import Foundation
import Hummingbird
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// 任务公示: the public notice of every published task (公开抽查依据、抽查主体、抽查内容、抽查方式),
/// with what publication froze, the selected enterprises after the draw, and the draw record
/// — secret hidden until matching completes the draw, so nobody can foresee replacements.
enum PublicTaskController {
    static let perPage = 20

    static func register(_ routes: SecuredRoutes, _ env: WebEnvironment) {
        routes.publicGet(SiteURL.publicTasks) { request, context in
            let page = try ListPage(parsing: request.uri.queryParameters.get("page"), size: perPage)
            // Cancelled drafts were never public; a task cancelled after publication stays listed.
            let (shown, total) = try await env.workflow.publicTasks(page: page)
            let names = try await env.workflow.publicDepartmentNames()
            return env.views.page("public-tasks", title: "抽查任务公告", context: context, data: [
                "tasks": shown.map { TaskFormat.summary($0, names: names) }, "empty": shown.isEmpty,
                "pagination": pagination(page: page.number, perPage: perPage, total: total, base: SiteURL.publicTasks.path),
            ])
        }

        // The notice reads the task without its draw record and one page of its drawn list, so
        // a task of 50,000 drawn enterprises costs what a small one does; anonymous readers get
        // it from memory while the task is unchanged (docs/benchmarks.md).
        routes.publicGet(SiteURL.publicTask(.key, .notice)) { request, context in
            let reference = try context.parameters.require("id")
            let search = try SearchQuery.text(request)
            let page = try ListPage(parsing: request.uri.queryParameters.get("page"), size: PublicTasks.pageSize)
            guard context.principal == nil else {
                return try await noticePage(env, context, reference: reference, search: search, page: page)
            }
            let version = try await env.workflow.publicTaskVersion(TaskReference(reference))
            return try await env.publicPages.response(key: "task|\(reference)|\(page.number)|\(search)", version: version) {
                try await noticePage(env, context, reference: reference, search: search, page: page)
            }
        }

        routes.publicGet(SiteURL.publicTask(.key, .record)) { _, context in
            // Once revealed the stored record is the public one, sent as stored; before, it is
            // rewritten with the secret and seed blanked.
            let (task, _, bytes) = try await env.workflow.publicDrawRecord(TaskReference(try context.parameters.require("id")))
            return publicDownload(bytes, fileName: "task-\(task.id)-record.json", type: "application/json")
        }

        for kind in TaskSnapshotKind.allCases {
            routes.publicGet(SiteURL.publicTask(.key, .frozenList(kind))) { _, context in
                // The frozen lists are published with the secret, when anyone can rerun the draw.
                let (task, text) = try await env.workflow.publicFrozenList(TaskReference(try context.parameters.require("id")), kind)
                return publicDownload(Data(text.utf8), fileName: "task-\(task.id)-\(kind.fileName)", type: "text/csv; charset=utf-8")
            }
        }
    }

    /// The notice of the public task `reference` names, with one page of its drawn list.
    static func noticePage(_ env: WebEnvironment, _ context: AppRequestContext, reference: String, search: String,
                           page: ListPage) async throws -> Response {
        let notice = try await requireNotice(env, reference)
        let task = notice.task
        let names = try await env.workflow.publicDepartmentNames()
        let items = try await env.workflow.allItems(includeRetired: true)
        var data = TaskFormat.summary(task, names: names)
        data["plan"] = TaskFormat.plan(task, names: names, items: items)
        if let entry = TaskFormat.planEntry(try await env.workflow.planEntry(of: task), publicLink: true) { data["planEntry"] = entry }
        if let freeze = TaskFormat.freeze(task, names: names) { data["freeze"] = freeze }
        if let reason = task.cancelReason { data["cancelReason"] = reason }
        data["cancelledAfterDraw"] = task.state == .cancelled && task.drawnAt != nil
        if task.drawnAt != nil {
            let (selected, matching, rejected) = try await env.workflow.publicSelections(of: notice, search: search, page: page)
            data["drawn"] = true
            data["entropy"] = task.entropy ?? ""
            data["drawnAt"] = task.drawnAt.map(DisplayDate.format) ?? ""
            data["selected"] = selected.map { row -> [String: Any] in
                ["uscc": row.uscc, "name": row.name, "stratum": row.stratum, "origin": row.originLabel, "isReplacement": row.origin == .replacement,
                 "departments": row.departments.map { names[$0] ?? $0 }.joined(separator: "、")]
            }
            data["selectedCount"] = notice.drawnCount
            data["q"] = search
            data["searched"] = !search.isEmpty
            data["matchCount"] = matching
            data["noRows"] = selected.isEmpty
            data["pageSize"] = PublicTasks.pageSize
            data["paged"] = matching > PublicTasks.pageSize
            data["pagination"] = pagination(page: page.number, perPage: PublicTasks.pageSize, total: matching,
                                            base: SearchQuery.link(SiteURL.publicTask(.init(task.id), .notice).path, text: search))
            data["rejected"] = rejected.map { ["uscc": $0.uscc, "name": $0.name, "stratum": $0.stratum] }
            data["hasRejected"] = !rejected.isEmpty
            // For the verifier's verdict in words: department and enterprise names by code.
            data["namesJSON"] = Self.json(names)
            data["enterprisesJSON"] = Self.json(Dictionary((selected + rejected).map { ($0.uscc, $0.name) }, uniquingKeysWith: { a, _ in a }))
            data["revealed"] = task.revealsSecret
            if let secret = notice.secret, let seed = notice.seed {
                data["secret"] = secret
                data["seed"] = seed
            }
            data["listsPublic"] = task.revealsSecret
        }
        return env.views.page("public-task", title: "\(task.documentNumber) · 任务公示", context: context, data: data)
    }

    static func json(_ map: [String: String]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: map, options: [.sortedKeys]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The public task `reference` names (its small facts, without the draw record), or 404.
    static func requireNotice(_ env: WebEnvironment, _ reference: String) async throws -> PublicTasks.Notice {
        try await env.workflow.publicNotice(TaskReference(reference))
    }

    /// A download of a public file: the same for every reader, so shared caches may keep it as
    /// they keep the pages.
    static func publicDownload(_ data: Data, fileName: String, type: String) -> Response {
        var response = TaskController.download(data, fileName: fileName, type: type)
        response.headers[.cacheControl] = ViewRenderer.publicCacheControl
        return response
    }
}
