import Foundation
import SpotcheckCore
import ZIPFoundation

/// A worksheet to write: rows of cells, how many leading rows are header
/// (bold, frozen), merged ranges (two-row headers of the group report), widths.
public struct XLSXSheet: Sendable {
    public var name: String
    public var rows: [[XLSXCell]]
    /// Leading rows drawn bold and kept visible when scrolling.
    public var headerRows: Int
    /// Ranges such as `A1:A2` or `C1:E1`.
    public var merges: [String]
    /// Column widths in characters, by column index; missing ones use Excel's default.
    public var columnWidths: [Int: Double]
    /// Rows (0-based) drawn with thin borders on every cell, as a printed table (统计表).
    public var borderedRows: Range<Int> = 0 ..< 0

    public init(
        name: String, rows: [[XLSXCell]], headerRows: Int = 1, merges: [String] = [], columnWidths: [Int: Double] = [:]
    ) {
        self.name = name
        self.rows = rows
        self.headerRows = headerRows
        self.merges = merges
        self.columnWidths = columnWidths
    }

    /// Text-only sheet: every cell a string, the first `headerRows` rows bold.
    public init(name: String, header: [String], rows: [[String]]) {
        self.init(name: name, rows: [header.map(XLSXCell.text)] + rows.map { $0.map(XLSXCell.text) })
    }
}

/// One cell value. Dates are written as serial numbers with a date style so
/// Excel sorts and filters them as dates.
public enum XLSXCell: Sendable, Hashable {
    case text(String)
    case number(Double)
    case date(CivilDate)
    case empty
}

/// Writes minimal valid .xlsx files (Office Open XML, SpreadsheetML): one
/// workbook, one or more sheets, shared strings, a bold header style, a date
/// style, merged cells and frozen header rows. Opens in Excel, WPS and LibreOffice.
public enum XLSXWriter {
    public enum WriteError: Error, CustomStringConvertible {
        case archive(String)
        case noSheets

        public var description: String {
            switch self {
            case .archive(let detail): return "无法生成 XLSX 文件：\(detail)"
            case .noSheets: return "无法生成 XLSX 文件：没有工作表"
            }
        }
    }

    public static func data(sheets: [XLSXSheet]) throws(WriteError) -> Data {
        guard !sheets.isEmpty else { throw .noSheets }
        var strings = SharedStringTable()
        let sheetXML = sheets.map { XLSXSheetXML.make($0, strings: &strings) }
        var parts: [(String, String)] = [
            ("[Content_Types].xml", XLSXPackageParts.contentTypes(sheetCount: sheets.count)),
            ("_rels/.rels", XLSXPackageParts.rootRelationships),
            ("xl/workbook.xml", XLSXPackageParts.workbook(sheetNames: uniqueSheetNames(sheets.map(\.name)))),
            ("xl/_rels/workbook.xml.rels", XLSXPackageParts.workbookRelationships(sheetCount: sheets.count)),
            ("xl/styles.xml", XLSXPackageParts.styles),
            ("xl/sharedStrings.xml", strings.xml),
        ]
        for (index, xml) in sheetXML.enumerated() {
            parts.append(("xl/worksheets/sheet\(index + 1).xml", xml))
        }
        do {
            let archive = try Archive(accessMode: .create)
            for (path, xml) in parts {
                let bytes = Data(xml.utf8)
                try archive.addEntry(
                    with: path, type: .file, uncompressedSize: Int64(bytes.count),
                    modificationDate: fixedDate, compressionMethod: .deflate
                ) { position, size in
                    bytes.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            guard let data = archive.data else { throw WriteError.archive("内存归档为空") }
            return data
        } catch let error as WriteError {
            throw error
        } catch {
            throw .archive("\(error)")
        }
    }

    /// A fixed timestamp keeps exports byte-identical for snapshot tests.
    static let fixedDate = Date(timeIntervalSince1970: 1_704_067_200)

    /// Excel refuses names longer than 31 characters, with `[]:*?/\`, or repeated.
    static func uniqueSheetNames(_ names: [String]) -> [String] {
        var used = Set<String>()
        return names.enumerated().map { index, name in
            var clean = String(name.filter { !"[]:*?/\\".contains($0) }.prefix(31))
            if clean.isEmpty { clean = "Sheet\(index + 1)" }
            var candidate = clean
            var suffix = 2
            while used.contains(candidate.lowercased()) {
                candidate = String(clean.prefix(28)) + "(\(suffix))"
                suffix += 1
            }
            used.insert(candidate.lowercased())
            return candidate
        }
    }
}

/// Shared strings in first-use order.
struct SharedStringTable {
    private var indices: [String: Int] = [:]
    private var ordered: [String] = []
    private var references = 0

    mutating func index(of text: String) -> Int {
        references += 1
        if let index = indices[text] { return index }
        indices[text] = ordered.count
        ordered.append(text)
        return ordered.count - 1
    }

    var xml: String {
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
        xml += #"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="\#(references)" uniqueCount="\#(ordered.count)">"#
        for text in ordered {
            xml += #"<si><t xml:space="preserve">"# + XMLEscaping.escape(text) + "</t></si>"
        }
        return xml + "</sst>"
    }
}
