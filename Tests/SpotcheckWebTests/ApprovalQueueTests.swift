import Foundation
import HummingbirdTesting
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
import SpotcheckWeb
import Testing

/// 待审核 on the department admin's dashboard (issue 15 item 2): a submitted result appears there
/// with a link straight to it, and leaves the queue once approved.
@Suite("Department admin's 待审核 queue")
struct ApprovalQueueTests {
    @Test("a submitted result is listed for its department's admin only, links to the result, and leaves once approved",
          arguments: TestDatabase.available)
    func queue(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            // Submit one result of 应急管理局 through the store, as an inspector would.
            let task = try await TaskStore(db: store.db).require(DemoSeed.qingheDocumentNumber)
            let form = try #require(try await TaskStore(db: store.db).forms(taskID: task.id)
                .first { $0.teams.contains { $0.department == "yjj" } })
            let item = try #require(try await TaskStore(db: store.db).form(taskID: task.id, uscc: form.uscc)
                .departments.first { $0.department == "yjj" }?.items.first)
            let results = ResultStore(db: store.db)
            try await results.submit(taskID: task.id, uscc: form.uscc, department: "yjj", input: ResultInput(
                inspectionDate: task.plan.periodStart, category: .noProblem,
                items: [ResultInput.Item(itemCode: item.code, methods: [.onSite])]), actor: .init("yjj-01"))

            var yjj = WebSession(client: client)
            #expect(try await yjj.login("yjj-admin").status == .seeOther)
            let dashboard = String(buffer: try await yjj.get("/dashboard").body)
            let link = "/tasks/\(task.id)/forms/\(form.uscc)/results/yjj"
            #expect(dashboard.contains("待审核 <small>1 份</small>") && dashboard.contains(link), "the submitted result is not queued")
            #expect(try await yjj.get(link).status == .ok)

            var scjg = WebSession(client: client)
            #expect(try await scjg.login("scjg-admin").status == .seeOther)
            #expect(!String(buffer: try await scjg.get("/dashboard").body).contains(link), "another department sees the result")

            try await results.approve(taskID: task.id, uscc: form.uscc, department: "yjj", actor: .init("yjj-admin"))
            let after = String(buffer: try await yjj.get("/dashboard").body)
            #expect(after.contains("待审核 <small>0 份</small>") && !after.contains(link))
        }
    }
}
