import Foundation
import HummingbirdTesting
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
import Testing

/// 保存草稿 always saves what was typed (issue 15 item 3): a date after today or a date that is
/// not a date does not throw the rest away; the date's rules apply on 提交.
@Suite("Drafts keep what was typed")
struct DraftKeepsWorkTests {
    @Test("a draft with a future date is saved; one with a date that is not a date saves the rest and names it; 提交 refuses both",
          arguments: TestDatabase.available)
    func draftsKeepWork(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            let task = try await TaskStore(db: store.db).require(DemoSeed.qingheDocumentNumber)
            let form = try #require(try await TaskStore(db: store.db).forms(taskID: task.id).first { $0.teams.contains { $0.department == "yjj" } })
            let item = try #require(try await TaskStore(db: store.db).form(taskID: task.id, uscc: form.uscc)
                .departments.first { $0.department == "yjj" }?.items.first)
            var web = WebSession(client: client)
            #expect(try await web.login("yjj-admin").status == .seeOther)
            let path = "/tasks/\(task.id)/forms/\(form.uscc)/results/yjj"
            let csrf = try await web.sessionCSRF()
            func post(date: String, finding: String, action: String) async throws -> TestResponse {
                try await web.post(path, form: [
                    "_csrf": csrf, "action": action, "inspection_date": date, "category": "发现问题待后续处理",
                    "item_0_code": item.code, "item_0_methods": "实地核查", "item_0_problem": "1", "item_0_finding": finding,
                    "onsite_answer": "0", "signature": "signed",
                ])
            }
            let results = ResultStore(db: store.db)
            // A future date: saved as a draft, with the finding.
            #expect(try await post(date: "2999-01-01", finding: "灭火器过期", action: "draft").status == .seeOther)
            #expect(try await results.find(taskID: task.id, uscc: form.uscc, department: "yjj")?.input.items.first?.finding == "灭火器过期")
            // 提交 refuses the date, and keeps what was typed on the page.
            let submitted = try await post(date: "2999-01-01", finding: "灭火器过期", action: "submit")
            #expect(submitted.status == .unprocessableContent)
            #expect(String(buffer: submitted.body).contains("灭火器过期"))
            // A date that is not a date: the rest is saved, the page names the date and keeps it as typed.
            let typo = try await post(date: "2024-06-3x", finding: "安全出口堵塞", action: "draft")
            #expect(typo.status == .ok)
            let html = String(buffer: typo.body)
            #expect(html.contains("草稿已保存") && html.contains("2024-06-3x") && html.contains("不是有效日期"))
            #expect(try await results.find(taskID: task.id, uscc: form.uscc, department: "yjj")?.input.items.first?.finding == "安全出口堵塞")
        }
    }
}
