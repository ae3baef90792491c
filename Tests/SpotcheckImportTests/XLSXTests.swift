import Foundation
import Testing
@testable import SpotcheckImport
import SpotcheckCore

@Suite("XLSX 读写")
struct XLSXTests {
    @Test func writerToReaderRoundTrip() throws {
        let sheet = XLSXSheet(
            name: "分组报告",
            rows: [
                [.text("企业"), .text("检查组"), .empty, .text("日期")],
                [.empty, .text("姓名"), .text("手机号码"), .empty],
                [.text("清河县<鑫泰>&羊绒"), .text("李明 \"组长\""), .number(13_831_900_001), .date(CivilDate("2024-06-10")!)],
                [.text("多\n行"), .number(0.25), .number(-3), .empty],
            ],
            headerRows: 2,
            merges: ["A1:A2", "B1:C1", "D1:D2"],
            columnWidths: [0: 30, 1: 12]
        )
        let second = XLSXSheet(name: "第二页", header: ["a"], rows: [["b"]])
        let data = try XLSXWriter.data(sheets: [sheet, second])
        let rows = try XLSXReader.readFirstSheet(data)
        #expect(rows.map(\.line) == [1, 2, 3, 4])
        #expect(rows[0].cells == ["企业", "检查组", "", "日期"])
        #expect(rows[1].cells == ["", "姓名", "手机号码"])
        #expect(rows[2].cells == ["清河县<鑫泰>&羊绒", "李明 \"组长\"", "13831900001", "2024-06-10"])
        #expect(rows[3].cells == ["多\n行", "0.25", "-3"])
    }

    @Test func writtenPackageHasMergesBoldHeaderAndFrozenPane() throws {
        var strings = SharedStringTable()
        let xml = XLSXSheetXML.make(
            XLSXSheet(name: "s", rows: [[.text("h1"), .text("h2")], [.text("v"), .text("h1")]], headerRows: 1, merges: ["A1:B1"]),
            strings: &strings
        )
        #expect(xml.contains(#"<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>"#))
        #expect(xml.contains(#"<c r="A1" s="1" t="s"><v>0</v></c>"#))
        #expect(xml.contains(#"state="frozen""#))
        #expect(strings.xml.contains(#"count="4" uniqueCount="3""#))
        #expect(XLSXSheetXML.columnName(0) == "A")
        #expect(XLSXSheetXML.columnName(25) == "Z")
        #expect(XLSXSheetXML.columnName(26) == "AA")
        #expect(XLSXSheetXML.columnName(701) == "ZZ")
        #expect(XLSXWriter.uniqueSheetNames(["a/b", "a/b", "", String(repeating: "长", count: 40)])
            == ["ab", "ab(2)", "Sheet3", String(repeating: "长", count: 31)])
    }

    @Test func readsInlineStringsDateStylesAndGaps() throws {
        // What other producers write: prefixed element names, inline strings,
        // rich shared strings, a date style, a percent style, missing cells and rows.
        let sheet = """
        <?xml version="1.0" encoding="UTF-8"?>
        <x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>
        <x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>执法证号</x:t></x:is></x:c><x:c r="C1" t="s"><x:v>0</x:v></x:c></x:row>
        <x:row r="4"><x:c r="A4" t="str"><x:v>130534200001</x:v></x:c><x:c r="B4" s="1"><x:v>46752</x:v></x:c>
        <x:c r="C4" s="2"><x:v>0.05</x:v></x:c><x:c r="D4"><x:v>1.3831900001E10</x:v></x:c><x:c r="E4" t="b"><x:v>1</x:v></x:c></x:row>
        <x:row r="5"><x:c r="A5" t="s"><x:v>1</x:v></x:c></x:row>
        </x:sheetData></x:worksheet>
        """
        var styles = XLSXStyles()
        styles.dateStyles = [1]
        styles.percentStyles = [2]
        let context = XLSXSheetContext(sharedStrings: ["有效期至", ""], styles: styles, uses1904: false)
        let rows = try XLSXSheetParser.rows(of: Data(sheet.utf8), context: context)
        #expect(rows.map(\.line) == [1, 4])
        #expect(rows[0].cells == ["执法证号", "", "有效期至"])
        #expect(rows[1].cells == ["130534200001", "2027-12-31", "5%", "13831900001", "TRUE"])
    }

    @Test func sharedStringsSkipPhoneticRuns() throws {
        let xml = """
        <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>清河</t></si>
        <si><r><t>羊</t></r><r><rPr><b/></rPr><t xml:space="preserve">绒 </t></r><rPh><t>ヨウ</t></rPh></si></sst>
        """
        #expect(try XLSXReader.readSharedStrings(Data(xml.utf8)) == ["清河", "羊绒 "])
    }

    @Test func stylesDetectDatesAndPercents() throws {
        let xml = """
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
        <numFmts><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>
        <numFmt numFmtId="165" formatCode="0.0%"/><numFmt numFmtId="166" formatCode="[h]:mm:ss"/>
        <numFmt numFmtId="167" formatCode="0.00E+00"/></numFmts>
        <cellStyleXfs><xf numFmtId="14"/></cellStyleXfs>
        <cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="9"/><xf numFmtId="167"/><xf numFmtId="20"/></cellXfs>
        </styleSheet>
        """
        let styles = try XLSXReader.readStyles(Data(xml.utf8))
        #expect(styles.dateStyles == [1, 2])
        #expect(styles.percentStyles == [3, 5])
    }

    @Test func excelSerialDates() {
        #expect(ExcelDate.date(fromSerial: 1) == CivilDate("1900-01-01"))
        #expect(ExcelDate.date(fromSerial: 59) == CivilDate("1900-02-28"))
        #expect(ExcelDate.date(fromSerial: 61) == CivilDate("1900-03-01"))
        #expect(ExcelDate.date(fromSerial: 45_657) == CivilDate("2024-12-31"))
        #expect(ExcelDate.date(fromSerial: 45_657.75) == CivilDate("2024-12-31"))
        #expect(ExcelDate.date(fromSerial: 0, uses1904: true) == CivilDate("1904-01-01"))
        #expect(ExcelDate.serial(of: CivilDate("2024-12-31")!) == 45_657)
        #expect(ExcelDate.date(fromSerial: -1) == nil)
    }

    @Test func notAWorkbook() {
        #expect(throws: ImportFileError.self) { try XLSXReader.readFirstSheet(Data([0x50, 0x4B, 0x03, 0x04, 1, 2, 3])) }
        #expect(throws: ImportFileError.self) { try TabularReader.format(of: Data("a,b".utf8), fileName: "x.xlsx") }
    }
}
