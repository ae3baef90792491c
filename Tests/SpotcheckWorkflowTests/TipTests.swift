import FluentKit
import Foundation
import SQLKit
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
@testable import SpotcheckWorkflow
import Testing

/// 举报线索 (issue 17): submit → route → handle, each step once; the routed department's admins
/// are messaged; another department never sees the tip; the reporter's contact never reaches
/// the audit log or the public status; an address may submit only a few an hour.
@Suite("Public tips")
struct TipTests {
    static let clock = WorkClock.fixed(CivilDate("2024-06-05")!)
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 7, count: 300)

    static func principal(_ db: any Database, _ username: String) async throws -> Principal {
        try await VisitTests.principal(db, username)
    }

    @Test("a tip is routed once, messaged to the department's admins, handled by it alone, and followed by its receipt", arguments: TestDatabase.available)
    func routeAndHandle(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords)
            let workflow = Workflow(store: store, clock: Self.clock)
            let task = try #require(try await TaskStore(db: store.db).find(DemoSeed.qingheDocumentNumber))
            let uscc = try #require(try await TaskStore(db: store.db).forms(taskID: task.id).first?.uscc)
            let receipt = try await workflow.submitTip(
                .init(uscc: uscc, enterpriseText: "", content: "仓库消防通道堆满货物，安全出口上锁。", contactName: "张三", contactPhone: "13900000000",
                      photos: [(fileName: "现场.png", data: Self.png)]),
                clientAddress: "198.51.100.7")
            #expect(TipReceipt.normalized(receipt) == receipt)
            // Typed loosely by a person, it is still found; the status says nothing but the state and dates.
            let status = try #require(try await workflow.tipStatus(receipt: receipt.lowercased().replacingOccurrences(of: "-", with: " ")))
            #expect(status.state == .received && status.state.publicLabel == "已受理")
            #expect(try await workflow.tipStatus(receipt: "JB-2222-2222-22") == nil)

            let office = try await Self.principal(store.db, "office")
            let tipID = try #require(try await workflow.tips(state: .received, page: 1, for: office).tips.first { $0.receipt == receipt }?.id)
            let detail = try await workflow.tip(tipID, for: office)
            #expect(detail.tip.contactName == "张三" && detail.photos.count == 1 && detail.photos[0].sha256.count == 64 && detail.mayTriage)
            #expect(!detail.tip.enterpriseText.isEmpty) // the directory's name, from the code

            // Nobody but the office triages; the auditor does not even see tips.
            let xf = try await Self.principal(store.db, "xf-admin"), yjj = try await Self.principal(store.db, "yjj-admin")
            await #expect(throws: AccessRefusal.self) { try await workflow.routeTip(tipID, to: DepartmentCode(rawValue: "xf"), by: xf) }
            await #expect(throws: AccessRefusal.self) { try await workflow.tips(state: nil, page: 1, for: try await Self.principal(store.db, "auditor")) }
            // Before routing, no department sees it.
            await #expect(throws: StoreError.self) { try await workflow.tip(tipID, for: xf) }

            let before = try await MessageStore(db: store.db).all().count
            try await workflow.routeTip(tipID, to: DepartmentCode(rawValue: "xf"), by: office)
            let routed = try await MessageStore(db: store.db).all().dropFirst(before)
            let admins = try await Outbox.departmentAdmins("xf", on: store.db).map(\.username)
            #expect(routed.map(\.recipient).sorted() == admins.sorted() && routed.allSatisfy { $0.kind == .tipRouted })
            await #expect(throws: StoreError.self) { try await workflow.routeTip(tipID, to: DepartmentCode(rawValue: "yjj"), by: office) }
            #expect(try await workflow.tipStatus(receipt: receipt)?.state.publicLabel == "已转办")

            // The handling department sees it (contact included); another department does not, in the list or by id.
            #expect(try await workflow.tip(tipID, for: xf).mayHandle)
            #expect(try await workflow.tips(state: nil, page: 1, for: yjj).tips.allSatisfy { $0.department == "yjj" })
            await #expect(throws: StoreError.self) { try await workflow.tip(tipID, for: yjj) }
            await #expect(throws: StoreError.self) { try await workflow.addTipNote(tipID, note: "越权记录", by: yjj) }
            await #expect(throws: StoreError.self) { try await workflow.closeTip(tipID, result: "越权办结", task: nil, dispositionID: nil, by: yjj) }
            #expect(try await workflow.tipCounts(for: yjj).keys.allSatisfy { $0 == "yjj" })

            try await workflow.addTipNote(tipID, note: "已约企业负责人现场核实。", by: xf)
            try await workflow.closeTip(tipID, result: "现场核实属实，已责令立即清理通道并处罚款。", task: .documentNumber(DemoSeed.qingheDocumentNumber),
                                        dispositionID: nil, by: xf)
            await #expect(throws: StoreError.self) {
                try await workflow.closeTip(tipID, result: "再次办结", task: nil, dispositionID: nil, by: xf)
            }
            let closed = try await workflow.tip(tipID, for: office)
            #expect(closed.tip.state == .handled && closed.tip.linkedTaskID == task.id && closed.notes.count == 1)
            #expect(try await workflow.tipStatus(receipt: receipt)?.state.publicLabel == "已办结")

            // The reporter's contact is nowhere in the audit log.
            for event in try await AuditEventModel.query(on: store.db).filter(\.$entity == "tip").all() {
                let text = (event.afterJSON ?? "") + (event.beforeJSON ?? "")
                #expect(!text.contains("张三") && !text.contains("13900000000"))
            }
        }
    }

    @Test("bad tips are refused whole, and an address may send only five an hour", arguments: TestDatabase.available)
    func refusals(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords, directory: true, task: false)
            let workflow = Workflow(store: store, clock: Self.clock)
            let bad: [TipStore.Submission] = [
                .init(uscc: nil, enterpriseText: "", content: "没有写企业名称的举报内容"),
                .init(uscc: nil, enterpriseText: "某企业", content: "太短"),
                .init(uscc: nil, enterpriseText: "某企业", content: String(repeating: "长", count: 2_001)),
                .init(uscc: "91130000MA0000000X", enterpriseText: "", content: "名录中没有这个代码的企业"),
                .init(uscc: nil, enterpriseText: "某企业", content: "电话里有字母的举报内容", contactPhone: "abc"),
                .init(uscc: nil, enterpriseText: "某企业", content: "照片不是图片格式的举报", photos: [(fileName: "x.pdf", data: Data("%PDF-1.7\n".utf8))]),
                .init(uscc: nil, enterpriseText: "某企业", content: "照片太多的举报内容", photos: Array(repeating: (fileName: "p.png", data: Self.png), count: 4)),
            ]
            for submission in bad {
                await #expect(throws: StoreError.self) { try await workflow.submitTip(submission, clientAddress: "203.0.113.9") }
            }
            #expect(try await (store.db as! any SQLDatabase).select().column("id").from("tips").all().isEmpty)
            for index in 0..<TipStore.perAddressPerHour {
                _ = try await workflow.submitTip(.init(uscc: nil, enterpriseText: "某企业", content: "第 \(index + 1) 条正常的举报内容"),
                                                 clientAddress: "203.0.113.9")
            }
            await #expect(throws: TipStore.RateLimited.self) {
                try await workflow.submitTip(.init(uscc: nil, enterpriseText: "某企业", content: "第六条正常的举报内容"), clientAddress: "203.0.113.9")
            }
            #expect(ErrorMeaning.of(TipStore.RateLimited())?.status == 429)
            // Another address is not held back by the first.
            _ = try await workflow.submitTip(.init(uscc: nil, enterpriseText: "某企业", content: "另一个地址的举报内容"), clientAddress: "203.0.113.10")
        }
    }
}
