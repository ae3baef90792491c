/// One problem with one cell or row, located as a spreadsheet shows it.
///
/// `message` is the reason alone; ``description`` is the full line users see:
/// `第 N 行：字段 — 原因`, N counting the header as line 1.
public struct ImportIssue: Sendable, Hashable, Codable, CustomStringConvertible {
    public let line: Int
    /// The column's Chinese label (统一社会信用代码, 信用风险分类, …).
    public let field: String
    public let message: String

    public init(line: Int, field: String, message: String) {
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String { "第 \(line) 行：\(field) — \(message)" }
}

/// A validated record and the spreadsheet line it came from.
public struct ImportRow<Record: Sendable>: Sendable {
    public let line: Int
    public let record: Record
}

extension ImportRow: Equatable where Record: Equatable {}
extension ImportRow: Hashable where Record: Hashable {}

/// Everything validation found in one file: the good rows and every problem.
///
/// A row is either in `valid` or has at least one entry in `errors`, never
/// both, so `--skip-invalid` imports exactly `valid` and the default (all or
/// nothing) imports only when `errors` is empty.
public struct ImportValidationResult<Record: Sendable>: Sendable {
    public internal(set) var valid: [ImportRow<Record>] = []
    /// In line order; a row may have several.
    public internal(set) var errors: [ImportIssue] = []
    /// Non-blank data rows read (valid + rejected).
    public internal(set) var rowCount = 0
    /// Format and encoding of the file, when it came from ``ImportValidator``.
    public internal(set) var source: TabularSource?

    public init() {}

    public var isClean: Bool { errors.isEmpty }

    /// Distinct lines with at least one error, ascending.
    public var rejectedLines: [Int] { Array(Set(errors.map(\.line))).sorted() }

    /// Rows accepted; counted apart from `valid` so it stays right when the
    /// caller streams rows instead of collecting them (`collectValidRows == false`).
    public internal(set) var validCount = 0

    /// Data rows rejected; header problems (line 1) are not rows.
    public var rejectedCount: Int { rowCount - validCount }

    /// Lines of all `errors` joined for a CLI or a page.
    public var report: String { errors.map(\.description).joined(separator: "\n") }
}

extension ImportValidationResult: Equatable where Record: Equatable {}
