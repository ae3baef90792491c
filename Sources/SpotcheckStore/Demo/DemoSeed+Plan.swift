import FluentKit
import Foundation
import SpotcheckCore

/// The Qinghe 2024 annual spot-check plan (年度抽查计划) the notice's task comes from: drafted by
/// the departments in February, published by the office on 2024-02-26.
extension DemoSeed {
    /// The plan's entries: the emergency-management joint check the notice launches, and
    /// single-department checks of 市场监管局, 消防救援大队 and 商务局 (not launched in the demo).
    public static let qinghePlanEntries: [AnnualPlanEntry] = [
        AnnualPlanEntry(year: 2024, title: "2024年度清河县应急管理领域部门联合“双随机、一公开”抽查", leadDepartment: "yjj",
                        cooperatingDepartments: ["scjg", "swj", "xf"], field: "应急管理",
                        itemCodes: ["YJJ-001", "YJJ-002", "SCJG-001", "SCJG-002", "SWJ-001", "XF-001"],
                        objectScope: "辖区内危险化学品、工贸行业、成品油经营企业和消防安全重点单位", ratioBasisPoints: 2000, months: [5, 6, 7]),
        AnnualPlanEntry(year: 2024, title: "2024年度产品质量监督“双随机”抽查", leadDepartment: "scjg", field: "产品质量",
                        itemCodes: ["SCJG-004"], objectScope: "辖区内生产、销售重点工业产品的企业", ratioBasisPoints: 500, months: [9, 10]),
        AnnualPlanEntry(year: 2024, title: "2024年度消防产品质量监督“双随机”抽查", leadDepartment: "xf", field: "消防安全",
                        itemCodes: ["XF-002"], objectScope: "辖区内使用消防产品的人员密集场所", ratioBasisPoints: 300, months: [8]),
    ]

    /// Drafts the entries as each lead department's admin, approves (审定) and publishes the plan
    /// as the office, and returns the joint entry's id for the task.
    static func seedAnnualPlan(on tx: any Database, actor: AuditLog.Actor) async throws -> Int {
        let drafted = AnnualPlanStore(db: tx, clock: .fixed(CivilDate("2024-02-19")!))
        var jointID = 0
        for entry in qinghePlanEntries {
            let saved = try await drafted.add(entry, actor: AuditLog.Actor("\(entry.leadDepartment)-admin"))
            if entry.isJoint { jointID = saved.entry.id }
        }
        try await AnnualPlanStore(db: tx, clock: .fixed(CivilDate("2024-02-23")!)).approve(year: 2024, actor: actor)
        try await AnnualPlanStore(db: tx, clock: .fixed(CivilDate("2024-02-26")!)).publish(year: 2024, actor: actor)
        return jointID
    }
}
