import Crypto
import FluentKit
import Foundation
import SQLKit
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

    /// The demo's fixed secret, so every fresh demo shows the same draw (a real task's secret
    /// comes from the CSPRNG at publication).
    static var qingheSecret: [UInt8] { Array(SHA256.hash(data: Data("清河县 2024 演示任务".utf8))) }

    /// Runs the Qinghe task through publication (2024-05-20), the draw on 2024-05-27 with the
    /// witnesses' numbers, one rejection by 市场监管局 with its replacement, every confirmation,
    /// each department's inspector draw (one officer excused), and matching. Then links the demo
    /// inspector accounts to drawn officers so their dashboards list forms.
    static func seedTask(on tx: any Database, actor: AuditLog.Actor) async throws {
        let tasks = TaskStore(db: tx)
        let entry = try await seedAnnualPlan(on: tx, actor: actor)
        let task = try await tasks.create(qinghePlan, origin: .planEntry(entry), actor: actor, now: Date(timeIntervalSince1970: 1_716_163_200))
        let reference = String(task.id)
        _ = try await tasks.publish(reference, actor: actor, today: CivilDate("2024-05-20")!, secret: qingheSecret)
        let drawDay = CivilDate("2024-05-27")!
        _ = try await tasks.draw(reference, entropy: "2024-05-27-witness-417-293", actor: actor, today: drawDay)
        let dispatched = try await tasks.dispatches(task.id)
        if let first = dispatched.first(where: { $0.departments.contains("scjg") }) {
            try await tasks.reject(reference, uscc: first.uscc, department: "scjg",
                                   reason: "经核实该企业已于2024年4月停产歇业，无法实施检查", actor: AuditLog.Actor("scjg-admin"), today: drawDay)
        }
        for dispatch in try await tasks.dispatches(task.id) where dispatch.active {
            for dept in dispatch.departments {
                try await tasks.confirm(reference, uscc: dispatch.uscc, department: dept, actor: AuditLog.Actor("\(dept)-admin"))
            }
        }
        for plan in qinghePlan.departments {
            try await tasks.drawInspectors(reference, department: plan.department, actor: AuditLog.Actor("\(plan.department)-admin"))
        }
        if let excused = try await tasks.drawnInspectors(task.id, department: "xf").last {
            try await tasks.rejectInspector(reference, code: excused.code, department: "xf", reason: "参加上级消防救援支队集中培训，无法参加本次检查",
                                            actor: AuditLog.Actor("xf-admin"))
        }
        try await tasks.match(reference, actor: actor)

        // <dept>-01 and <dept>-02 are the first two officers drawn for their department.
        let sql = tx as! any SQLDatabase
        for plan in qinghePlan.departments {
            let drawn = try await tasks.drawnInspectors(task.id, department: plan.department).filter(\.active)
            for (index, inspector) in drawn.prefix(2).enumerated() {
                let username = "\(plan.department)-0\(index + 1)"
                guard let account = accounts.first(where: { $0.username == username }) else { continue }
                try await sql.update("users").set("inspector_code", to: inspector.code).where("username", .equal, username).run()
                try await sql.update("inspectors").set("name", to: account.displayName).where("code", .equal, inspector.code).run()
            }
        }
        // The logins were linked after matching, so the match's 编入检查组 messages (issue 17) are
        // raised for them now, on the match's own event; the dispatches are all confirmed, so
        // their messages are marked read.
        let match = try await AuditEventModel.query(on: tx).filter(\.$action == "match").sort(\.$id, .descending).first()
        try await Outbox.write(try await OutboxRules(sql: sql).teamsAssigned(taskID: task.id), eventID: match?.id, at: Date(), on: sql)
        try await sql.update("messages").set("read_at", to: SQLBind(Date())).where("kind", .equal, MessageKind.dispatched.rawValue)
            .where("task_id", .equal, task.id).run()
    }
}
