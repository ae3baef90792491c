import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

/// The demo's 举报线索 (issue 17): two waiting for the office, two routed and being handled, one
/// handled by 市场监管局 and linked to the Qinghe task, one not accepted — so every state and
/// the statistics have something to show. Contacts are invented.
extension DemoSeed {
    static func seedTips(on tx: any Database) async throws {
        let sql = tx as! any SQLDatabase
        let task = try await TaskStore(db: tx).require(qingheDocumentNumber)
        let enterprises = try await TaskStore(db: tx).forms(taskID: task.id).map(\.uscc)
        func store(_ day: String) -> TipStore { TipStore(db: tx, clock: .fixed(CivilDate(day)!)) }
        let office = AuditLog.Actor("office")

        let tips: [(day: String, uscc: String?, text: String, content: String, name: String, phone: String)] = [
            ("2024-06-03", nil, "城东加油站（无名小站）", "城东路口有一处流动加油点，每天晚上用油罐车给货车加油，没有任何消防设施。", "王先生", "13903190021"),
            ("2024-06-04", enterprises.first, "", "该企业仓库消防通道堆满了货物，安全出口被锁住，工人说一直这样。", "", ""),
            ("2024-06-05", enterprises.dropFirst().first, "", "该加油站加的油很快就烧完，怀疑油品质量有问题，发票也不给开。", "李女士", "13803190055"),
            ("2024-06-05", enterprises.dropFirst(2).first, "", "厂区内化学品桶露天堆放，下雨时有味道很大的水流到路边沟里。", "", "13703190088"),
            ("2024-06-06", enterprises.dropFirst(3).first, "", "门店营业执照上的地址和实际经营地址不一致，还在销售过期食品。", "赵先生", ""),
            ("2024-06-06", nil, "某物流公司", "公司拖欠我三个月工资，老板一直不给，希望政府管一管。", "刘先生", "13603190011"),
        ]
        var ids: [Int] = []
        for (index, tip) in tips.enumerated() {
            let receipt = try await store(tip.day).submit(
                .init(uscc: tip.uscc, enterpriseText: tip.text, content: tip.content, contactName: tip.name, contactPhone: tip.phone),
                clientHash: "demo-\(index)")
            guard let row = try await sql.select().column("id").from("tips").where("receipt_code", .equal, receipt).first() else { continue }
            ids.append(try row.decode(column: "id", as: Int.self))
        }
        guard ids.count == tips.count else { return }
        // Routed and being handled.
        try await store("2024-06-05").route(id: ids[2], to: "swj", actor: office)
        try await store("2024-06-07").addNote(id: ids[2], note: "已电话联系举报人，约定6月12日现场抽检油品。", actor: .init("swj-admin"))
        try await store("2024-06-06").route(id: ids[3], to: "yjj", actor: office)
        // Handled by 市场监管局, linked to the Qinghe task.
        try await store("2024-06-06").route(id: ids[4], to: "scjg", actor: office)
        try await store("2024-06-07").addNote(id: ids[4], note: "结合联合抽查一并核查。", actor: .init("scjg-admin"))
        try await store("2024-06-18").close(id: ids[4], result: "经现场核查，企业已于6月10日办理住所变更登记；过期食品已责令下架销毁，并处警告。",
                                           taskID: task.id, dispositionID: nil, actor: .init("scjg-admin"))
        // Not accepted, with the reason the reporter's problem belongs elsewhere.
        try await store("2024-06-07").reject(id: ids[5], reason: "反映的是劳动报酬纠纷，不属于市场监管和安全生产举报事项；请向县人力资源和社会保障局劳动保障监察大队反映。",
                                            actor: office)
    }

    /// The demo's history happened "before today": messages whose step is done are read (results
    /// already approved, visits already agreed and what merely informed), so each 消息中心 shows
    /// what still waits — results to approve, transfers and tips to handle, new team members.
    static func markDemoHistoryRead(on tx: any Database) async throws {
        let sql = tx as! any SQLDatabase
        let now = Date()
        let done = [MessageKind.visitProposed, .visitAgreed, .resultApproved, .dispatched, .inspectorDrawn].map(\.rawValue)
        try await sql.update("messages").set("read_at", to: SQLBind(now)).where("kind", .in, SQLBind.group(done)).run()
        let approved = try await sql.select().columns("task_id", "uscc", "department_code").from("inspection_results")
            .where("status", .equal, ResultStatus.approved.rawValue).all()
        for row in approved {
            let link = "/tasks/\(try row.decode(column: "task_id", as: Int.self))/forms/\(try row.decode(column: "uscc", as: String.self))"
                + "/results/\(try row.decode(column: "department_code", as: String.self))"
            try await sql.update("messages").set("read_at", to: SQLBind(now)).where("kind", .equal, MessageKind.resultSubmitted.rawValue)
                .where("link", .equal, link).run()
        }
    }
}
