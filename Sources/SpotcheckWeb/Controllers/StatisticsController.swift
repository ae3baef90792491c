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
    static let title = "全县“双随机、一公开”部门联合抽查统计表"

    /// The attachment's header: a title spanning two rows, or a group over some columns.
    struct HeaderGroup {
        let title: String
        /// Indexes into ``StatisticsTable/columnTitles``.
        let columns: [Int]
        var spansTwoRows: Bool { columns.count == 1 && title == StatisticsTable.columnTitles[columns[0]] }
    }

    static let header: [HeaderGroup] = [
        HeaderGroup(title: StatisticsTable.columnTitles[0], columns: [0]),
        HeaderGroup(title: StatisticsTable.columnTitles[1], columns: [1]),
        HeaderGroup(title: "发现问题", columns: [2, 3]),
        HeaderGroup(title: "抽查结果处理", columns: [4, 5, 6]),
        HeaderGroup(title: StatisticsTable.columnTitles[7], columns: [7]),
    ]

    /// What the table covers.
    struct Scope {
        var taskIDs: [Int]
        var description: String
        var query: String
        var task: Int?
        var from: String = ""
        var to: String = ""
    }

    static func register(_ routes: SecuredRoutes, _ env: WebEnvironment) {
        routes.get("/stats", readers) { request, context in
            let tasks = try await matchedTasks(env)
            let scope = try await scope(request, env, tasks: tasks)
            var data: [String: Any] = [
                "tableTitle": title,
                "tasks": tasks.map { task -> [String: Any] in
                    ["id": task.id, "label": "\(task.documentNumber) \(task.title)", "selected": task.id == scope?.task]
                },
                "from": scope?.from ?? "", "to": scope?.to ?? "", "hasTasks": !tasks.isEmpty,
            ]
            if let scope {
                let table = try await StatisticsTable.compute(taskIDs: scope.taskIDs, on: env.db)
                data["scope"] = scope.description
                data["query"] = scope.query
                data["hasScope"] = true
                data["groups"] = header.map { group -> [String: Any] in
                    ["title": group.title, "rowspan": group.spansTwoRows ? 2 : 1, "colspan": group.columns.count]
                }
                data["subtitles"] = header.filter { !$0.spansTwoRows }.flatMap(\.columns).map { StatisticsTable.columnTitles[$0] }
                data["rows"] = table.rows.map { ["unit": $0.unit, "values": $0.values] as [String: Any] }
                data["total"] = ["unit": table.total.unit, "values": table.total.values] as [String: Any]
                data["empty"] = table.rows.isEmpty
                data["chart"] = chart(table)
            }
            return env.views.page("stats", title: "抽查统计表", context: context, data: data)
        }

        routes.get("/stats.xlsx", readers) { request, _ in
            let (scope, table) = try await required(request, env)
            return DirectoryExport.download(try xlsx(table, scope: scope), fileName: "抽查统计表-\(fileSuffix(scope)).xlsx", format: .xlsx)
        }

        routes.get("/stats.csv", readers) { request, _ in
            let (scope, table) = try await required(request, env)
            return DirectoryExport.download(Data(csv(table).utf8), fileName: "抽查统计表-\(fileSuffix(scope)).csv", format: .csv)
        }
    }

    // MARK: Scope

    /// Tasks that have been matched (so have enterprises and inspectors to count), newest first.
    static func matchedTasks(_ env: WebEnvironment) async throws -> [TaskInfo] {
        try await TaskStore(db: env.db).list(perPage: 100_000).tasks
            .filter { try $0.record?.teams.isEmpty == false && $0.state != .cancelled }
            .sorted { $0.id > $1.id }
    }

    /// `?task=` (id or 文号), or `?from=&to=`; with neither, the newest matched task.
    static func scope(_ request: Request, _ env: WebEnvironment, tasks: [TaskInfo]) async throws -> Scope? {
        let query = request.uri.queryParameters
        let from = query.get("from") ?? "", to = query.get("to") ?? ""
        if !from.isEmpty || !to.isEmpty {
            guard let start = CivilDate(from.isEmpty ? "1900-01-01" : from), let end = CivilDate(to.isEmpty ? "2999-12-31" : to) else {
                throw HTTPError(.badRequest, message: "统计期间的日期格式应为 YYYY-MM-DD")
            }
            guard start <= end else { throw HTTPError(.badRequest, message: "统计期间的开始日期不能晚于结束日期") }
            let ids = try await StatisticsTable.tasks(from: start, to: end, on: env.db)
            let range = "\(from.isEmpty ? "…" : from) 至 \(to.isEmpty ? "…" : to)"
            let encoded = [("from", from), ("to", to)].filter { !$0.1.isEmpty }.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
            return Scope(taskIDs: ids, description: "统计期间 \(range)，涉及抽查任务 \(ids.count) 项", query: encoded, from: from, to: to)
        }
        let reference = query.get("task") ?? ""
        let task: TaskInfo
        if reference.isEmpty {
            guard let newest = tasks.first else { return nil }
            task = newest
        } else {
            guard let found = try await TaskStore(db: env.db).find(reference), found.state != .draft else {
                throw HTTPError(.notFound, message: "没有这个抽查任务")
            }
            task = found
        }
        return Scope(taskIDs: [task.id], description: "\(task.documentNumber) \(task.title)（\(task.plan.periodStart) 至 \(task.plan.periodEnd)）",
                     query: "task=\(task.id)", task: task.id)
    }

    static func required(_ request: Request, _ env: WebEnvironment) async throws -> (Scope, StatisticsTable) {
        guard let scope = try await scope(request, env, tasks: try await matchedTasks(env)) else {
            throw HTTPError(.notFound, message: "还没有已匹配的抽查任务可以统计")
        }
        return (scope, try await StatisticsTable.compute(taskIDs: scope.taskIDs, on: env.db))
    }

    static func fileSuffix(_ scope: Scope) -> String {
        if let task = scope.task { return "task-\(task)" }
        return "\(scope.from.isEmpty ? "start" : scope.from)-\(scope.to.isEmpty ? "end" : scope.to)"
    }

    // MARK: Exports

    /// The attachment as a worksheet: title, scope, the two-row merged header, the departments, 合计.
    static func xlsx(_ table: StatisticsTable, scope: Scope) throws -> Data {
        let width = 1 + StatisticsTable.columnTitles.count
        func padded(_ cells: [XLSXCell]) -> [XLSXCell] { cells + Array(repeating: .empty, count: width - cells.count) }
        var top: [XLSXCell] = [.text("报表单位")], bottom: [XLSXCell] = [.empty]
        var merges = ["A1:\(column(width - 1))1", "A2:\(column(width - 1))2", "A3:A4"]
        for group in header {
            let first = 1 + group.columns[0], last = 1 + group.columns[group.columns.count - 1]
            if group.spansTwoRows {
                top.append(.text(group.title))
                bottom.append(.empty)
                merges.append("\(column(first))3:\(column(first))4")
            } else {
                top.append(.text(group.title))
                top.append(contentsOf: Array(repeating: XLSXCell.empty, count: group.columns.count - 1))
                bottom.append(contentsOf: group.columns.map { XLSXCell.text(StatisticsTable.columnTitles[$0]) })
                merges.append("\(column(first))3:\(column(last))3")
            }
        }
        var rows: [[XLSXCell]] = [padded([.text(title)]), padded([.text(scope.description)]), top, bottom]
        for row in table.rows + [table.total] {
            rows.append([.text(row.unit)] + row.values.map { .number(Double($0)) })
        }
        var widths: [Int: Double] = [0: 26]
        for index in 1..<width { widths[index] = 13 }
        let sheet = XLSXSheet(name: "抽查统计表", rows: rows, headerRows: 4, merges: merges, columnWidths: widths)
        return try XLSXWriter.data(sheets: [sheet])
    }

    /// One header line (报表单位 and the eight column titles), the departments, 合计; UTF-8 with BOM.
    static func csv(_ table: StatisticsTable) -> String {
        var writer = CSVWriter(includeBOM: false)
        writer.writeRow(["报表单位"] + StatisticsTable.columnTitles)
        for row in table.rows + [table.total] { writer.writeRow([row.unit] + row.values.map(String.init)) }
        return "\u{FEFF}" + writer.text
    }

    /// Spreadsheet column letters for 0-based indexes below 26.
    static func column(_ index: Int) -> String { String(UnicodeScalar(UInt8(65 + index))) }

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
