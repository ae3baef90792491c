/// Reading the office's holiday list: `date,kind` per line, kind one of
/// 休息日/工作日 or holiday/workday (plus a few synonyms), an optional header
/// and optional further columns (e.g. the holiday's name), which are ignored.
///
/// Plain string parsing here rather than in SpotcheckImport: the format is
/// two unquoted columns, Core must stay free of I/O, and the CLI, the web page
/// and the store all need the same rules and the same line-numbered errors.
extension CalendarOverrides {
    /// Every problem found, each as `第 N 行：字段 — 原因` (N = physical line, 1-based).
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public let issues: [Issue]

        public struct Issue: Sendable, Hashable, CustomStringConvertible {
            public let line: Int
            public let field: String
            public let message: String
            public var description: String { "第 \(line) 行：\(field) — \(message)" }
        }

        public var description: String { issues.map(\.description).joined(separator: "\n") }
    }

    /// Parses the whole text; throws every bad line at once so the office can fix
    /// the file in one pass. Years named in the file become covered.
    public static func parseCSV(_ text: String) throws(ParseError) -> CalendarOverrides {
        var result = CalendarOverrides()
        var issues: [ParseError.Issue] = []
        var firstLineOf: [Int: Int] = [:]
        var sawContent = false
        let body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, rawLine) in lines.enumerated() {
            let lineNumber = index + 1
            let fields = rawLine.split(separator: ",", omittingEmptySubsequences: false).map(cleanField)
            if fields.allSatisfy(\.isEmpty) || fields.first?.hasPrefix("#") == true { continue }
            defer { sawContent = true }
            if !sawContent, isHeader(fields) { continue }
            guard fields.count >= 2 else {
                issues.append(.init(line: lineNumber, field: "类型", message: "缺少类型（应为 休息日 或 工作日）"))
                continue
            }
            guard let date = CivilDate(fields[0]) else {
                issues.append(.init(line: lineNumber, field: "日期", message: "无效日期 \(fields[0])（应为 yyyy-MM-dd）"))
                continue
            }
            guard let kind = dayKind(fields[1]) else {
                issues.append(.init(line: lineNumber, field: "类型", message: "未知类型 \(fields[1])（应为 休息日 或 工作日）"))
                continue
            }
            if let earlier = firstLineOf[date.dayNumber] {
                if result.kind(of: date) != kind {
                    issues.append(.init(line: lineNumber, field: "日期", message: "\(date) 与第 \(earlier) 行矛盾"))
                }
                continue
            }
            firstLineOf[date.dayNumber] = lineNumber
            result.set(date, to: kind)
            result.coverYear(date.year)
        }
        guard issues.isEmpty else { throw ParseError(issues: issues) }
        return result
    }

    /// The CSV form ``parseCSV(_:)`` reads back (header `date,kind`, kinds in Chinese).
    public func csvText() -> String {
        var text = "date,kind\n"
        for entry in entries { text += "\(entry.date),\(entry.kind.rawValue)\n" }
        return text
    }

    private static func cleanField(_ field: Substring) -> String {
        var value = String(field).trimmingWhitespace()
        if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
            value = String(value.dropFirst().dropLast()).trimmingWhitespace()
        }
        return value
    }

    private static func isHeader(_ fields: [String]) -> Bool {
        ["date", "日期"].contains(fields[0].lowercased())
    }

    static func dayKind(_ text: String) -> DayKind? {
        switch text.lowercased() {
        case "工作日", "上班", "调休上班", "调休工作日", "补班", "workday", "work", "working":
            return .workday
        case "休息日", "休息", "节假日", "假日", "放假", "holiday", "rest", "restday", "off":
            return .restDay
        default:
            return nil
        }
    }
}
