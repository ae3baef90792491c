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
        }
    }
}
