import Foundation
import SpotcheckCore

struct XLSXSheetContext {
    let sharedStrings: [String]
    let styles: XLSXStyles
    let uses1904: Bool
}

/// Turns a worksheet part into rows of display strings.
enum XLSXSheetParser {
    static func rows(of data: Data, context: XLSXSheetContext, limits: ImportLimits = .standard) throws(ImportFileError) -> [(line: Int, cells: [String])] {
        var rows: [(line: Int, cells: [String])] = []
        var rowNumber = 0
        var cells: [String] = []
        var column = -1
        var cellType = "n"
        var cellStyle = 0
        var value = ""
        var capturing = false
        var inInlineString = false

        try XMLEventReader.parse(data) { (event) throws(ImportFileError) in
            switch event {
            case .start("row", let attributes):
                // Rows without `r` follow the previous one, as the spec allows.
                rowNumber = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
                // Excel stops at 1,048,576; a larger number is a forged sheet (and `+ 1` must not overflow).
                guard (1...2_000_000).contains(rowNumber) else { throw ImportFileError.invalidWorkbook("行号 \(rowNumber) 超出范围") }
                cells.removeAll(keepingCapacity: true)
                column = -1
            case .start("c", let attributes):
                column = attributes["r"].flatMap(columnIndex(ofReference:)) ?? column + 1
                // Before a row is padded out to the column: a cell at XFD1 is 16,384 cells.
                if column >= limits.maxColumns { throw ImportFileError.tooManyColumns(line: rowNumber, limit: limits.maxColumns) }
                cellType = attributes["t"] ?? "n"
                cellStyle = attributes["s"].flatMap(Int.init) ?? 0
                value = ""
            case .start("v", _):
                capturing = true
            case .start("is", _):
                inInlineString = true
            case .start("t", _) where inInlineString:
                capturing = true
            case .start("rPh", _):
                capturing = false
            case .text(let text) where capturing:
                value += text
            case .end("v"), .end("t"):
                capturing = false
            case .end("is"):
                inInlineString = false
            case .end("c"):
                let display = displayValue(value, type: cellType, style: cellStyle, context: context)
                if !display.isEmpty {
                    if cells.count <= column { cells.append(contentsOf: repeatElement("", count: column + 1 - cells.count)) }
                    cells[column] = display
                }
            case .end("row"):
                if cells.contains(where: { !$0.isEmpty }) { rows.append((rowNumber, cells)) }
            default:
                break
            }
        }
        return rows
    }

    /// `B12` → 1. Nil when the reference has no letters; at most three letters (Excel's last
    /// column is XFD), so a hostile reference cannot overflow the arithmetic.
    static func columnIndex(ofReference reference: String) -> Int? {
        var index = 0
        var letters = 0
        for byte in reference.utf8 {
            guard byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z"), letters < 3 else { break }
            index = index * 26 + Int(byte - UInt8(ascii: "A")) + 1
            letters += 1
        }
        return letters == 0 ? nil : index - 1
    }

    static func displayValue(_ raw: String, type: String, style: Int, context: XLSXSheetContext) -> String {
        switch type {
        case "s":
            guard let index = Int(raw), context.sharedStrings.indices.contains(index) else { return "" }
            return context.sharedStrings[index]
        case "inlineStr", "str", "e":
            return raw
        case "b":
            return raw == "1" ? "TRUE" : "FALSE"
        default:
            guard let number = Double(raw) else { return raw }
            if context.styles.dateStyles.contains(style), let date = ExcelDate.date(fromSerial: number, uses1904: context.uses1904) {
                return date.description
            }
            if context.styles.percentStyles.contains(style) {
                return formatNumber(number * 100, raw: nil) + "%"
            }
            return formatNumber(number, raw: raw)
        }
    }

    /// Integers without exponent or `.0`; other numbers as Excel stored them,
    /// trimmed of binary noise in the percent case.
    static func formatNumber(_ number: Double, raw: String?) -> String {
        if number == number.rounded(), abs(number) < 1e17 {
            return String(Int64(number))
        }
        if let raw, !raw.contains("E"), !raw.contains("e") { return raw }
        let rounded = (number * 1e9).rounded() / 1e9
        return "\(rounded)"
    }
}
