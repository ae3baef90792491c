import Foundation
import HummingbirdTesting
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
import Testing

/// 年度抽查计划 pages (issue 16): drafted by departments, published by the office after a
/// confirmation, public and printable, and the start of a task.
@Suite("Annual plan pages")
struct PlanPageTests {
    static func entryPairs(title: String, lead: String = "", year: Int = 2027) -> [(String, String)] {
        [("year", String(year)), ("title", title), ("lead_department", lead), ("field", "应急管理"), ("items", "YJJ-001"),
         ("object_scope", "危化企业"), ("ratio", "5"), ("months", "4"), ("months", "5"), ("cooperating", "xf")]
    }

    @Test("a department drafts its own entries only; the office publishes and creates a task from an entry; the public sees it",
          arguments: TestDatabase.available)
    func draftPublishLaunch(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            var yjj = try await TaskPageTests.login(client, "yjj-admin")
            // The demo's 2024 plan: reachable from the menu, with the demo task linked.
            let demo = String(buffer: try await yjj.get("/plans?year=2024").body)
            #expect(demo.contains("href=\"/plans\"") && demo.contains("清双随机办〔2024〕21号") && demo.contains("已公布"))

            // The form keeps what was typed when refused.
            var missing = Self.entryPairs(title: "2027年度危化品抽查")
            missing.removeAll { $0.0 == "months" }
            let refused = try await yjj.post("/plans/entries", pairs: missing)
            #expect(refused.status == .badRequest)
            let refusedHTML = String(buffer: refused.body)
            #expect(refusedHTML.contains("请选择计划实施月份") && refusedHTML.contains("value=\"2027年度危化品抽查\""))

            let added = try await yjj.post("/plans/entries", pairs: Self.entryPairs(title: "2027年度危化品抽查", lead: "scjg"))
            #expect(added.status == .seeOther || added.status == .found)
            let year = String(buffer: try await yjj.get("/plans?year=2027").body)
            // The lead is forced to the admin's own department whatever was posted.
            #expect(year.contains("2027年度危化品抽查") && year.contains("清河县应急管理局") && year.contains("编制中"))
            let entry = try #require(try await AnnualPlanStore(db: store.db).entries(year: 2027).first?.entry)
            #expect(entry.leadDepartment == "yjj" && entry.cooperatingDepartments == ["xf"])

            // Another department cannot edit or delete it; its page offers no button for it.
            var scjg = try await TaskPageTests.login(client, "scjg-admin")
            #expect(try await scjg.post("/plans/entries/\(entry.id)/edit", pairs: Self.entryPairs(title: "改")).status == .forbidden)
            #expect(try await scjg.post("/plans/entries/\(entry.id)/delete", pairs: []).status == .forbidden)
            #expect(try await scjg.get("/plans/entries/\(entry.id)/edit").status == .forbidden)
            #expect(!String(buffer: try await scjg.get("/plans?year=2027").body).contains("/plans/entries/\(entry.id)/edit"))
            #expect(try await scjg.post("/plans/2027/publish", pairs: []).status == .forbidden)
            #expect(try await scjg.post("/plans/2027/approve", pairs: []).status == .forbidden)
            #expect(try await AnnualPlanStore(db: store.db).entry(id: entry.id)?.entry.title == "2027年度危化品抽查")

            // The office approves, then publishes, each after a confirmation that says what follows.
            var office = try await TaskPageTests.login(client, "office")
            let before = String(buffer: try await office.get("/plans?year=2027").body)
            #expect(before.contains("data-confirm=\"审定 2027 年度抽查计划（1 个条目）？审定后各部门不能再修改条目，公布前可退回修改。\""))
            #expect(!before.contains("action=\"/plans/2027/publish\""))
            #expect(try await office.post("/plans/2027/publish", pairs: []).status == .conflict)
            #expect(try await office.post("/plans/2027/approve", pairs: []).headers[.location] == "/plans?year=2027&done=approved")
            let approvedPage = String(buffer: try await office.get("/plans?year=2027&done=approved").body)
            #expect(approvedPage.contains("已审定") && approvedPage.contains("action=\"/plans/2027/publish\"")
                    && approvedPage.contains("action=\"/plans/2027/reopen\"") && !approvedPage.contains("/plans/entries/\(entry.id)/edit"))
            #expect(approvedPage.contains("data-confirm=\"公布 2027 年度抽查计划（1 个条目）？公布后向社会公开，不能再退回或修改。\""))
            #expect(try await yjj.post("/plans/entries/\(entry.id)/edit", pairs: Self.entryPairs(title: "改")).status == .conflict)
            #expect(try await client.execute(uri: "/public/plans/2027", method: .get).status == .notFound)
            // 退回修改 without a reason keeps the page and says why; with one the department edits again.
            let noReason = try await office.post("/plans/2027/reopen", pairs: [("reason", " ")])
            #expect(noReason.status == .badRequest && String(buffer: noReason.body).contains("请填写退回修改的理由"))
            #expect(try await office.post("/plans/2027/reopen", pairs: [("reason", "请补充配合部门")]).headers[.location] == "/plans?year=2027&done=reopened")
            #expect(String(buffer: try await yjj.get("/plans?year=2027").body).contains("/plans/entries/\(entry.id)/edit"))
            #expect(try await office.post("/plans/2027/approve", pairs: []).status == .seeOther)
            let published = try await office.post("/plans/2027/publish", pairs: [])
            #expect(published.headers[.location] == "/plans?year=2027&done=published")
            let after = String(buffer: try await office.get("/plans?year=2027&done=published").body)
            #expect(after.contains("据此创建任务") && !after.contains("/plans/entries/\(entry.id)/edit"))
            #expect(try await yjj.post("/plans/entries/\(entry.id)/edit", pairs: Self.entryPairs(title: "改")).status == .conflict)

            // The public page: printable, with the departments by name.
            let publicPage = String(buffer: try await client.execute(uri: "/public/plans/2027", method: .get).body)
            #expect(publicPage.contains("2027年度“双随机、一公开”监管工作抽查计划") && publicPage.contains("清河县消防救援大队")
                    && publicPage.contains("data-print") && publicPage.contains("4–5月") && publicPage.contains("5%"))

            // 据此创建任务: the form is pre-filled from the entry and the task is linked.
            let form = String(buffer: try await office.get("/tasks/new?entry=\(entry.id)").body)
            #expect(form.contains("value=\"2027年度危化品抽查\"") && form.contains("<option value=\"entry:\(entry.id)\" selected>"))
            #expect(form.contains("name=\"items_yjj\" value=\"YJJ-001\" checked"))
            var pairs = TaskPageTests.formPairs(documentNumber: "清双随机办〔2027〕8号")
            pairs.removeAll { $0.0 == "origin" || $0.0 == "off_plan_reason" }
            let noOrigin = try await office.post("/tasks", pairs: pairs)
            #expect(noOrigin.status == .badRequest && String(buffer: noOrigin.body).contains("请选择本任务依据的年度抽查计划条目"))
            let created = try await office.post("/tasks", pairs: pairs + [("origin", "entry:\(entry.id)")])
            let id = try TaskPageTests.taskID(from: created)
            let task = String(buffer: try await office.get("/tasks/\(id)").body)
            #expect(task.contains("依据的年度计划") && task.contains("2027年度抽查计划 · 2027年度危化品抽查"))
            #expect(String(buffer: try await office.get("/plans?year=2027").body).contains("清双随机办〔2027〕8号"))
        }
    }

    @Test("an import with bad rows lists each by line and writes nothing; the office dashboard warns of entries overdue",
          arguments: TestDatabase.available)
    func importAndOverdue(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            var office = try await TaskPageTests.login(client, "office")
            let csv = "抽查任务名称,牵头部门,配合部门,抽查领域,抽查事项,抽查对象范围,抽查比例,实施月份\n甲,yjj,,应急,YJJ-001,企业,5%,5月\n乙,无此部门,,应急,,企业,5%,5月\n"
            let response = try await office.upload("/plans/2027/import", fields: [], fileName: "plan.csv", file: Data(csv.utf8))
            #expect(response.status == .unprocessableContent)
            let html = String(buffer: response.body)
            #expect(html.contains("第 3 行：牵头部门 — 未知部门「无此部门」") && !html.contains("第 2 行"))
            #expect(try await AnnualPlanStore(db: store.db).entries(year: 2027).isEmpty)

            // The demo's 2024 plan has entries whose months are long over with no task.
            let dashboard = String(buffer: try await office.get("/dashboard").body)
            #expect(dashboard.contains("年度计划逾期未启动") && dashboard.contains("2024年度产品质量监督“双随机”抽查"))
            // The public notice of the demo task names its plan entry.
            let notice = String(buffer: try await client.execute(uri: "/public/tasks/1", method: .get).body)
            #expect(notice.contains("依据的年度计划") && notice.contains("href=\"/public/plans/2024\""))
        }
    }
}
