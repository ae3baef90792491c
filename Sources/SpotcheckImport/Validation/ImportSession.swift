import Foundation

/// One row as a validator sees it: cells by column, already trimmed.
public struct ImportRowCells<Column: ImportColumn> {
    public let line: Int
    let cells: [String]
    let mapping: HeaderMapping<Column>

    /// The trimmed cell, or "" when the column is absent or the row is short.
    public subscript(_ column: Column) -> String { mapping.cell(column, in: cells) }

    /// Whether the file has this column at all (absent optional columns keep defaults).
    public func has(_ column: Column) -> Bool { mapping.has(column) }
}

/// Collects a row's problems; the row is valid when none were added.
public struct RowIssues<Column: ImportColumn> {
    public let line: Int
    public private(set) var issues: [ImportIssue] = []

    public init(line: Int) { self.line = line }

    public mutating func add(_ column: Column, _ message: String) {
        issues.append(ImportIssue(line: line, field: column.label, message: message))
    }

    /// "不能为空" for a missing required value.
    public mutating func addMissing(_ column: Column) { add(column, "不能为空") }

    public var isEmpty: Bool { issues.isEmpty }
}

/// Checks one list's rows. Implementations keep their own cross-row state
/// (codes seen so far) because duplicates are a property of the file.
public protocol ImportRowValidator {
    associatedtype Column: ImportColumn
    associatedtype Record: Sendable

    init(options: ImportOptions)
    /// The record for a good row; nil after adding at least one issue otherwise.
    mutating func validate(_ row: ImportRowCells<Column>, issues: inout RowIssues<Column>) -> Record?

    /// Sizes cross-row state for about `rows` rows (avoids rehashing on big files).
    mutating func reserveCapacity(_ rows: Int)
}

extension ImportRowValidator {
    public mutating func reserveCapacity(_ rows: Int) {}
}

/// Streaming validation of one file: feed rows in order (the first is the
/// header), get each good record back at once, and the full result at the end.
/// The store uses the streamed records for batched inserts without holding a
/// million of them.
public struct ImportSession<Validator: ImportRowValidator> {
    private var validator: Validator
    private let options: ImportOptions
    private var mapping: HeaderMapping<Validator.Column>?
    private var headerBroken = false
    public private(set) var result = ImportValidationResult<Validator.Record>()

    public init(options: ImportOptions = ImportOptions()) {
        self.options = options
        self.validator = Validator(options: options)
    }

    /// Prepares for about `rows` data rows; optional.
    public mutating func reserveCapacity(_ rows: Int) {
        validator.reserveCapacity(rows)
        if options.collectValidRows { result.valid.reserveCapacity(rows) }
    }

    /// Whether the header has been seen (the next row is data).
    public var hasHeader: Bool { mapping != nil }

    /// Feeds one non-blank row. Returns the record when the row is valid.
    /// `alreadyTrimmed` skips trimming cells for rows from ``TabularReader``,
    /// which trims on bytes; rows from elsewhere (a web form) are trimmed here.
    @discardableResult
    public mutating func consume(line: Int, cells: [String], alreadyTrimmed: Bool = false) -> Validator.Record? {
        let cells = alreadyTrimmed ? cells : cells.map(\.trimmedCell)
        guard let mapping else {
            var headerIssues: [ImportIssue] = []
            mapping = HeaderMapping(header: cells, line: line, options: options, issues: &headerIssues)
            headerBroken = !headerIssues.isEmpty
            result.errors.append(contentsOf: headerIssues)
            return nil
        }
        result.rowCount += 1
        // With a broken header every row would repeat the same complaint; the
        // header issues already say what to fix, and no row is accepted.
        guard !headerBroken else { return nil }
        var issues = RowIssues<Validator.Column>(line: line)
        let record = validator.validate(ImportRowCells(line: line, cells: cells, mapping: mapping), issues: &issues)
        guard let record, issues.isEmpty else {
            result.errors.append(contentsOf: issues.issues)
            return nil
        }
        result.validCount += 1
        if options.collectValidRows { result.valid.append(ImportRow(line: line, record: record)) }
        return record
    }

    /// The result; header problems are reported even for a file without data rows.
    public func finish(source: TabularSource? = nil) -> ImportValidationResult<Validator.Record> {
        var final = result
        final.source = source
        return final
    }
}
