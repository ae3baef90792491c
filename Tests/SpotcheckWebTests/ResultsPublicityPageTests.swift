import FluentKit
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SQLKit
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
import SpotcheckWeb
import Testing

/// Dispositions, the public results page and feed, and the statistics table pages, on the demo
/// task. The tests clear the enterprises they use of any demo results first, so they hold
/// whether or not the demo carries results.
@Suite("Dispositions, public results, statistics pages")
struct ResultsPublicityPageTests {
    static func html(_ response: TestResponse) -> String { String(buffer: response.body) }

    static func login(_ client: any TestClientProtocol, _ user: String) async throws -> WebSession {
        var web = WebSession(client: client)
        _ = try await web.login(user)
        return web
    }

    /// The demo task and `count` enterprises `dept` inspects in it, cleared of results and dispositions.
    static func enterprises(_ store: StoreDatabase, dept: String, count: Int = 2) async throws -> (TaskInfo, [String]) {
        let task = try await TaskStore(db: store.db).require(DemoSeed.qingheDocumentNumber)
        let sql = store.db as! any SQLDatabase
        let ids = try await sql.select().column("uscc").from("task_assignments").where("task_id", .equal, task.id)
            .where("department_code", .equal, dept).orderBy("uscc").limit(count).all().map { try $0.decode(column: "uscc", as: String.self) }
        #expect(ids.count == count)
        for uscc in ids {
            try await sql.raw("DELETE FROM disposition_events WHERE disposition_id IN (SELECT id FROM dispositions WHERE task_id = \(bind: task.id) AND uscc = \(bind: uscc))").run()
            for table in ["dispositions", "result_items", "inspection_results"] {
                try await sql.delete(from: table).where("task_id", .equal, task.id).where("uscc", .equal, uscc).run()
            }
        }
        return (task, ids)
    }

    static func submit(_ store: StoreDatabase, task: TaskInfo, uscc: String, dept: String, item: String, problem: Bool, approve: Bool) async throws {
        let results = ResultStore(db: store.db)
        let input = ResultInput(inspectionDate: CivilDate("2024-06-20"), category: problem ? .pendingFollowUp : .noProblem,
                                items: [.init(itemCode: item, methods: [.onSite], finding: problem ? "未按规定公示年报" : "", problem: problem)],
                                onsiteAnswer: true, onsiteNote: "现场解答")
        try await results.submit(taskID: task.id, uscc: uscc, department: dept, input: input, actor: .init("test"))
        if approve { try await results.approve(taskID: task.id, uscc: uscc, department: dept, actor: .init("test")) }
    }

    // MARK: Dispositions

    @Test("dispositions: a department adds, updates and transfers; others see only what is theirs", arguments: TestDatabase.available)
    func dispositions(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            let (task, yjj) = try await Self.enterprises(store, dept: "yjj")
            try await Self.submit(store, task: task, uscc: yjj[0], dept: "yjj", item: "YJJ-001", problem: true, approve: false)
            let base = "/tasks/\(task.id)/dispositions"
            var admin = try await Self.login(client, "yjj-admin")
            let page = try await admin.get(base + "?uscc=\(yjj[0])&dept=yjj")
            #expect(page.status == .ok)
            let form = Self.html(page)
            #expect(form.contains("登记处置") && form.contains("name=\"_csrf\""))
            #expect(form.contains("value=\"yjj|\(yjj[0])\" selected"))
            for kind in DispositionKind.allCases { #expect(form.contains("value=\"\(kind.rawValue)\">\(kind.label)</option>")) }
            #expect(!form.contains("value=\"scjg|"), "a department admin chooses only its own enterprises")

            // Guidance needs its form (教育/建议/提醒): the page comes back with the reason.
            let incomplete = try await admin.act(base, ["enterprise": "yjj|\(yjj[0])", "kind": "guidance", "reason": "提醒及时整改", "decided_on": "2024-06-21"])
            #expect(incomplete.status == .badRequest)
            #expect(Self.html(incomplete).contains("行政指导须选择方式"))
            #expect(Self.html(incomplete).contains("提醒及时整改"), "the typed reason is kept")

            let added = try await admin.act(base, ["enterprise": "yjj|\(yjj[0])", "kind": "guidance", "form": "提醒", "reason": "提醒及时整改隐患甲",
                                                   "decided_on": "2024-06-21", "due_on": "2024-07-01", "note": "当场告知"])
            #expect(added.status == .seeOther)
            let transfer = try await admin.act(base, ["enterprise": "yjj|\(yjj[0])", "kind": "transfer_department", "target_department": "scjg",
                                                      "reason": "年报未公示移送市场监管乙", "decided_on": "2024-06-22"])
            #expect(transfer.status == .seeOther)
            let mine = try await DispositionStore(db: store.db).list(taskID: task.id, department: "yjj").filter { $0.uscc == yjj[0] }
            #expect(mine.map(\.kind) == [.guidance, .transferDepartment])
            #expect(mine[0].form == "提醒" && mine[0].dueOn == CivilDate("2024-07-01") && mine[1].targetDepartment == "scjg")
            let guidance = mine[0], transferred = mine[1]

            // Progress, then closing, with the history shown.
            #expect(try await admin.act(base + "/\(guidance.id)", ["status": "open", "note": "企业已提交整改计划"]).status == .seeOther)
            #expect(try await admin.act(base + "/\(guidance.id)", ["status": "closed", "note": "复查已整改", "closed_on": "2024-06-30"]).status == .seeOther)
            let closed = try #require(try await DispositionStore(db: store.db).find(id: guidance.id))
            #expect(closed.status == .closed && closed.closedOn == CivilDate("2024-06-30"))
            let listed = Self.html(try await admin.get(base))
            #expect(listed.contains("企业已提交整改计划") && listed.contains("复查已整改") && listed.contains("已完结"))
            #expect(try await admin.act(base + "/\(guidance.id)", ["status": "open", "note": "再改"]).status == .badRequest, "a closed disposition stays closed")

            // 商务局 sees neither; it can neither update nor forge another department's enterprise.
            var swj = try await Self.login(client, "swj-admin")
            let swjPage = Self.html(try await swj.get(base))
            #expect(!swjPage.contains("提醒及时整改隐患甲") && !swjPage.contains("年报未公示移送市场监管乙"))
            #expect(try await swj.act(base + "/\(guidance.id)", ["status": "open", "note": "x"]).status == .notFound)
            // The department in the form is ignored for a department admin: it records for itself
            // (when it inspects the enterprise too) or not at all.
            _ = try await swj.act(base, ["enterprise": "yjj|\(yjj[0])", "kind": "order_correction", "reason": "越权登记", "decided_on": "2024-06-21"])
            #expect(try await DispositionStore(db: store.db).list(taskID: task.id).filter { $0.reason == "越权登记" }.allSatisfy { $0.department == "swj" })

            // 市场监管局 receives the transfer, sees it marked, and handles it.
            var scjg = try await Self.login(client, "scjg-admin")
            let scjgPage = Self.html(try await scjg.get(base))
            #expect(scjgPage.contains("年报未公示移送市场监管乙") && scjgPage.contains("移送本部门"))
            #expect(!scjgPage.contains("提醒及时整改隐患甲"))
            #expect(try await scjg.act(base + "/\(transferred.id)", ["status": "closed", "note": "已立案处理"]).status == .seeOther)

            // The auditor reads everything and changes nothing; inspectors have no access; CSRF is required.
            var auditor = try await Self.login(client, "auditor")
            let auditorPage = Self.html(try await auditor.get(base))
            #expect(auditorPage.contains("提醒及时整改隐患甲") && auditorPage.contains("年报未公示移送市场监管乙") && !auditorPage.contains("登记处置</h2>"))
            #expect(try await auditor.act(base + "/\(transferred.id)", ["status": "open", "note": "x"]).status == .forbidden)
            var inspector = try await Self.login(client, "yjj-01")
            #expect(try await inspector.get(base).status == .forbidden)
            let noToken = try await admin.post(base, form: ["enterprise": "yjj|\(yjj[0])", "kind": "order_correction", "reason": "无令牌", "decided_on": "2024-06-21"])
            #expect(noToken.status == .forbidden)
            #expect(try await AuditLog.verify(on: store.db).isIntact)
        }
    }

    // MARK: Public results

    @Test("public results: search by name or USCC, paging, feed as CSV and JSON", arguments: TestDatabase.available)
    func publicResults(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            let (task, ids) = try await Self.enterprises(store, dept: "yjj", count: 3)
            try await Self.submit(store, task: task, uscc: ids[0], dept: "yjj", item: "YJJ-001", problem: true, approve: true)
            try await Self.submit(store, task: task, uscc: ids[1], dept: "yjj", item: "YJJ-002", problem: false, approve: true)
            try await Self.submit(store, task: task, uscc: ids[2], dept: "yjj", item: "YJJ-001", problem: false, approve: false)
            let name = try #require(try await EnterpriseDirectory(db: store.db).find(uscc: ids[0])).name
            var web = WebSession(client: client)

            let all = try await PublicResults(db: store.db).search(perPage: 20)
            let page = Self.html(try await web.get("/public/results"))
            #expect(page.contains("共 \(all.total) 条"))
            #expect(page.contains("href=\"/public/results/feed.csv\"") && page.contains("href=\"/public/results/feed.json\""))
            let byName = Self.html(try await web.get("/public/results?q=" + (name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")))
            #expect(byName.contains(ids[0]))
            #expect(byName.contains(name) && byName.contains("清河县应急管理局"))
            let byCode = Self.html(try await web.get("/public/results?q=\(ids[1].lowercased())"))
            #expect(byCode.contains(ids[1]) && !byCode.contains(ids[0]))
            let unpublished = Self.html(try await web.get("/public/results?q=\(ids[2])"))
            #expect(unpublished.contains("没有找到") && !unpublished.contains("<code>\(ids[2])</code>"), "a result not yet approved is not public")
            if all.total > 20 {
                let second = Self.html(try await web.get("/public/results?page=2"))
                let expected = try await PublicResults(db: store.db).search(page: 2, perPage: 20).entries
                #expect(expected.allSatisfy { second.contains($0.uscc) })
            }

            let csv = try await web.get("/public/results/feed.csv")
            #expect(csv.status == .ok && csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            let lines = String(buffer: csv.body).split(separator: "\r\n").map(String.init)
            #expect(lines.first == "\u{FEFF}task_document_number,task_title,department,department_name,enterprise_name,uscc,items,result,inspection_date,published_at")
            let row = try #require(lines.first { $0.contains(ids[0]) })
            #expect(row.contains(DemoSeed.qingheDocumentNumber) && row.contains(",yjj,") && row.contains(",2024-06-20,"))
            #expect(lines.count == 1 + (try await PublicResults(db: store.db).entries().count))

            let json = try await web.get("/public/results/feed.json")
            #expect(json.headers[.contentType]?.hasPrefix("application/json") == true)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(buffer: json.body)) as? [String: Any])
            let entries = try #require(object["entries"] as? [[String: Any]])
            let entry = try #require(entries.first { $0["uscc"] as? String == ids[0] })
            #expect(Set(entry.keys) == ["task_document_number", "task_title", "department", "department_name", "enterprise_name", "uscc",
                                        "items", "result", "inspection_date", "published_at"])
            #expect(entry["enterprise_name"] as? String == name && entry["result"] as? String == ResultCategory.pendingFollowUp.rawValue)
            #expect((entry["items"] as? [String])?.count == 1)

            // from/to filter on the publication date (today, China time).
            let today = CivilDate.today
            let future = String(buffer: try await web.get("/public/results/feed.csv?from=\(today.adding(days: 2))").body)
            #expect(!future.contains(ids[0]))
            let window = String(buffer: try await web.get("/public/results/feed.json?from=\(today.adding(days: -1))&to=\(today.adding(days: 1))").body)
            #expect(window.contains(ids[0]) && window.contains(ids[1]))
            #expect(try await web.get("/public/results/feed.csv?from=2024-13-01").status == .badRequest)
        }
    }

    @Test("超期未公示 lists submitted results past their due date, for the office only", arguments: TestDatabase.available)
    func overdue(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            let (task, ids) = try await Self.enterprises(store, dept: "scjg", count: 1)
            try await Self.submit(store, task: task, uscc: ids[0], dept: "scjg", item: "SCJG-001", problem: false, approve: false)
            var office = try await Self.login(client, "office")
            let page = try await office.get("/publicity/overdue")
            #expect(page.status == .ok)
            // Inspected 2024-06-20: due 2024-07-18, long past.
            #expect(Self.html(page).contains(ids[0]) && Self.html(page).contains("2024年7月18日"))
            var admin = try await Self.login(client, "scjg-admin")
            #expect(try await admin.get("/publicity/overdue").status == .forbidden)
        }
    }

    // MARK: Statistics

    @Test("the statistics page shows the attachment's headers and the computed numbers; XLSX and CSV export", arguments: TestDatabase.available)
    func statistics(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            let (task, ids) = try await Self.enterprises(store, dept: "yjj", count: 2)
            try await Self.submit(store, task: task, uscc: ids[0], dept: "yjj", item: "YJJ-001", problem: true, approve: true)
            try await DispositionStore(db: store.db).add(taskID: task.id, uscc: ids[0], department: "yjj", kind: .guidance, form: "教育",
                                                         reason: "教育", decidedOn: CivilDate("2024-06-21")!, actor: .init("t"))
            let table = try await StatisticsTable.compute(taskIDs: [task.id], on: store.db)
            #expect(table.rows.count == 4 && table.total.values[0] > 0)
            var office = try await Self.login(client, "office")
            let response = try await office.get("/stats?task=\(task.id)")
            #expect(response.status == .ok)
            let page = Self.html(response)
            #expect(page.contains("全县“双随机、一公开”部门联合抽查统计表"))
            #expect(page.contains(#"<th rowspan="2" scope="col">报表单位</th>"#))
            #expect(page.contains(#"<th rowspan="1" colspan="2" scope="col">发现问题</th>"#))
            #expect(page.contains(#"<th rowspan="1" colspan="3" scope="col">抽查结果处理</th>"#))
            for title in ["随机抽查企业（户）", "随机抽取执法人员（人）", "现场解答疑难问题（户）"] {
                #expect(page.contains(#"<th rowspan="2" colspan="1" scope="col">\#(title)</th>"#))
            }
            for title in ["发现问题事项（项）", "发现问题企业（个）", "行政指导（户）", "应列异常名录（户）", "涉嫌违法应立案调查（户）"] {
                #expect(page.contains(#"<th scope="col">\#(title)</th>"#))
            }
            for row in table.rows + [table.total] {
                let cells = #"<th scope="row">\#(row.unit)</th>"# + row.values.map { "<td>\($0)</td>" }.joined()
                #expect(page.contains(cells), "row \(row.unit) shows \(row.values)")
            }
            #expect(page.contains("<svg class=\"stats-chart\"") && page.contains("href=\"/stats.xlsx?task=\(task.id)\""))

            // A department admin sees the county table too; an inspector does not.
            var admin = try await Self.login(client, "swj-admin")
            #expect(Self.html(try await admin.get("/stats?task=\(task.id)")).contains(#"<th scope="row">合计</th>"#))
            var inspector = try await Self.login(client, "yjj-01")
            #expect(try await inspector.get("/stats").status == .forbidden)
            var anonymous = WebSession(client: client)
            let anonymousCSV = try await anonymous.get("/stats.csv?task=\(task.id)")
            #expect(anonymousCSV.status == .seeOther && anonymousCSV.headers[.location]?.hasPrefix("/login") == true, "a login is needed")

            // The date range covering the task gives the same table.
            let ranged = Self.html(try await office.get("/stats?from=2024-06-01&to=2024-06-30"))
            let expected = try await StatisticsTable.compute(taskIDs: try await StatisticsTable.tasks(from: CivilDate("2024-06-01")!, to: CivilDate("2024-06-30")!, on: store.db), on: store.db)
            #expect(ranged.contains(#"<th scope="row">合计</th>"# + expected.total.values.map { "<td>\($0)</td>" }.joined()))
            #expect(try await office.get("/stats?from=2024-07-01&to=2024-06-01").status == .badRequest)

            let xlsx = try await office.get("/stats.xlsx?task=\(task.id)")
            #expect(xlsx.status == .ok && xlsx.headers[.contentType] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            #expect(Array(Data(buffer: xlsx.body).prefix(4)) == [0x50, 0x4B, 0x03, 0x04], "an XLSX is a zip")
            let csv = String(buffer: try await office.get("/stats.csv?task=\(task.id)").body).split(separator: "\r\n").map(String.init)
            #expect(csv.first == "\u{FEFF}报表单位," + StatisticsTable.columnTitles.joined(separator: ","))
            #expect(Array(csv.dropFirst()) == (table.rows + [table.total]).map { ([$0.unit] + $0.values.map(String.init)).joined(separator: ",") })
        }
    }

    // MARK: In-browser verification

    @Test("the public task page offers 验证抽取结果 with the verifier script", arguments: TestDatabase.available)
    func verifyButton(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            let task = try await TaskStore(db: store.db).require(DemoSeed.qingheDocumentNumber)
            var web = WebSession(client: client)
            let page = Self.html(try await web.get("/public/tasks/\(task.id)"))
            #expect(page.contains("<script src=\"/static/verify-draw.js\" defer></script>"))
            #expect(page.contains("id=\"verify-draw\" data-base=\"/public/tasks/\(task.id)\""))
            // The panel comes before the task's facts and lists (at the top of the notice).
            #expect(page.range(of: "id=\"verify-draw\"")!.lowerBound < page.range(of: "<h2>任务概况</h2>")!.lowerBound)
            #expect(page.contains(">核对抽取结果</button>") && page.contains("type=\"file\"") && page.contains("<summary>技术说明</summary>"))
            let script = try await web.get("/static/verify-draw.js")
            #expect(script.status == .ok && script.headers[.contentType]?.hasPrefix("application/javascript") == true)
            #expect(String(buffer: script.body).contains("crypto.subtle") || String(buffer: script.body).contains("subtle().digest"))
            for file in ["record.json", "objects.csv", "inspectors.csv", "conflicts.csv"] {
                #expect(try await web.get("/public/tasks/\(task.id)/\(file)").status == .ok, "\(file) is published for the verifier")
            }
        }
    }
}
