import Foundation
import Hummingbird
import SpotcheckCore
import SpotcheckWorkflow
import SpotcheckImport
import SpotcheckStore

/// 全县“双随机、一公开”部门联合抽查统计表 (product step 11): the notice's attachment table per
/// 报表单位 and in total, for one task (`?task=ID`) or the tasks of a period (`?from=&to=`),
/// computed from the recorded results by ``StatisticsTable`` — on screen with a bar chart,
/// printable, and as XLSX (the attachment's two-row merged headers) and CSV.
///
/// The table is the county's, so every department admin sees it whole, like the office and
/// the auditor.
enum StatisticsController {
    static let readers = RoleGate.readers
    static let title = StatisticsWorkbook.title

    static func register(_ routes: SecuredRoutes, _ env: WebEnvironment) {
        routes.get("/stats", readers) { request, context in
            let principal = context.principal
            let tasks = try await env.workflow.statisticsTasks(for: principal)
            let statistics = try await scope(request, env, principal, newest: tasks.first)
            var data: [String: Any] = [
                "tableTitle": title,
                "tasks": tasks.map { task -> [String: Any] in
                    ["id": task.id, "label": "\(task.documentNumber) \(task.title)", "selected": task.id == statistics?.task?.id]
                },
                "from": statistics?.from?.description ?? "", "to": statistics?.to?.description ?? "", "hasTasks": !tasks.isEmpty,
            ]
            if let statistics {
                let table = statistics.table
                data["scope"] = statistics.description
                data["query"] = query(statistics)
                data["hasScope"] = true
                data["groups"] = StatisticsWorkbook.header.map { group -> [String: Any] in
                    ["title": group.title, "rowspan": group.spansTwoRows ? 2 : 1, "colspan": group.columns.count]
                }
                data["subtitles"] = StatisticsWorkbook.header.filter { !$0.spansTwoRows }.flatMap(\.columns).map { StatisticsTable.columnTitles[$0] }
                data["rows"] = table.rows.map { ["unit": $0.unit, "values": $0.values] as [String: Any] }
                data["total"] = ["unit": table.total.unit, "values": table.total.values] as [String: Any]
                data["empty"] = table.rows.isEmpty
                data["chart"] = chart(table)
                data["totalNotes"] = StatisticsTable.totalNotes
                if let task = statistics.task { data["hub"] = try await TaskHub.data(task, for: principal, current: .statistics, env: env) }
            }
            return env.views.page("stats", title: "抽查统计表", context: context, data: data)
        }

        routes.get("/stats.xlsx", readers) { request, context in
            let statistics = try await required(request, env, context)
            return DirectoryExport.download(try statistics.xlsx(),
                                            fileName: "抽查统计表-\(statistics.fileSuffix).xlsx", format: .xlsx)
        }

        routes.get("/stats.csv", readers) { request, context in
            let statistics = try await required(request, env, context)
            return DirectoryExport.download(Data(StatisticsWorkbook.csv(statistics.table).utf8),
                                            fileName: "抽查统计表-\(statistics.fileSuffix).csv", format: .csv)
        }
    }

    // MARK: Scope

    /// `?task=` (id or 文号), or `?from=&to=`; with neither, the newest matched task (nil when none).
    static func scope(_ request: Request, _ env: WebEnvironment, _ principal: Principal, newest: TaskInfo?) async throws -> Workflow.Statistics? {
        let query = request.uri.queryParameters
        let from = query.get("from") ?? "", to = query.get("to") ?? ""
        if !from.isEmpty || !to.isEmpty {
            let start = from.isEmpty ? nil : CivilDate(from), end = to.isEmpty ? nil : CivilDate(to)
            guard from.isEmpty || start != nil, to.isEmpty || end != nil else {
                throw HTTPError(.badRequest, message: "统计期间的日期格式应为 YYYY-MM-DD")
            }
            do {
                return try await env.workflow.statistics(from: start, to: end, for: principal)
            } catch let error as InputInvalid {
                // A period the page's own fields got wrong: the page has always answered 400.
                throw HTTPError(.badRequest, message: error.problems.map(\.message).joined(separator: "；"))
            }
        }
        let reference = query.get("task") ?? ""
        if reference.isEmpty {
            guard let newest else { return nil }
            return try await env.workflow.statistics(task: .id(TaskID(newest.id)), for: principal)
        }
        return try await env.workflow.statistics(task: TaskReference(reference), for: principal)
    }

    static func required(_ request: Request, _ env: WebEnvironment, _ context: SignedInContext) async throws -> Workflow.Statistics {
        let principal = context.principal
        guard let statistics = try await scope(request, env, principal, newest: try await env.workflow.statisticsTasks(for: principal).first) else {
            throw HTTPError(.notFound, message: "还没有已匹配的抽查任务可以统计")
        }
        return statistics
    }

    /// The query string that names the same table (the page's download links).
    static func query(_ statistics: Workflow.Statistics) -> String {
        if let task = statistics.task { return "task=\(task.id)" }
        return [("from", statistics.from?.description ?? ""), ("to", statistics.to?.description ?? "")]
            .filter { !$0.1.isEmpty }.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    // MARK: Chart

    /// The columns drawn in the chart, by index into the row values.
    static let chartSeries: [(index: Int, label: String)] = [
        (0, "随机抽查企业"), (3, "发现问题企业"), (2, "发现问题事项"), (7, "现场解答疑难问题"),
    ]

    /// A grouped horizontal bar chart per department as inline SVG (no script, styled by class).
    static func chart(_ table: StatisticsTable) -> String {
        let rows = table.rows
        guard !rows.isEmpty else { return "" }
        let labelWidth = 170.0, barArea = 520.0, barHeight = 12.0, gap = 2.0, groupGap = 16.0, legendHeight = 28.0
        let maxValue = max(1, rows.flatMap { row in chartSeries.map { row.values[$0.index] } }.max() ?? 1)
        let groupHeight = Double(chartSeries.count) * (barHeight + gap) - gap
        let height = legendHeight + Double(rows.count) * (groupHeight + groupGap)
        let width = labelWidth + barArea + 50
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        var svg = #"<svg class="stats-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \#(f(width)) \#(f(height))" role="img" aria-labelledby="stats-chart-title">"#
        svg += #"<title id="stats-chart-title">各报表单位抽查情况柱状图</title>"#
        var x = labelWidth
        for (n, series) in chartSeries.enumerated() {
            svg += #"<rect class="bar s\#(n)" x="\#(f(x))" y="6" width="12" height="12"/>"#
            svg += #"<text class="legend" x="\#(f(x + 16))" y="16">\#(escape(series.label))</text>"#
            x += 16 + Double(series.label.count) * 13 + 18
        }
        for (r, row) in rows.enumerated() {
            let top = legendHeight + Double(r) * (groupHeight + groupGap)
            svg += #"<text class="unit" x="\#(f(labelWidth - 8))" y="\#(f(top + groupHeight / 2 + 4))" text-anchor="end">\#(escape(row.unit))</text>"#
            for (n, series) in chartSeries.enumerated() {
                let value = row.values[series.index]
                let y = top + Double(n) * (barHeight + gap)
                let length = barArea * Double(value) / Double(maxValue)
                svg += #"<rect class="bar s\#(n)" x="\#(f(labelWidth))" y="\#(f(y))" width="\#(f(length))" height="\#(f(barHeight))"><title>\#(escape(row.unit)) \#(escape(series.label))：\#(value)</title></rect>"#
                svg += #"<text class="value" x="\#(f(labelWidth + length + 4))" y="\#(f(y + barHeight - 2))">\#(value)</text>"#
            }
        }
        return svg + "</svg>"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
