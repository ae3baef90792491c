/// A small RFC 4180 reader for the offline files of spec §8.
///
/// Why not a CSV package: SpotcheckCore takes no dependency but swift-crypto,
/// and these files need only quotes, CRLF and a BOM. Every row keeps the line
/// it started on (the header is line 1) so errors point at the exact line.
struct DrawCSVReader {
    /// One data row.
    struct Row {
        /// Line number where the row starts (header = 1).
        let line: Int
        /// Fields in file order.
        let fields: [String]
    }

    /// Header fields, trimmed and lower-cased.
    let header: [String]
    /// Non-empty data rows.
    let rows: [Row]
    let file: String

    /// Reads `text`; an empty text or an unterminated quote is an error.
    init(_ text: String, file: String) throws(DrawError) {
        self.file = file
        var rows: [Row] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1, rowLine = 1
        var inQuotes = false, quotedField = false
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        func endRow() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            if !(fields.count == 1 && fields[0].isEmpty && !quotedField) {
                rows.append(Row(line: rowLine, fields: fields))
            }
            fields.removeAll(keepingCapacity: true)
            quotedField = false
        }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    field.append(byte)
                }
            } else {
                switch byte {
                case UInt8(ascii: "\""):
                    inQuotes = true
                    quotedField = true
                case UInt8(ascii: ","):
                    fields.append(String(decoding: field, as: UTF8.self))
                    field.removeAll(keepingCapacity: true)
                case UInt8(ascii: "\r") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\n"):
                    break
                case UInt8(ascii: "\n"):
                    endRow()
                    line += 1
                    rowLine = line
                default:
                    field.append(byte)
                }
            }
            index += 1
        }
        if inQuotes {
            throw DrawError.csv(file: file, line: rowLine, reason: "引号未闭合 (unterminated quote)")
        }
        if !field.isEmpty || !fields.isEmpty || quotedField { endRow() }
        guard let first = rows.first, first.line == 1 else {
            throw DrawError.csv(file: file, line: 1, reason: "缺少表头 (missing header line)")
        }
        self.header = first.fields.map { $0.trimmedForDraw().lowercased() }
        self.rows = Array(rows.dropFirst())
    }

    /// Index of a required column.
    func column(_ name: String) throws(DrawError) -> Int {
        guard let index = header.firstIndex(of: name) else {
            throw DrawError.csv(file: file, line: 1, reason: "表头缺少列 \(name) (missing column \(name) in the header)")
        }
        return index
    }

    /// Field `column` of `row`, or an error naming the line when the row is short.
    func field(_ row: Row, _ column: Int, name: String) throws(DrawError) -> String {
        guard column < row.fields.count else {
            throw DrawError.csv(file: file, line: row.line, reason: "缺少字段 \(name) (missing field \(name))")
        }
        return row.fields[column]
    }

    /// A line-numbered error for `row`.
    func error(_ row: Row, _ reason: String) -> DrawError {
        DrawError.csv(file: file, line: row.line, reason: reason)
    }
}
