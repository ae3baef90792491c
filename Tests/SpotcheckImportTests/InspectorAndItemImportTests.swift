import Foundation
import Testing
@testable import SpotcheckImport
import SpotcheckCore

@Suite("人员与事项导入")
struct InspectorAndItemImportTests {
    @Test func inspectorsEnglishHeaders() throws {
        let csv = """
        code,name,dept,mobile,status,certificate_expiry,expertise,expert
        130534200001,李明华,scjg,13831900001,在岗,2027-12-31,登记;公示信息,否
        130534200002,王芳,scjg,138 3190 0002,休假,2026/6/30,,
        ZJ1305340001,赵专家,scjg,,在岗,,危险化学品,是
        """
        let result = try ImportValidator.inspectors(data: Data(csv.utf8))
        #expect(result.isClean, "\(result.report)")
        #expect(result.valid.map(\.record) == [
            InspectorRecord(code: "130534200001", name: "李明华", dept: "scjg", mobile: "13831900001", status: .onDuty,
                            certificateExpiry: CivilDate("2027-12-31"), expertise: ["登记", "公示信息"], isExpert: false),
            InspectorRecord(code: "130534200002", name: "王芳", dept: "scjg", mobile: "138 3190 0002", status: .onLeave,
                            certificateExpiry: CivilDate("2026-06-30"), expertise: [], isExpert: false),
            InspectorRecord(code: "ZJ1305340001", name: "赵专家", dept: "scjg", mobile: "", status: .onDuty,
                            certificateExpiry: nil, expertise: ["危险化学品"], isExpert: true),
        ])
    }

    @Test func inspectorErrors() throws {
        let csv = """
        执法证号,姓名,部门,手机号码,状态,执法证有效期,专长
        130534200001,李明华,scjg,1383190000,在岗,2027-13-01,
        130534200001,王芳,yjj,13831900002,出差,,
        ,,,,,,
        130534200003,,scjg,13831900003,在岗,45657,
        """
        var options = ImportOptions()
        options.department = "scjg"
        let result = try ImportValidator.inspectors(data: Data(csv.utf8), options: options)
        #expect(result.errors.map(\.description) == [
            "第 2 行：手机号码 — 手机号码格式不正确 1383190000",
            "第 2 行：有效期至 — 日期格式不正确 2027-13-01（应为 yyyy-MM-dd）",
            "第 3 行：执法证号 — 130534200001 与第 2 行重复",
            "第 3 行：部门 — yjj 与导入的部门 scjg 不一致",
            "第 3 行：状态 — 未知状态 出差（应为 在岗、休假 或 离岗）",
            "第 3 行：有效期至 — 不能为空",
            "第 5 行：姓名 — 不能为空",
        ])
        #expect(result.rowCount == 3)
    }

    @Test func inspectorDateFormsAndDepartments() throws {
        #expect(CellParsers.date("2025年1月5日") == CivilDate("2025-01-05"))
        #expect(CellParsers.date("2025.01.05") == CivilDate("2025-01-05"))
        #expect(CellParsers.date("20250105") == CivilDate("2025-01-05"))
        #expect(CellParsers.date("45657") == CivilDate("2024-12-31"))
        #expect(CellParsers.date("2025-02-30") == nil)
        #expect(CellParsers.date("明年") == nil)
        var options = ImportOptions()
        options.knownDepartments = ["scjg", "yjj"]
        options.departmentAliases = ["市场监管局": "scjg"]
        let csv = "code,name,dept,certificate_expiry\n1,甲,市场监管局,2030-01-01\n2,乙,SCJG,2030-01-01\n3,丙,公安局,2030-01-01\n"
        let result = try ImportValidator.inspectors(data: Data(csv.utf8), options: options)
        #expect(result.valid.map(\.record.dept) == ["scjg", "scjg"])
        #expect(result.errors.map(\.description) == ["第 4 行：部门 — 未知部门 公安局"])
    }

    @Test func phoneRules() {
        for good in ["13831900001", "+86 138 3190 0001", "0319-8123456", "(0319)8123456", "03198123456",
                     "0319-8123456-801", "0319-8123456转801", "8123456", "400-123-4567"] {
            #expect(CellParsers.isPhone(good), "\(good)")
        }
        for bad in ["12345", "1383190000", "abc", "0319-81234", "12831900001", "0319-8123456转", ""] {
            #expect(!CellParsers.isPhone(bad), "\(bad)")
        }
        #expect(CellParsers.isMobile("8613831900001"))
        #expect(!CellParsers.isMobile("0319-8123456"))
    }

    @Test func items() throws {
        let csv = """
        部门,编号,抽查事项,抽查子项,抽查依据,抽查主体,抽查对象,抽查方式,事项类别,抽查比例,抽查频次,所需材料,检查人员要求
        scjg,SCJG-003,公示信息检查,"年度报告公示信息；即时公示信息
        登记事项",《企业信息公示暂行条例》第三条、第十四条,清河县市场监督管理局,公示信息,书面检查、实地核查,一般,5%,每年 1 次,营业执照副本；年度报告底稿,持证人员
        yjj,YJJ-001,危险化学品安全检查,,《危险化学品安全管理条例》第六条,清河县应急管理局,危险化学品;工贸,现场检查,重点检查事项,0.5,,,
        yjj,YJJ-001,重复,,依据,,,,,,,,
        yjj,YJJ-002,坏行,,,,特种设备,飞行检查,特别,120%,,,
        """
        let result = try ImportValidator.items(data: Data(csv.utf8))
        #expect(result.valid.count == 2)
        let first = try #require(result.valid.first?.record)
        #expect(first.subItems == ["年度报告公示信息", "即时公示信息", "登记事项"])
        #expect(first.legalBasis == "《企业信息公示暂行条例》第三条、第十四条")
        #expect(first.methods == [.documentary, .onSite])
        #expect(first.defaultRatioBasisPoints == 500)
        #expect(first.materials == ["营业执照副本", "年度报告底稿"])
        let second = result.valid[1].record
        #expect(second.scopeTags == [.hazardousChemicals, .industryAndTrade])
        #expect(second.category == .key)
        #expect(second.methods == [.onSite])
        #expect(second.defaultRatioBasisPoints == 50)
        // The first item's quoted sub-items span two physical lines but are one row.
        #expect(result.errors.map(\.line) == [4, 5, 5, 5, 5, 5])
        #expect(result.errors[0].description == "第 4 行：编号 — YJJ-001 与第 3 行重复")
        #expect(result.errors.map(\.field).dropFirst() == ["抽查依据", "抽查对象", "抽查方式", "事项类别", "抽查比例"])
    }

    @Test func templatesValidateCleanly() throws {
        for kind in ImportKind.allCases {
            let csv = ImportTemplates.csvData(for: kind)
            let xlsx = try ImportTemplates.xlsxData(for: kind)
            for data in [csv, xlsx] {
                let count: Int
                let report: String
                switch kind {
                case .enterprises:
                    let result = try ImportValidator.enterprises(data: data)
                    (count, report) = (result.validCount, result.report)
                case .inspectors:
                    let result = try ImportValidator.inspectors(data: data)
                    (count, report) = (result.validCount, result.report)
                case .items:
                    let result = try ImportValidator.items(data: data)
                    (count, report) = (result.validCount, result.report)
                }
                #expect(count == 1, "\(kind): \(report)")
            }
            #expect(ImportTemplates.headers(for: kind).count == ImportTemplates.exampleRow(for: kind).count)
            #expect(ImportTemplates.csv(for: kind, includeExample: false).split(separator: "\r\n").count == 1)
        }
        #expect(ImportTemplates.fileName(for: .inspectors) == "执法检查人员名录库导入模板.csv")
    }
}

@Suite("基准数据")
struct SyntheticEnterpriseCSVTests {
    @Test func everyGeneratedRowIsValidAndUnique() throws {
        let data = SyntheticEnterpriseCSV.data(rows: 2_000)
        #expect(data == SyntheticEnterpriseCSV.data(rows: 2_000))
        let result = try ImportValidator.enterprises(data: data)
        #expect(result.isClean, "\(result.report.prefix(500))")
        #expect(result.validCount == 2_000)
    }
}
