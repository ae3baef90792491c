import Foundation
import SpotcheckCore
import SpotcheckImport
import SpotcheckStore

/// The year's plan as a file: XLSX out (the form a plan is sent round in), XLSX or CSV in, with
/// the same columns. Departments are written by name and read by name or code; every bad row is
/// reported by its line, and a file with any bad row writes nothing.
extension Workflow {
    public static let planFileColumns = ["抽查任务名称", "牵头部门", "配合部门", "抽查领域", "抽查事项", "抽查对象范围", "抽查比例", "实施月份"]

    /// Rows refused in a plan file, each with the line a spreadsheet program shows.
    public struct PlanFileInvalid: Error, Sendable, CustomStringConvertible {
        public var issues: [ImportIssue]
        public var description: String { issues.map(\.description).joined(separator: "\n") }
    }

    /// The year's plan as an XLSX workbook: title row, header, one row per entry, and 计划外 tasks
    /// are not part of it.
    public func annualPlanWorkbook(year: Int, principal: Principal?) async throws -> Data {
        let view = principal.map { RoleGate.readers.refusal(for: $0) == nil } == true
            ? try await annualPlan(year: year, for: principal!) : try await publicAnnualPlan(year: year)
        let names = try await departmentNames()
        let title = "\(year)年度“双随机、一公开”监管工作抽查计划"
        let header = ["序号"] + Self.planFileColumns + ["类型", "进度"]
        var rows: [[XLSXCell]] = [[.text(title)] + Array(repeating: .empty, count: header.count - 1), header.map { .text($0) }]
        for (index, item) in view.entries.enumerated() {
            let entry = item.entry
            rows.append([.number(Double(index + 1)), .text(entry.title), .text(names[entry.leadDepartment] ?? entry.leadDepartment),
                         .text(entry.cooperatingDepartments.map { names[$0] ?? $0 }.joined(separator: "、")), .text(entry.field),
                         .text(entry.itemCodes.joined(separator: "、")), .text(entry.objectScope),
                         .text(AnnualPlanEntry.ratioText(entry.ratioBasisPoints)), .text(entry.monthsText),
                         .text(entry.kindLabel), .text(item.statusLabel)])
        }
        var widths: [Int: Double] = [0: 6, 1: 36, 2: 18, 3: 24, 4: 14, 5: 20, 6: 30, 7: 10, 8: 12, 9: 14, 10: 10]
        widths[11] = 10
        var sheet = XLSXSheet(name: "\(year)年度抽查计划", rows: rows, headerRows: 2,
                              merges: ["A1:\(StatisticsWorkbook.column(header.count - 1))1"], columnWidths: widths)
        sheet.borderedRows = 1 ..< rows.count
        return try XLSXWriter.data(sheets: [sheet])
    }

    /// Reads a plan file into entries of `year` (nothing is written). A department admin's file
    /// may only hold entries its own department leads.
    public func readPlanFile(_ data: Data, fileName: String, year: Int, for principal: Principal) async throws -> [AnnualPlanEntry] {
        try RoleGate.managers.check(principal)
        let read = try TabularReader.readAll(data, fileName: fileName)
        // The header is the first row, or comes after a title row or two (as in the export).
        let candidates = [read.header] + read.rows.prefix(3)
        func columns(_ row: TabularRow) -> [String: Int] {
            var index: [String: Int] = [:]
            for (position, title) in row.cells.enumerated() where index[title.trimmingCharacters(in: .whitespaces)] == nil {
                index[title.trimmingCharacters(in: .whitespaces)] = position
            }
            return index
        }
        guard let headerAt = candidates.firstIndex(where: { row in Self.planFileColumns.allSatisfy { columns(row)[$0] != nil } }) else {
            let missing = Self.planFileColumns.filter { columns(read.header)[$0] == nil }
            throw PlanFileInvalid(issues: [ImportIssue(line: read.header.line, field: "表头", message: "缺少列：\(missing.joined(separator: "、"))")])
        }
        let index = columns(candidates[headerAt])
        let sheet = (header: candidates[headerAt], rows: Array(read.rows.dropFirst(headerAt)))
        guard sheet.rows.count <= 2_000 else {
            throw PlanFileInvalid(issues: [ImportIssue(line: sheet.header.line, field: "文件", message: "一个计划文件最多 2000 行")])
        }
        let departments = try await DepartmentRepository(db: db).all()
        var codeByText: [String: String] = [:]
        for department in departments {
            codeByText[department.code] = department.code
            codeByText[department.name] = department.code
        }
        var entries: [AnnualPlanEntry] = []
        var issues: [ImportIssue] = []
        let separators: Set<Character> = ["、", ",", "，", ";", "；", "\n"]
        for row in sheet.rows {
            func cell(_ title: String) -> String {
                guard let position = index[title], position < row.cells.count else { return "" }
                return row.cells[position].trimmingCharacters(in: .whitespacesAndNewlines)
            }
            func list(_ title: String) -> [String] {
                cell(title).split(whereSeparator: { separators.contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
            var rowIssues: [ImportIssue] = []
            func refuse(_ field: String, _ message: String) { rowIssues.append(ImportIssue(line: row.line, field: field, message: message)) }
            let leadText = cell("牵头部门")
            let lead = codeByText[leadText] ?? codeByText[leadText.lowercased()]
            if leadText.isEmpty { refuse("牵头部门", "不能为空") } else if lead == nil { refuse("牵头部门", "未知部门「\(leadText)」") }
            var cooperating: [String] = []
            for text in list("配合部门") {
                if let code = codeByText[text] ?? codeByText[text.lowercased()] { cooperating.append(code) } else { refuse("配合部门", "未知部门「\(text)」") }
            }
            let ratio = AnnualPlanEntry.parseRatio(cell("抽查比例"))
            if ratio == nil { refuse("抽查比例", "「\(cell("抽查比例"))」不是 0.01%–100% 之间的比例") }
            let months = AnnualPlanEntry.parseMonths(cell("实施月份"))
            if months == nil { refuse("实施月份", "「\(cell("实施月份"))」不是月份（例如 5月、5–6月、3月、9月）") }
            if let lead, !principal.mayManage(departmentCode: lead) {
                refuse("牵头部门", "只能导入本部门（\(principal.departmentName)）牵头的条目")
            }
            let entry = AnnualPlanEntry(year: year, title: cell("抽查任务名称"), leadDepartment: lead ?? "", cooperatingDepartments: cooperating,
                                        field: cell("抽查领域"), itemCodes: list("抽查事项"), objectScope: cell("抽查对象范围"),
                                        ratioBasisPoints: ratio ?? 1, months: months ?? [1]).cleaned
            if rowIssues.isEmpty {
                let columnOf = ["title": "抽查任务名称", "field": "抽查领域", "object_scope": "抽查对象范围", "item_codes": "抽查事项",
                                "lead_department": "牵头部门", "cooperating_departments": "配合部门", "ratio": "抽查比例", "months": "实施月份"]
                for problem in entry.problems { refuse(columnOf[problem.field] ?? problem.field, problem.message) }
            }
            if rowIssues.isEmpty {
                do { try await planStore.check(entry) } catch let error as AnnualPlanEntryInvalid {
                    for problem in error.problems { refuse(problem.field == "item_codes" ? "抽查事项" : "部门", problem.message) }
                }
            }
            issues += rowIssues
            if rowIssues.isEmpty { entries.append(entry) }
        }
        guard issues.isEmpty else { throw PlanFileInvalid(issues: issues) }
        guard !entries.isEmpty else { throw PlanFileInvalid(issues: [ImportIssue(line: sheet.header.line + 1, field: "文件", message: "没有计划条目")]) }
        return entries
    }

    /// Imports a plan file into the year's plan (added to what is there): every row or none.
    @discardableResult
    public func importPlanFile(_ data: Data, fileName: String, year: Int, by principal: Principal) async throws -> [PlanEntry] {
        let entries = try await readPlanFile(data, fileName: fileName, year: year, for: principal)
        return try await planStore.add(entries, actor: AuditLog.Actor(principal.username))
    }

}
