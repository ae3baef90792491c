import Foundation
import SpotcheckCore
import SpotcheckImport
import SpotcheckStore

/// The statistics table as files: the XLSX with the notice attachment's two-row merged header,
/// and CSV. One builder for the page, the API and `spotcheck stats --xlsx`, so they cannot drift.
public enum StatisticsWorkbook {
    /// The attachment's header: a title spanning two rows, or a group over some columns.
    public struct HeaderGroup: Sendable {
        public let title: String
        /// Indexes into ``StatisticsTable/columnTitles``.
        public let columns: [Int]
        public var spansTwoRows: Bool { columns.count == 1 && title == StatisticsTable.columnTitles[columns[0]] }
    }

    public static let title = "全县“双随机、一公开”部门联合抽查统计表"

    public static let header: [HeaderGroup] = [
        HeaderGroup(title: StatisticsTable.columnTitles[0], columns: [0]),
        HeaderGroup(title: StatisticsTable.columnTitles[1], columns: [1]),
        HeaderGroup(title: "发现问题", columns: [2, 3]),
        HeaderGroup(title: "抽查结果处理", columns: [4, 5, 6]),
        HeaderGroup(title: StatisticsTable.columnTitles[7], columns: [7]),
    ]

    /// The attachment as a worksheet: title, `heading` (what the table covers), the two-row
    /// merged header, the departments, 合计.
    ///
    /// Rows: 1 the title, 2 the scope (`heading`), 3 报表单位 and 填报日期 as on the paper form,
    /// 4–5 the header, then the departments and 合计; the table itself has thin borders.
    public static func xlsx(_ table: StatisticsTable, heading: String, reportingUnit: String = "", filledOn: CivilDate? = nil) throws -> Data {
        let width = 1 + StatisticsTable.columnTitles.count
        func padded(_ cells: [XLSXCell]) -> [XLSXCell] { cells + Array(repeating: .empty, count: width - cells.count) }
        var top: [XLSXCell] = [.text("报表单位")], bottom: [XLSXCell] = [.empty]
        let half = width / 2
        var merges = ["A1:\(column(width - 1))1", "A2:\(column(width - 1))2", "A3:\(column(half - 1))3", "\(column(half))3:\(column(width - 1))3", "A4:A5"]
        for group in header {
            let first = 1 + group.columns[0], last = 1 + group.columns[group.columns.count - 1]
            if group.spansTwoRows {
                top.append(.text(group.title))
                bottom.append(.empty)
                merges.append("\(column(first))4:\(column(first))5")
            } else {
                top.append(.text(group.title))
                top.append(contentsOf: Array(repeating: XLSXCell.empty, count: group.columns.count - 1))
                bottom.append(contentsOf: group.columns.map { XLSXCell.text(StatisticsTable.columnTitles[$0]) })
                merges.append("\(column(first))4:\(column(last))4")
            }
        }
        var signature = Array(repeating: XLSXCell.empty, count: width)
        signature[0] = .text("报表单位：" + reportingUnit)
        signature[half] = .text("填报日期：" + (filledOn?.chineseText ?? ""))
        var rows: [[XLSXCell]] = [padded([.text(title)]), padded([.text(heading)]), signature, top, bottom]
        for row in table.rows + [table.total] {
            rows.append([.text(row.unit)] + row.values.map { .number(Double($0)) })
        }
        var widths: [Int: Double] = [0: 28]
        for index in 1..<width { widths[index] = 14 }
        var sheet = XLSXSheet(name: "抽查统计表", rows: rows, headerRows: 5, merges: merges, columnWidths: widths)
        sheet.borderedRows = 3 ..< rows.count
        return try XLSXWriter.data(sheets: [sheet])
    }

    /// One header line (报表单位 and the eight column titles), the departments, 合计; UTF-8 with BOM.
    public static func csv(_ table: StatisticsTable) -> String {
        var writer = CSVWriter(includeBOM: false)
        writer.writeRow(["报表单位"] + StatisticsTable.columnTitles)
        for row in table.rows + [table.total] { writer.writeRow([row.unit] + row.values.map(String.init)) }
        return "\u{FEFF}" + writer.text
    }

    /// Spreadsheet column letters for 0-based indexes below 26.
    static func column(_ index: Int) -> String { String(UnicodeScalar(UInt8(65 + index))) }
}
