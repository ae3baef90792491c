import SpotcheckCore

/// The worksheet part for one ``XLSXSheet``.
enum XLSXSheetXML {
    static func make(_ sheet: XLSXSheet, strings: inout SharedStringTable) -> String {
        var xml = XLSXPackageParts.header
        xml += #"<worksheet xmlns="\#(XLSXPackageParts.mainNamespace)" xmlns:r="\#(XLSXPackageParts.relationshipNamespace)">"#
        let columnCount = sheet.rows.map(\.count).max() ?? 0
        if columnCount > 0, !sheet.rows.isEmpty {
            xml += #"<dimension ref="A1:\#(columnName(columnCount - 1))\#(sheet.rows.count)"/>"#
        }
        if sheet.headerRows > 0 && sheet.headerRows < sheet.rows.count {
            let topLeft = "A\(sheet.headerRows + 1)"
            xml += #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="\#(sheet.headerRows)" topLeftCell="\#(topLeft)" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>"#
        }
        if !sheet.columnWidths.isEmpty {
            xml += "<cols>"
            for (column, width) in sheet.columnWidths.sorted(by: { $0.key < $1.key }) {
                xml += #"<col min="\#(column + 1)" max="\#(column + 1)" width="\#(width)" customWidth="1"/>"#
            }
            xml += "</cols>"
        }
        xml += "<sheetData>"
        for (rowIndex, row) in sheet.rows.enumerated() {
            let rowNumber = rowIndex + 1
            let bold = rowIndex < sheet.headerRows
            let bordered = sheet.borderedRows.contains(rowIndex)
            xml += #"<row r="\#(rowNumber)">"#
            for (columnIndex, cell) in row.enumerated() {
                let reference = "\(columnName(columnIndex))\(rowNumber)"
                xml += cellXML(cell, reference: reference, bold: bold, bordered: bordered, strings: &strings)
            }
            xml += "</row>"
        }
        xml += "</sheetData>"
        if !sheet.merges.isEmpty {
            xml += #"<mergeCells count="\#(sheet.merges.count)">"#
            for range in sheet.merges { xml += #"<mergeCell ref="\#(XMLEscaping.escape(range))"/>"# }
            xml += "</mergeCells>"
        }
        return xml + "</worksheet>"
    }

    /// Empty header cells still get the bold style so merged header areas look uniform.
    /// Bordered cells (styles 4–6) are written even when empty, so the grid has no gaps.
    private static func cellXML(_ cell: XLSXCell, reference: String, bold: Bool, bordered: Bool = false,
                                strings: inout SharedStringTable) -> String {
        let style = bordered ? (bold ? #" s="5""# : #" s="4""#) : bold ? #" s="1""# : ""
        let keepEmpty = bold || bordered
        switch cell {
        case .empty:
            return keepEmpty ? #"<c r="\#(reference)"\#(style)/>"# : ""
        case .text(let text):
            if text.isEmpty { return keepEmpty ? #"<c r="\#(reference)"\#(style)/>"# : "" }
            return #"<c r="\#(reference)"\#(style) t="s"><v>\#(strings.index(of: text))</v></c>"#
        case .number(let value):
            guard value.isFinite else { return "" }
            let text = value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
            return #"<c r="\#(reference)"\#(style)><v>\#(text)</v></c>"#
        case .date(let date):
            return #"<c r="\#(reference)" s="\#(bordered ? 6 : bold ? 3 : 2)"><v>\#(ExcelDate.serial(of: date))</v></c>"#
        }
    }

    /// 0 → A, 25 → Z, 26 → AA.
    static func columnName(_ index: Int) -> String {
        var index = index + 1
        var name = ""
        while index > 0 {
            let remainder = (index - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + remainder))) + name
            index = (index - 1) / 26
        }
        return name
    }
}
