import FluentKit
import Foundation
import SpotcheckCore

/// The Qinghe 2024 joint task of the notice (清双随机办〔2024〕21号), for the demo and tests.
extension DemoSeed {
    public static let qingheDocumentNumber = "清双随机办〔2024〕21号"

    /// The notice's plan: 应急管理局 leads; 市场监管局, 商务局 and 消防救援大队 join; the emergency
    /// fields' enterprises of the county; at least 20 % overall, more for the riskier classes.
    public static var qinghePlan: TaskPlan {
        TaskPlan(
            documentNumber: qingheDocumentNumber,
            title: "2024年度清河县应急管理领域部门联合“双随机、一公开”抽查",
            periodStart: CivilDate("2024-05-27")!, periodEnd: CivilDate("2024-07-31")!,
            leadDepartment: "yjj",
            departments: [
                TaskDepartmentPlan(department: "yjj", itemCodes: ["YJJ-001", "YJJ-002"], inspectorCount: 6,
                                   materials: ["安全生产许可证", "安全生产责任制及管理制度", "重大危险源备案及评估报告", "隐患排查治理台账"]),
                TaskDepartmentPlan(department: "scjg", itemCodes: ["SCJG-001", "SCJG-002"], inspectorCount: 8,
                                   materials: ["营业执照正副本", "年度报告公示信息的原始材料"]),
                TaskDepartmentPlan(department: "swj", itemCodes: ["SWJ-001"], inspectorCount: 4,
                                   materials: ["成品油零售经营批准证书", "进销存台账"]),
                TaskDepartmentPlan(department: "xf", itemCodes: ["XF-001"], inspectorCount: 4,
                                   materials: ["消防安全管理制度", "消防设施维护保养检测记录", "消防安全培训及演练记录"]),
            ],
            scope: TaskScope(tags: [.hazardousChemicals, .industryAndTrade, .refinedOil, .fireSafetyKeyUnit],
                             regionPrefix: DemoDirectory.countyRegionCode),
            ratios: [.a: 2000, .b: 2000, .c: 3000, .d: 5000],
            teamSize: 2,
            entropySource: "抽取当日现场两名见证人各报一个三位数，按“日期-witness-数1-数2”录入")
    }
}
