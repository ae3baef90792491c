import Foundation
import SpotcheckCore

/// The spreadsheet formats an import accepts.
public enum TabularFormat: String, Sendable, Hashable {
    case csv
    case xlsx
}

/// What was read besides the rows: format and, for CSV, the text encoding.
public struct TabularSource: Sendable, Hashable {
    public let format: TabularFormat
    public let encoding: SourceEncoding?
}

/// One format-independent entry point for CSV and XLSX files.
///
/// Rows are streamed for CSV (a million-row file never exists as `[[String]]`)
/// and delivered from the parsed sheet for XLSX. Line numbers are what a
/// spreadsheet program shows: for CSV the record index + 1 (a quoted field
/// with line breaks is one row), for XLSX the row's own number.
public enum TabularReader {
    /// XLSX by the zip signature, old binary Excel refused, everything else CSV.
    /// The file name is only a tie-breaker: users rename files.
    public static func format(of data: Data, fileName: String? = nil) throws(ImportFileError) -> TabularFormat {
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return .xlsx }
        if data.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            throw .unsupportedFormat("旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 或 CSV")
        }
        if let fileName, fileName.lowercased().hasSuffix(".xlsx") {
            throw .invalidWorkbook("不是有效的 ZIP/XLSX 文件")
        }
        return .csv
    }

    /// Calls `body` for every row that has at least one non-blank cell, the
    /// header included (it is simply the first call). Cells are trimmed of
    /// surrounding white space (ASCII and U+3000). Blank rows — trailing
    /// ones from Excel especially — are skipped but still counted for line numbers.
    /// Every cell passes ``ImportLimits`` (length, no control characters) before `body` sees it;
    /// the first that does not stops the read with its line and column.
    @discardableResult
    public static func forEachRow(
        in data: Data,
        fileName: String? = nil,
        limits: ImportLimits = .standard,
        _ body: (_ line: Int, _ cells: [String]) throws -> Void
    ) throws -> TabularSource {
        switch try format(of: data, fileName: fileName) {
        case .xlsx:
            for row in try XLSXReader.readFirstSheet(data, limits: limits) {
                let cells = row.cells.map(\.trimmedCell)
                try check(cells, line: row.line, limits: limits)
                try body(row.line, cells)
            }
            return TabularSource(format: .xlsx, encoding: nil)
        case .csv:
            return try TextDecoding.withUTF8Buffer(data) { buffer, encoding in
                var parser = CSVParser.detectingDelimiter(in: buffer)
                parser.trimsFields = true
                parser.limits = limits
                try parser.forEachRecord(in: buffer) { index, fields in
                    guard !isBlank(fields) else { return }
                    try check(fields, line: index + 1, limits: limits)
                    try body(index + 1, fields)
                }
                return TabularSource(format: .csv, encoding: encoding)
            }
        }
    }

    /// The whole first sheet in memory, for small files, previews and tests.
    public static func readAll(_ data: Data, fileName: String? = nil) throws -> TabularSheet {
        var rows: [TabularRow] = []
        let source = try forEachRow(in: data, fileName: fileName) { line, cells in
            rows.append(TabularRow(line: line, cells: cells))
        }
        guard let header = rows.first else { throw ImportFileError.empty }
        return TabularSheet(source: source, header: header, rows: Array(rows.dropFirst()))
    }

    /// The cell rules of ``ImportLimits``, in the order a clerk reads the row.
    static func check(_ cells: [String], line: Int, limits: ImportLimits) throws(ImportFileError) {
        for (index, cell) in cells.enumerated() {
            let bytes = cell.utf8.count
            if bytes > limits.maxCellCharacters, bytes > limits.maxCellCharacters * 4 || cell.count > limits.maxCellCharacters {
                throw .cellTooLong(line: line, column: index + 1, limit: limits.maxCellCharacters)
            }
            if TextInput.containsForbiddenControl(cell) { throw .controlCharacter(line: line, column: index + 1) }
        }
    }

    static func isBlank(_ fields: [String]) -> Bool {
        for field in fields where !field.isEmpty { return false }
        return true
    }
}

/// A spreadsheet row and the line number a spreadsheet program shows for it.
public struct TabularRow: Sendable, Hashable {
    public let line: Int
    public let cells: [String]

    public init(line: Int, cells: [String]) {
        self.line = line
        self.cells = cells
    }
}

/// A fully read sheet: its header row and data rows.
public struct TabularSheet: Sendable, Hashable {
    public let source: TabularSource
    public let header: TabularRow
    public let rows: [TabularRow]
}
