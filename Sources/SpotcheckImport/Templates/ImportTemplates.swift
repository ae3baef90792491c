import Foundation
import SpotcheckCore

/// Downloadable import templates, generated from the column definitions so a
/// template can never drift from what the importer accepts. Headers are the
/// Chinese labels (what offices expect to see); the English keys are accepted too.
public enum ImportTemplates {
    /// Header labels for `kind`, in column order.
    public static func headers(for kind: ImportKind) -> [String] {
        switch kind {
        case .enterprises: return EnterpriseColumn.allCases.map(\.label)
        case .inspectors: return InspectorColumn.allCases.map(\.label)
        case .items: return ItemColumn.allCases.map(\.label)
        }
    }

    /// English header keys for `kind`, in column order.
    public static func englishHeaders(for kind: ImportKind) -> [String] {
        switch kind {
        case .enterprises: return EnterpriseColumn.allCases.map(\.rawValue)
        case .inspectors: return InspectorColumn.allCases.map(\.rawValue)
        case .items: return ItemColumn.allCases.map(\.rawValue)
        }
    }

    /// One example row that passes validation, in column order.
    public static func exampleRow(for kind: ImportKind) -> [String] {
        switch kind {
        case .enterprises:
            return ["91130534MA0A1B2C2T", "清河县鑫泰羊绒制品有限公司", "王建国", "河北省邢台市清河县葛仙庄镇羊绒大道18号",
                    "130534100", "纺织业", "工贸;消防重点单位", "B", "存续", "0319-8123456"]
        case .inspectors:
            return ["130534200001", "李明华", "scjg", "13831900001", "在岗", "2027-12-31", "登记;公示信息", "否"]
        case .items:
            return ["scjg", "SCJG-003", "公示信息检查", "年度报告公示信息；即时公示信息",
                    "《企业信息公示暂行条例》第三条、第十四条", "清河县市场监督管理局", "公示信息",
                    "书面检查、实地核查、信息比对", "一般检查事项", "5%", "每年 1 次",
                    "营业执照副本；年度报告底稿", "持有执法证的市场监管执法人员"]
        }
    }

    /// CSV text (no BOM; ``csvData(for:includeExample:)`` adds it): header row,
    /// and the example row when asked.
    public static func csv(for kind: ImportKind, includeExample: Bool = true) -> String {
        var writer = CSVWriter(includeBOM: false)
        writer.writeRow(headers(for: kind))
        if includeExample { writer.writeRow(exampleRow(for: kind)) }
        return writer.text
    }

    /// Template file bytes, UTF-8 with BOM so Excel shows the Chinese headers.
    public static func csvData(for kind: ImportKind, includeExample: Bool = true) -> Data {
        var writer = CSVWriter(includeBOM: true)
        writer.writeRow(headers(for: kind))
        if includeExample { writer.writeRow(exampleRow(for: kind)) }
        return writer.data
    }

    /// The same template as an .xlsx workbook with a bold, frozen header.
    public static func xlsxData(for kind: ImportKind, includeExample: Bool = true) throws -> Data {
        let header = headers(for: kind)
        let sheet = XLSXSheet(
            name: kind.label,
            rows: [header.map(XLSXCell.text)] + (includeExample ? [exampleRow(for: kind).map(XLSXCell.text)] : []),
            headerRows: 1,
            columnWidths: Dictionary(uniqueKeysWithValues: header.indices.map { ($0, 18.0) })
        )
        return try XLSXWriter.data(sheets: [sheet])
    }

    /// Suggested download file name, e.g. `检查对象名录库导入模板.csv`.
    public static func fileName(for kind: ImportKind, extension ext: String = "csv") -> String {
        "\(kind.label)导入模板.\(ext)"
    }
}
