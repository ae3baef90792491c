import Foundation
import Testing
@testable import SpotcheckImport
import SpotcheckCore

@Suite("检查对象名录库导入")
struct EnterpriseImportTests {
    @Test func tenRowsThreeBadCSV() throws {
        let result = try ImportValidator.enterprises(data: Data(ImportTestData.tenRowCSV.utf8), fileName: "e.csv")
        #expect(result.rejectedLines == ImportTestData.tenRowBadLines)
        #expect(result.errors.count == 3)
        #expect(result.valid.count == 7)
        #expect(result.rowCount == 10)
        #expect(result.rejectedCount == 3)
        #expect(result.valid.map(\.line) == [2, 3, 5, 6, 8, 10, 11])
        #expect(result.source == TabularSource(format: .csv, encoding: .utf8))
        let messages = result.errors.map(\.description)
        #expect(messages[0].hasPrefix("第 4 行：统一社会信用代码 — 校验位错误（应为 "))
        #expect(messages[1] == "第 7 行：统一社会信用代码 — \(ImportTestData.code(0)) 与第 2 行重复")
        #expect(messages[2] == "第 9 行：信用风险分类 — 未知分类 E（应为 A、B、C 或 D）")
    }

    @Test func tenRowsThreeBadWithBOMAndCRLF() throws {
        let text = ImportTestData.tenRowCSV.replacingOccurrences(of: "\n", with: "\r\n")
        let data = Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8)
        let result = try ImportValidator.enterprises(data: data)
        #expect(result.rejectedLines == ImportTestData.tenRowBadLines)
        #expect(result.valid.count == 7)
        #expect(result.source?.encoding == .utf8WithBOM)
    }

    @Test func tenRowsThreeBadGB18030() throws {
        let data = try #require(TextDecoding.gb18030Data(ImportTestData.tenRowCSV))
        #expect(!UTF8Validation.isValid([UInt8](data)))
        let result = try ImportValidator.enterprises(data: data)
        #expect(result.source?.encoding == .gb18030)
        #expect(result.rejectedLines == ImportTestData.tenRowBadLines)
        #expect(result.valid.count == 7)
        #expect(result.valid[0].record.name == "清河县测试0号有限公司")
    }

    @Test func tenRowsThreeBadXLSX() throws {
        let sheet = XLSXSheet(name: "名录", header: ImportTestData.englishHeader.components(separatedBy: ","), rows: ImportTestData.tenRowRows)
        let data = try XLSXWriter.data(sheets: [sheet])
        let result = try ImportValidator.enterprises(data: data, fileName: "e.xlsx")
        #expect(result.source?.format == .xlsx)
        #expect(result.rejectedLines == ImportTestData.tenRowBadLines)
        #expect(result.valid.count == 7)
    }

    @Test func chineseHeadersAndRecordFields() throws {
        let csv = """
        统一社会信用代码,名称,法定代表人,住所,行政区划代码,行业,标签,风险等级,登记状态,联系电话,备注
        914403001922038216,清河县鑫泰羊绒制品有限公司,王建国,清河县羊绒大道18号,130534,纺织业,工贸；消防重点单位、工贸,b类,注销,0319-8123456,随便写
        """
        let result = try ImportValidator.enterprises(data: Data(csv.utf8))
        #expect(result.isClean, "\(result.report)")
        let record = try #require(result.valid.first?.record)
        #expect(record == EnterpriseRecord(
            uscc: "914403001922038216", name: "清河县鑫泰羊绒制品有限公司", legalRepresentative: "王建国",
            address: "清河县羊绒大道18号", regionCode: "130534", industry: "纺织业",
            tags: [.industryAndTrade, .fireSafetyKeyUnit], riskClass: .b, status: .deregistered, phone: "0319-8123456"
        ))
    }

    @Test func everyKindOfRowError() throws {
        let csv = """
        uscc,name,region_code,tags,risk_class,status,phone
        ,缺代码,130534,,A,,
        91440300192203821,短代码,130534,,A,,
        91440300I922038216,非法字符,130534,,A,,
        914403001922038216,,130534,,,,
        91110108551385082Q,坏区划,13053,特种设备,A,歇业,12345
        """
        let result = try ImportValidator.enterprises(data: Data(csv.utf8))
        let lines = result.errors.map(\.description)
        #expect(lines == [
            "第 2 行：统一社会信用代码 — 不能为空",
            "第 3 行：统一社会信用代码 — 长度不是 18 位",
            "第 4 行：统一社会信用代码 — 含非法字符 I",
            "第 5 行：企业名称 — 不能为空",
            "第 5 行：信用风险分类 — 不能为空",
            "第 6 行：行政区划代码 — 13053 应为 6 位或 9 位以上数字",
            "第 6 行：领域标签 — 未知标签 特种设备（可用：危险化学品、工贸、成品油、消防重点单位、拍卖、计量器具、产品质量、登记、公示信息）",
            "第 6 行：状态 — 未知状态 歇业（应为 存续、注销 或 吊销）",
            "第 6 行：联系电话 — 电话号码格式不正确 12345",
        ])
        #expect(result.valid.isEmpty)
        #expect(result.rejectedCount == 5)
    }

    @Test func configurableTagsAndDatabaseDuplicates() throws {
        let csv = "uscc,name,tags,risk_class\n914403001922038216,甲,特种设备,A\n91110108551385082Q,乙,工贸,C\n"
        var options = ImportOptions()
        options.tagVocabulary = FieldTagVocabulary.standard.adding([FieldTag("特种设备")])
        options.conflictingCodes = ["91110108551385082Q"]
        let result = try ImportValidator.enterprises(data: Data(csv.utf8), options: options)
        #expect(result.valid.map(\.record.tags) == [[FieldTag("特种设备")]])
        #expect(result.errors.map(\.description) == ["第 3 行：统一社会信用代码 — 91110108551385082Q 与名录库中已有记录重复"])
    }

    @Test func missingRequiredColumnsAreReportedOnceOnLineOne() throws {
        let csv = "uscc,名称\n914403001922038216,甲\n91110108551385082Q,乙\n"
        let result = try ImportValidator.enterprises(data: Data(csv.utf8))
        #expect(result.errors.map(\.description) == ["第 1 行：信用风险分类 — 缺少该列（表头可写 信用风险分类 或 risk_class）"])
        #expect(result.valid.isEmpty)
        #expect(result.rowCount == 2)
    }

    @Test func blankRowsAreSkippedButCounted() throws {
        let csv = "uscc,name,risk_class\n914403001922038216,甲,A\n,,\n\n91110108551385082Q,乙,X\n,,\n\n\n"
        let result = try ImportValidator.enterprises(data: Data(csv.utf8))
        #expect(result.rowCount == 2)
        #expect(result.errors.map(\.line) == [5])
    }

    @Test func quotedMultiLineFieldsKeepLineNumbers() throws {
        let csv = "uscc,name,address,risk_class\r\n914403001922038216,\"甲\",\"清河县\r\n武松路 1 号\",A\r\n\"91110108551385082Q\",\"乙 \"\"分公司\"\"\",\"多\n行\n地址\",E\r\n"
        let result = try ImportValidator.enterprises(data: Data(csv.utf8))
        #expect(result.valid.first?.record.address == "清河县\r\n武松路 1 号")
        #expect(result.errors.map(\.line) == [3])
    }

    @Test func streamingWithoutCollecting() throws {
        var options = ImportOptions()
        options.collectValidRows = false
        var streamed: [Int] = []
        let result = try ImportValidator.validate(
            EnterpriseRowValidator.self, data: Data(ImportTestData.tenRowCSV.utf8), options: options
        ) { streamed.append($0.line) }
        #expect(result.valid.isEmpty)
        #expect(result.validCount == 7)
        #expect(streamed == [2, 3, 5, 6, 8, 10, 11])
        #expect(result.rejectedCount == 3)
    }

    @Test func unreadableFiles() {
        #expect(throws: ImportFileError.empty) { try ImportValidator.enterprises(data: Data()) }
        #expect(throws: ImportFileError.unterminatedQuote(line: 2)) {
            try ImportValidator.enterprises(data: Data("uscc,name,risk_class\n\"9144,甲,A\n".utf8))
        }
        #expect(throws: ImportFileError.self) {
            try ImportValidator.enterprises(data: Data([0xD0, 0xCF, 0x11, 0xE0, 0, 0]), fileName: "old.xls")
        }
        #expect(ImportFileError.unterminatedQuote(line: 2).description == "第 2 行：CSV 格式错误 — 引号未闭合")
    }
}
