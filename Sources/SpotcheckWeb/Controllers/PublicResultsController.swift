import Foundation
import Hummingbird
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// 抽查结果公示 (product step 10): the approved results anyone may search by enterprise name or
/// USCC, the export feed for 国家企业信用信息公示系统 (CSV and JSON, layout in
/// docs/publicity-feed.md), and for the office the results not published within the deadline.
enum PublicResultsController {
    static let perPage = 20

    static func register(_ routes: SecuredRoutes, _ env: WebEnvironment) {
        routes.publicGet("/public/results") { request, context in
            let text = try SearchQuery.text(request)
            let page = try ListPage(parsing: request.uri.queryParameters.get("page"), size: perPage)
            guard context.principal == nil else { return try await searchPage(env, context, text: text, page: page) }
            // The same search is served from memory until a result is published (or a few seconds).
            let version = try await env.workflow.publicResultsVersion()
            return try await env.publicPages.response(key: "results|\(page.number)|\(text)", version: version) {
                try await searchPage(env, context, text: text, page: page)
            }
        }

        routes.publicGet("/public/results/feed.csv") { request, _ in
            let entries = try await feed(request, env)
            return TaskController.download(Data(PublicResults.csv(entries).utf8), fileName: "spotcheck-results-feed.csv", type: "text/csv; charset=utf-8")
        }

        routes.publicGet("/public/results/feed.json") { request, _ in
            let entries = try await feed(request, env)
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(string: try PublicResults.json(entries))))
        }

        // 超期未公示: submitted results still not approved (published) after their due date.
        routes.get("/publicity/overdue", .oversight) { _, context in
            let principal = context.principal
            let today = env.today
            let overdue = try await env.workflow.overduePublicity(for: principal)
            let names = try await TaskController.departmentNames(env)
            let rows: [[String: Any]] = overdue.enumerated().map { index, row in
                let result = row.result
                return [
                    "number": index + 1, "taskURL": SiteURL.task(result.taskID).path, "documentNumber": row.documentNumber,
                    "resultURL": SiteURL.task(result.taskID, .result(enterprise: .init(result.uscc), department: .init(result.department))).path,
                    "uscc": result.uscc, "enterpriseName": row.enterpriseName, "department": names[result.department] ?? result.department,
                    "inspectionDate": result.input.inspectionDate?.chineseText ?? "", "dueDate": result.dueDate?.chineseText ?? "",
                    "days": row.workingDaysLate, "submittedBy": row.submittedByName,
                ]
            }
            return env.views.page("publicity-overdue", title: "超期未公示", context: context, data: [
                "rows": rows, "empty": rows.isEmpty, "count": rows.count, "today": today.chineseText,
            ])
        }
    }

    /// One page of the published results, searched by name or code. One page in SQL, on the
    /// index of migration 0014, not every published result.
    static func searchPage(_ env: WebEnvironment, _ context: AppRequestContext, text: String, page: ListPage) async throws -> Response {
        let (entries, total) = try await env.workflow.publicResults(search: text, page: page)
        return env.views.page("public-results", title: "抽查结果公示", context: context, data: [
            "q": text, "searched": !text.isEmpty, "total": total, "empty": entries.isEmpty,
            "entries": entries.map { e -> [String: Any] in
                ["enterprise": e.enterpriseName, "uscc": e.uscc, "task": e.taskTitle, "documentNumber": e.taskDocumentNumber,
                 "department": e.departmentName, "items": e.items.joined(separator: "；"), "result": e.result,
                 "inspectionDate": CivilDate(e.inspectionDate)?.chineseText ?? e.inspectionDate, "publishedAt": DisplayDate.format(e.publishedAt)]
            },
            "pagination": pagination(page: page.number, perPage: perPage, total: total, base: SearchQuery.link("/public/results", text: text)),
        ])
    }

    /// The approved results published within the optional `from`/`to` dates (inclusive, China time).
    static func feed(_ request: Request, _ env: WebEnvironment) async throws -> [PublicResults.Entry] {
        func date(_ name: String) throws -> CivilDate? {
            guard let text = request.uri.queryParameters.get(name), !text.isEmpty else { return nil }
            guard let date = CivilDate(text) else { throw HTTPError(.badRequest, message: "\(name) 应为 YYYY-MM-DD 格式的日期") }
            return date
        }
        return try await env.workflow.publicityFeed(from: try date("from"), to: try date("to"))
    }
}
