import Foundation

/// Writes RFC 4180 CSV for exports and templates.
///
/// UTF-8 with a BOM because Excel on Chinese Windows opens a BOM-less UTF-8
/// CSV as GBK and shows mojibake; CRLF line ends as the RFC says. Our own
/// small writer rather than CSV.swift's `CSVWriter`, which writes to an
/// `OutputStream`, adds nothing here and quotes only on demand the same way.
public struct CSVWriter: Sendable {
    public private(set) var text = ""
    public var includeBOM: Bool

    public init(includeBOM: Bool = true) {
        self.includeBOM = includeBOM
    }

    public mutating func writeRow(_ fields: [String]) {
        var first = true
        for field in fields {
            if !first { text.append(",") }
            first = false
            text.append(Self.escape(field))
        }
        text.append("\r\n")
    }

    public mutating func writeRows(_ rows: [[String]]) {
        for row in rows { writeRow(row) }
    }

    /// The file bytes (BOM first when `includeBOM`).
    public var data: Data {
        var data = Data()
        if includeBOM { data.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
        data.append(contentsOf: text.utf8)
        return data
    }

    /// Quotes a field when it contains a comma, quote, CR or LF, or starts or
    /// ends with a space (which readers may trim), doubling inner quotes.
    public static func escape(_ field: String) -> String {
        let needsQuotes = field.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
            || field.utf8.first == 0x20 || field.utf8.last == 0x20
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
