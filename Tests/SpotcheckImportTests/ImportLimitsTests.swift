import Foundation
import SpotcheckCore
import Testing
import ZIPFoundation
@testable import SpotcheckImport

/// Hostile import files (issue 13 items 1 and 2): each is refused with its line (or part) and a
/// Chinese reason as soon as a limit is passed, long before it could cost the server its memory.
@Suite("Import limits")
struct ImportLimitsTests {
    /// A valid workbook whose first sheet is replaced by `sheetBytes` of XML that compresses
    /// about a thousand times (white space inside `<sheetData>`).
    static func bomb(sheetBytes: Int) throws -> Data {
        let valid = try XLSXWriter.data(sheets: [XLSXSheet(name: "s", header: ["统一社会信用代码"], rows: [["x"]])])
        let source = try Archive(data: valid, accessMode: .read)
        let archive = try Archive(accessMode: .create)
        let head = Data(#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#.utf8)
        let tail = Data("</sheetData></worksheet>".utf8)
        let total = head.count + sheetBytes + tail.count
        for entry in source {
            if entry.path == "xl/worksheets/sheet1.xml" {
                try archive.addEntry(with: entry.path, type: .file, uncompressedSize: Int64(total), compressionMethod: .deflate) { position, size in
                    var chunk = Data(capacity: size)
                    for offset in Int(position)..<(Int(position) + size) {
                        if offset < head.count { chunk.append(head[offset]) }
                        else if offset >= total - tail.count { chunk.append(tail[offset - (total - tail.count)]) }
                        else { chunk.append(0x20) }
                    }
                    return chunk
                }
            } else {
                var data = Data()
                _ = try source.extract(entry) { data.append($0) }
                try archive.addEntry(with: entry.path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            }
        }
        return try #require(archive.data)
    }

    @Test("an XLSX whose sheet would inflate past the budget is refused from its declared size, unread")
    func declaredBomb() throws {
        let data = try Self.bomb(sheetBytes: 80 * 1024 * 1024)
        #expect(data.count < 1024 * 1024)
        #expect(throws: ImportFileError.inflatesTooMuch(part: "xl/worksheets/sheet1.xml", limitMegabytes: 64)) {
            _ = try XLSXReader.readFirstSheet(data)
        }
    }

    @Test("a part that inflates a thousand times its size is stopped as soon as the ratio is passed")
    func ratioBomb() throws {
        // Under the total budget, so only the ratio check can stop it; a lower total shows it
        // stops long before the part ends.
        let data = try Self.bomb(sheetBytes: 40 * 1024 * 1024)
        var limits = ImportLimits.standard
        limits.maxInflateRatio = 20
        let started = ContinuousClock.now
        #expect(throws: ImportFileError.inflatesTooMuch(part: "xl/worksheets/sheet1.xml", limitMegabytes: 64)) {
            _ = try XLSXReader.readFirstSheet(data, limits: limits)
        }
        #expect(ContinuousClock.now - started < .seconds(10))
        let message = ImportFileError.inflatesTooMuch(part: "xl/worksheets/sheet1.xml", limitMegabytes: 64).description
        #expect(message.contains("解压后超过 64 MB") && message.contains("CSV"))
    }

    @Test("a CSV line of a million columns is refused at the limit with its line number")
    func millionColumns() throws {
        let header = "统一社会信用代码,企业名称\n"
        let wide = String(repeating: ",", count: 1_000_000) + "\n"
        let data = Data((header + "91130534MA4NJ9W66H,恒安加油站\n" + wide).utf8)
        let started = ContinuousClock.now
        #expect(throws: ImportFileError.tooManyColumns(line: 3, limit: 64)) {
            try TabularReader.forEachRow(in: data) { _, _ in }
        }
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(ImportFileError.tooManyColumns(line: 3, limit: 64).description.hasPrefix("第 3 行"))
    }

    @Test("an XLSX cell far to the right is refused before the row is padded out to it")
    func farColumn() throws {
        let xml = #"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c>"#
            + #"<c r="XFD1" t="inlineStr"><is><t>far</t></is></c></row></sheetData></worksheet>"#
        #expect(throws: ImportFileError.tooManyColumns(line: 1, limit: 64)) {
            _ = try XLSXSheetParser.rows(of: Data(xml.utf8), context: XLSXSheetContext(sharedStrings: [], styles: XLSXStyles(), uses1904: false))
        }
        // A reference of many letters cannot overflow the column arithmetic.
        #expect(XLSXSheetParser.columnIndex(ofReference: String(repeating: "Z", count: 40) + "1") == 18_277)
    }

    @Test("an over-long line, an over-long cell and a NUL byte are refused with line and column")
    func lineCellAndControl() throws {
        let header = "统一社会信用代码,企业名称\n"
        let longLine = Data((header + "91130534MA4NJ9W66H,\"" + String(repeating: "长", count: 30_000) + "\"\n").utf8)
        #expect(throws: ImportFileError.lineTooLong(line: 2, limitBytes: 64 * 1024)) {
            try TabularReader.forEachRow(in: longLine) { _, _ in }
        }
        let longCell = Data((header + "91130534MA4NJ9W66H," + String(repeating: "长", count: 2_001) + "\n").utf8)
        #expect(throws: ImportFileError.cellTooLong(line: 2, column: 2, limit: 2_000)) {
            try TabularReader.forEachRow(in: longCell) { _, _ in }
        }
        // Exactly at the limit is fine.
        let atLimit = Data((header + "91130534MA4NJ9W66H," + String(repeating: "长", count: 2_000) + "\n").utf8)
        try TabularReader.forEachRow(in: atLimit) { _, _ in }
        let nul = Data((header + "91130534MA4NJ9W66H,恒安\u{0}加油站\n").utf8)
        #expect(throws: ImportFileError.controlCharacter(line: 2, column: 2)) {
            try TabularReader.forEachRow(in: nul) { _, _ in }
        }
        #expect(ImportFileError.controlCharacter(line: 2, column: 2).description == "第 2 行第 2 列：含有不可见的控制字符，请删除后重新导入")
    }
}
