/// The columns of one import list. Each case's raw value is the English
/// header (`uscc`, `risk_class`, …); `label` is the Chinese header, also used
/// as the field name in error messages; `aliases` are further accepted headers.
public protocol ImportColumn: CaseIterable, Hashable, Sendable, RawRepresentable
where RawValue == String, AllCases == [Self] {
    var label: String { get }
    var aliases: [String] { get }
    /// Whether the header row must contain this column at all (given the options:
    /// a department column is optional when `--dept` supplies it).
    func isRequiredColumn(options: ImportOptions) -> Bool
}

/// Header cell → column, tolerant of how people write headers: case, spaces,
/// underscores and hyphens are ignored, as are a trailing `*` (required
/// marker) and a parenthesised note such as `（A-D）` or `(yyyy-MM-dd)`.
struct HeaderMapping<Column: ImportColumn> {
    /// Cell index of each column present, by position in `Column.allCases`.
    private(set) var indices: [Int?]
    private let allCases = Column.allCases

    init(header: [String], line: Int, options: ImportOptions, issues: inout [ImportIssue]) {
        var lookup: [String: Int] = [:]
        for (ordinal, column) in allCases.enumerated() {
            for name in [column.rawValue, column.label] + column.aliases {
                lookup[Self.normalize(name)] = ordinal
            }
        }
        var indices = [Int?](repeating: nil, count: allCases.count)
        for (cellIndex, cell) in header.enumerated() {
            guard let ordinal = lookup[Self.normalize(cell)] else { continue }
            if indices[ordinal] != nil {
                issues.append(ImportIssue(line: line, field: allCases[ordinal].label, message: "表头中重复出现"))
                continue
            }
            indices[ordinal] = cellIndex
        }
        for (ordinal, column) in allCases.enumerated() where indices[ordinal] == nil && column.isRequiredColumn(options: options) {
            issues.append(ImportIssue(line: line, field: column.label, message: "缺少该列（表头可写 \(column.label) 或 \(column.rawValue)）"))
        }
        self.indices = indices
    }

    func has(_ column: Column) -> Bool {
        indices[ordinal(of: column)] != nil
    }

    /// The cell for `column` (trimmed by ``ImportSession``), or "" when the column or cell is absent.
    func cell(_ column: Column, in cells: [String]) -> String {
        guard let index = indices[ordinal(of: column)], index < cells.count else { return "" }
        return cells[index]
    }

    private func ordinal(of column: Column) -> Int {
        // allCases is tiny (≤ 15); a linear scan beats hashing here.
        allCases.firstIndex(of: column)!
    }

    static func normalize(_ header: String) -> String {
        var text = header.trimmedCell
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        for (open, close) in [("（", "）"), ("(", ")")] {
            if let start = text.range(of: open), let end = text.range(of: close, range: start.upperBound..<text.endIndex) {
                text.removeSubrange(start.lowerBound..<end.upperBound)
            }
        }
        return String(text.lowercased().filter { !" _-*＊\t".contains($0) })
    }
}
