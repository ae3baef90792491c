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

    @Test("nothing is preselected: a new form chooses no result, no 发现问题 and no signature; a draft keeps them unchosen; 提交 asks for each",
          arguments: TestDatabase.available)
    func nothingPreselected(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            let tasks = TaskStore(db: store.db)
            let task = try await tasks.require(DemoSeed.qingheDocumentNumber)
            let results = ResultStore(db: store.db)
            // An enterprise whose yjj part has no result yet.
            var chosen: (String, InspectionForm.DepartmentPart)?
            for summary in try await tasks.forms(taskID: task.id) where summary.teams.contains(where: { $0.department == "yjj" }) {
                guard try await results.find(taskID: task.id, uscc: summary.uscc, department: "yjj") == nil else { continue }
                if let part = try await tasks.form(taskID: task.id, uscc: summary.uscc).departments.first(where: { $0.department == "yjj" }) {
                    chosen = (summary.uscc, part)
                    break
                }
            }
            let (uscc, part) = try #require(chosen)
            var web = WebSession(client: client)
            #expect(try await web.login("yjj-admin").status == .seeOther)
            let path = "/tasks/\(task.id)/forms/\(uscc)/results/yjj"
            let blank = String(buffer: try await web.get(path).body)
            #expect(blank.contains("<option value=\"\" selected>（请选择）</option>"))
            #expect(!blank.contains("_problem\" value=\"0\" checked") && !blank.contains("_problem\" value=\"1\" checked"))
            #expect(blank.contains("name=\"item_0_problem\" value=\"0\">"))
            #expect(!blank.contains("value=\"signed\" checked") && !blank.contains("value=\"refused\" checked"))
            let csrf = try await web.sessionCSRF()
            var fields = ["_csrf": csrf, "action": "draft", "inspection_date": "2024-06-18", "category": "", "onsite_answer": "0"]
            for (index, item) in part.items.enumerated() {
                fields["item_\(index)_code"] = item.code
                fields["item_\(index)_methods"] = (item.methods.first ?? .onSite).rawValue
            }
            #expect(try await web.post(path, form: fields).status == .seeOther)
            let draft = try #require(try await results.find(taskID: task.id, uscc: uscc, department: "yjj"))
            #expect(!draft.input.categoryAnswered && !draft.input.signatureAnswered)
            #expect(draft.input.items.allSatisfy { !$0.problemAnswered })
            let reopened = String(buffer: try await web.get(path).body)
            #expect(reopened.contains("<option value=\"\" selected>（请选择）</option>") && !reopened.contains("value=\"signed\" checked"))
            fields["action"] = "submit"
            let refused = try await web.post(path, form: fields)
            #expect(refused.status == .unprocessableContent)
            let html = String(buffer: refused.body)
            #expect(html.contains("请选择检查结果") && html.contains("请选择企业负责人是否签字") && html.contains("请选择是否发现问题"))
            #expect(try await results.find(taskID: task.id, uscc: uscc, department: "yjj")?.status == .draft)
        }
    }
}
