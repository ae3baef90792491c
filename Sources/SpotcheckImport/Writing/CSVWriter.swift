import Foundation
import SpotcheckCore

/// Writes RFC 4180 CSV for every export and template; fields go through ``CSVField``.
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

    /// One field as every export writes it (``CSVField``: formulas made inert, RFC 4180 quoting).
    public static func escape(_ field: String) -> String { CSVField.escaped(field) }
}
