/// Why a file could not be read at all (as opposed to bad rows, which are
/// ``ImportIssue``s). Descriptions are the one-line Chinese reason shown to users.
public enum ImportFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Neither UTF-8 nor GB18030 decodes the bytes.
    case undecodableText
    /// A quoted CSV field runs to the end of the file; `line` is where it started.
    case unterminatedQuote(line: Int)
    /// Not a readable XLSX (bad zip, missing workbook or worksheet); carries what was missing.
    case invalidWorkbook(String)
    /// The file has no header row.
    case empty
    /// The format could not be recognised (e.g. an old binary .xls).
    case unsupportedFormat(String)
    /// A row with more columns than any list has (``ImportLimits/maxColumns``).
    case tooManyColumns(line: Int, limit: Int)
    /// A CSV line longer than ``ImportLimits/maxLineBytes``.
    case lineTooLong(line: Int, limitBytes: Int)
    /// A cell longer than ``ImportLimits/maxCellCharacters``; `column` counts from 1.
    case cellTooLong(line: Int, column: Int, limit: Int)
    /// A cell holding a control character other than tab or a line break; `column` counts from 1.
    case controlCharacter(line: Int, column: Int)
    /// An XLSX part inflates beyond ``ImportLimits`` (a compressed bomb); names the part.
    case inflatesTooMuch(part: String, limitMegabytes: Int)

    public var description: String {
        switch self {
        case .undecodableText:
            return "文件编码无法识别（请另存为 UTF-8 或 GB18030 编码的 CSV，或 XLSX）"
        case .unterminatedQuote(let line):
            return "第 \(line) 行：CSV 格式错误 — 引号未闭合"
        case .invalidWorkbook(let detail):
            return "XLSX 文件无法读取：\(detail)"
        case .empty:
            return "文件为空，缺少表头行"
        case .unsupportedFormat(let detail):
            return "不支持的文件格式：\(detail)（请使用 CSV 或 XLSX）"
        case let .tooManyColumns(line, limit):
            return "第 \(line) 行：列数超过 \(limit) 列，不是可导入的名录表格"
        case let .lineTooLong(line, limitBytes):
            return "第 \(line) 行：一行超过 \(limitBytes / 1024) KB，不是可导入的名录表格"
        case let .cellTooLong(line, column, limit):
            return "第 \(line) 行第 \(column) 列：内容超过 \(limit) 字"
        case let .controlCharacter(line, column):
            return "第 \(line) 行第 \(column) 列：含有不可见的控制字符，请删除后重新导入"
        case let .inflatesTooMuch(part, limitMegabytes):
            return "XLSX 文件解压后超过 \(limitMegabytes) MB（\(part)），可能已损坏或被篡改；大量数据请另存为 CSV 导入"
        }
    }
}
