import FluentKit
import Foundation
import HummingbirdTesting
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
import Testing

/// Work queues on the dashboard (issue 15): each role sees what waits for it, each row linking
/// straight to the action.
@Suite("Dashboard work queues")
struct WorkQueueTests {
    @Test("an inspector's 我的检查 lists each part with its state, deadline and a link to enter it; a transfer shows on the target department's dashboard",
          arguments: TestDatabase.available)
    func queues(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            let tasks = TaskStore(db: store.db)
            let task = try await tasks.require(DemoSeed.qingheDocumentNumber)
            let user = try #require(try await UserModel.query(on: store.db).filter(\.$username == "yjj-01").first())
            let assignments = try await tasks.formsForInspector(code: try #require(user.inspectorCode)).filter { $0.taskID == task.id }
            #expect(!assignments.isEmpty)
            var inspector = WebSession(client: client)
            _ = try await inspector.login("yjj-01")
            let dashboard = String(buffer: try await inspector.get("/dashboard").body)
            #expect(dashboard.contains("我的检查"))
            for a in assignments {
                #expect(dashboard.contains("/tasks/\(task.id)/forms/\(a.uscc)/results/\(a.department)"), "no entry link for \(a.uscc)")
            }
            #expect(dashboard.contains("录入检查结果") || dashboard.contains("继续填写") || dashboard.contains("查看检查结果"))

            // scjg transfers one of its enterprises to yjj: it waits on yjj's dashboard, not on swj's.
            let scjgPart = try #require(try await tasks.forms(taskID: task.id).first { $0.teams.contains { $0.department == "scjg" } })
            let name = try #require(try await EnterpriseDirectory(db: store.db).names(of: [scjgPart.uscc])[scjgPart.uscc])
            let id = try await DispositionStore(db: store.db).add(
                taskID: task.id, uscc: scjgPart.uscc, department: "scjg", kind: .transferDepartment, targetDepartment: "yjj",
                reason: "涉及危险化学品储存，移送应急管理部门处理", decidedOn: CivilDate(year: 2024, month: 7, day: 1)!, actor: .init("scjg-admin"))
            var yjj = WebSession(client: client)
            _ = try await yjj.login("yjj-admin")
            let admin = String(buffer: try await yjj.get("/dashboard").body)
            #expect(admin.contains("移送给本部门的处置") && admin.contains(name) && admin.contains("/tasks/\(task.id)/dispositions#d\(id)"))
            #expect(admin.contains("清河县市场监督管理局") && admin.contains("2024年7月1日"))
            // The task's tabs carry what still waits: 未完结 dispositions of the reader's department.
            let open = try await DispositionStore(db: store.db).list(taskID: task.id, department: "yjj").filter { $0.status == .open }.count
            let hub = String(buffer: try await yjj.get("/tasks/\(task.id)").body)
            if open > 0 {
                #expect(hub.contains("<span class=\"hub-count\">未完结 \(open)</span>"))
            } else {
                #expect(!hub.contains("未完结 "))
            }
            let awaiting = try await ResultStore(db: store.db).awaitingApproval(department: "yjj").filter { $0.taskID == task.id }.count
            #expect(hub.contains("待审核 \(awaiting)</span>") == (awaiting > 0))
            var swj = WebSession(client: client)
            _ = try await swj.login("swj-admin")
            #expect(!String(buffer: try await swj.get("/dashboard").body).contains("移送给本部门的处置"))
        }
    }
}
