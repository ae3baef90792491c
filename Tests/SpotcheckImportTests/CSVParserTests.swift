import Foundation
import Testing
@testable import SpotcheckImport

@Suite("CSV 解析")
struct CSVParserTests {
    private func parse(_ text: String, delimiter: UInt8 = UInt8(ascii: ",")) throws -> [[String]] {
        try CSVParser(delimiter: delimiter).records(in: Array(text.utf8))
    }

    @Test func rfc4180Basics() throws {
        #expect(try parse("a,b,c\n1,2,3\n") == [["a", "b", "c"], ["1", "2", "3"]])
        #expect(try parse("a,b\r\n1,2") == [["a", "b"], ["1", "2"]])
        #expect(try parse("a,b\r1,2\r") == [["a", "b"], ["1", "2"]])
        #expect(try parse("a,,c,\n") == [["a", "", "c", ""]])
        #expect(try parse("") == [])
        #expect(try parse("\n") == [[""]])
        #expect(try parse("a\n\nb\n") == [["a"], [""], ["b"]])
    }

    @Test func quotedFields() throws {
        #expect(try parse("\"a,b\",\"say \"\"hi\"\"\",\"\"\n") == [["a,b", "say \"hi\"", ""]])
        #expect(try parse("\"line\nbreak\",x\r\n\"crlf\r\ninside\",y") == [["line\nbreak", "x"], ["crlf\r\ninside", "y"]])
        #expect(try parse("\"中文，逗号\",清河") == [["中文，逗号", "清河"]])
        #expect(try parse("x,\"\"") == [["x", ""]])
    }

    @Test func lenientLikeExcel() throws {
        // A quote inside an unquoted field is literal; text after a closing quote is kept.
        #expect(try parse("ab\"c,d\n") == [["ab\"c", "d"]])
        #expect(try parse("\"ab\"c,d\n") == [["abc", "d"]])
    }

    @Test func recordIndexCountsRecordsNotPhysicalLines() throws {
        var seen: [(Int, String)] = []
        let text = "h\n\"a\nb\nc\"\nnext\n"
        try Array(text.utf8).withUnsafeBufferPointer { buffer in
            try CSVParser().forEachRecord(in: buffer) { index, fields in seen.append((index, fields[0])) }
        }
        #expect(seen.map(\.0) == [0, 1, 2])
        #expect(seen.map(\.1) == ["h", "a\nb\nc", "next"])
    }

    @Test func unterminatedQuoteNamesTheRecordWhereItStarted() {
        #expect(throws: ImportFileError.unterminatedQuote(line: 3)) { try parse("a\nb\n\"open,\nmore\n") }
    }

    @Test func tabDelimiterIsDetected() throws {
        let bytes = Array("名称\t代码\n甲\t1\n".utf8)
        let parser = bytes.withUnsafeBufferPointer { CSVParser.detectingDelimiter(in: $0) }
        #expect(parser.delimiter == 0x09)
        #expect(try parser.records(in: bytes) == [["名称", "代码"], ["甲", "1"]])
        let commas = Array("a,b\tc\n".utf8).withUnsafeBufferPointer { CSVParser.detectingDelimiter(in: $0) }
        #expect(commas.delimiter == UInt8(ascii: ","))
    }

    @Test func writerOutputParsesBack() throws {
        let rows = [["代码", "名称"], ["1", "a,b"], ["2", "say \"hi\""], ["3", "多\n行"], ["4", " 前后空格 "], ["5", ""]]
        var writer = CSVWriter()
        writer.writeRows(rows)
        #expect(writer.data.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(writer.text.hasSuffix("\r\n"))
        let decoded = try TextDecoding.utf8Bytes(writer.data)
        #expect(decoded.encoding == .utf8WithBOM)
        #expect(try CSVParser().records(in: decoded.bytes) == rows)
        #expect(CSVWriter.escape("plain") == "plain")
        #expect(CSVWriter.escape("a\"b") == "\"a\"\"b\"")
    }
}
