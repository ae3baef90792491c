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

extension WebSession {
    /// Posts a form with repeated names (checkbox groups), the session's CSRF token added.
    mutating func post(_ uri: String, pairs: [(String, String)]) async throws -> TestResponse {
        var headers = cookieHeader
        headers[.contentType] = "application/x-www-form-urlencoded"
        let token = try await sessionCSRF()
        let body = (pairs + [("_csrf", token)])
            .map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        let response = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
        remember(response)
        return response
    }

    /// A logged-in user's POST with just the CSRF token and `fields`.
    mutating func act(_ uri: String, _ fields: [String: String] = [:]) async throws -> TestResponse {
        try await post(uri, pairs: fields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }
}

@Suite("Joint task pages: plan, publish, draw, confirm, inspector draw, matching, public notice")
struct TaskPageTests {
    static let documentNumber = "清双随机办〔2024〕88号"

    static func html(_ response: TestResponse) -> String { String(buffer: response.body) }

    /// The Qinghe plan as the browser form sends it, under another document number (the demo
    /// may already hold the real one).
    static func formPairs(_ plan: TaskPlan = DemoSeed.qinghePlan, documentNumber: String = documentNumber) -> [(String, String)] {
        var pairs: [(String, String)] = [
            ("document_number", documentNumber), ("title", plan.title),
            ("period_start", plan.periodStart.description), ("period_end", plan.periodEnd.description),
            ("lead_department", plan.leadDepartment), ("region_prefix", plan.scope.regionPrefix), ("exclude_months", "0"),
            ("team_size", String(plan.teamSize)), ("entropy_source", plan.entropySource), ("ratio_override_reason", ""),
            ("origin", "off_plan"), ("off_plan_reason", "测试：上级部署的专项抽查"),
        ]
        for tag in plan.scope.tags { pairs.append(("tags", tag.rawValue)) }
        for c in RiskClass.allCases { pairs.append(("ratio_\(c.rawValue)", String(Double(plan.ratios[c] ?? 0) / 100))) }
        for dept in plan.departments {
            pairs.append(("take_\(dept.department)", "on"))
            for item in dept.itemCodes { pairs.append(("items_\(dept.department)", item)) }
            pairs.append(("inspectors_\(dept.department)", String(dept.inspectorCount)))
            pairs.append(("materials_\(dept.department)", dept.materials.joined(separator: "\r\n")))
        }
        return pairs
    }

    static func taskID(from response: TestResponse) throws -> Int {
        let location = try #require(response.headers[.location])
        #expect(location.hasPrefix("/tasks/"))
        return try #require(Int(location.dropFirst("/tasks/".count).prefix { $0.isNumber }))
    }

    static func login(_ client: any TestClientProtocol, _ user: String) async throws -> WebSession {
        var web = WebSession(client: client)
        _ = try await web.login(user)
        return web
    }

    /// Office creates and publishes the plan through the pages; returns the task id.
    static func createAndPublish(_ office: inout WebSession) async throws -> Int {
        let created = try await office.post("/tasks", pairs: formPairs())
        #expect(created.status == .seeOther)
        let id = try taskID(from: created)
        let published = try await office.act("/tasks/\(id)/publish", ["confirmed": "1"])
        #expect(published.status == .seeOther)
        return id
    }

    @Test("the office plans a task in the form; pages render for each role", arguments: TestDatabase.available)
    func planAndRender(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            var office = try await Self.login(client, "office")
            let list = try await office.get("/tasks")
            #expect(list.status == .ok && Self.html(list).contains("新建任务"))
            let form = Self.html(try await office.get("/tasks/new"))
            #expect(form.contains("文号") && form.contains("清河县应急管理局") && form.contains("YJJ-001") && form.contains("公开随机数来源"))
            #expect(form.contains("name=\"tags\" value=\"危险化学品\""))

            let created = try await office.post("/tasks", pairs: Self.formPairs())
            #expect(created.status == .seeOther)
            let id = try Self.taskID(from: created)
            let task = try await TaskStore(db: store.db).require(String(id))
            #expect(task.plan.ratios == DemoSeed.qinghePlan.ratios)
            #expect(task.plan.departments.map(\.department) == ["yjj", "scjg", "swj", "xf"])
            #expect(task.plan.departments[0].materials == DemoSeed.qinghePlan.departments[0].materials)
            #expect(task.plan.scope == DemoSeed.qinghePlan.scope)

            let detail = Self.html(try await office.get("/tasks/\(id)?done=created"))
            #expect(detail.contains(Self.documentNumber) && detail.contains("草稿") && detail.contains("发布任务") && detail.contains("A 类 20%"))
            #expect(detail.contains("任务草稿已保存"))
            let edit = Self.html(try await office.get("/tasks/\(id)/edit"))
            #expect(edit.contains("value=\"\(Self.documentNumber)\"") && edit.contains("value=\"30\""))
            #expect(Self.html(try await office.get("/tasks?state=draft")).contains(Self.documentNumber))

            // Edit: a new title is saved; the draft is not public and departments cannot see it.
            var pairs = Self.formPairs()
            pairs[1] = ("title", "2024年度清河县应急管理领域联合抽查（修订）")
            #expect(try await office.post("/tasks/\(id)/edit", pairs: pairs).status == .seeOther)
            #expect(try await TaskStore(db: store.db).require(String(id)).title.hasSuffix("（修订）"))
            var anonymous = WebSession(client: client)
            #expect(try await anonymous.get("/public/tasks/\(id)").status == .notFound)
            var yjj = try await Self.login(client, "yjj-admin")
            #expect(try await yjj.get("/tasks/new").status == .forbidden)
            // A department admin sees the draft to set how many of its inspectors it draws.
            let draft = Self.html(try await yjj.get("/tasks/\(id)"))
            #expect(draft.contains("本部门抽取执法检查人员数") && draft.contains("/tasks/\(id)/departments/yjj/inspector-count"))
            #expect(!draft.contains("发布任务"))
            #expect(Self.html(try await yjj.get("/tasks")).contains(Self.documentNumber))
            #expect(try await yjj.act("/tasks/\(id)/departments/yjj/inspector-count", ["count": "3"]).status == .seeOther)
            #expect(try await TaskStore(db: store.db).require(String(id)).plan.departments.first { $0.department == "yjj" }?.inspectorCount == 3)
            let tooFew = Self.html(try await yjj.act("/tasks/\(id)/departments/yjj/inspector-count", ["count": "1"]))
            #expect(tooFew.contains("抽取人数须不少于每组人数"))
            #expect(try await yjj.act("/tasks/\(id)/departments/scjg/inspector-count", ["count": "3"]).status == .forbidden)
            var officer = try await Self.login(client, "yjj-01")
            #expect(try await officer.get("/tasks/\(id)").status == .forbidden)
            #expect(!Self.html(try await officer.get("/tasks")).contains(Self.documentNumber))

            // Publication freezes; the page shows the commitment and the per-stratum counts.
            #expect(try await office.act("/tasks/\(id)/publish", ["confirmed": "1"]).status == .seeOther)
            let published = try await TaskStore(db: store.db).require(String(id))
            let freeze = try #require(published.freeze)
            let page = Self.html(try await office.get("/tasks/\(id)"))
            #expect(page.contains(published.commitment!) && page.contains("已发布") && page.contains("抽取检查对象"))
            #expect(page.contains(freeze.strata[0].digest) && page.contains(">\(freeze.candidateCount)<") && page.contains(">\(freeze.quotaCount)<"))
            #expect(page.contains(freeze.fileDigests["objects.csv"]!) && page.contains("只能抽取一次"))
            #expect(page.contains(DemoSeed.qinghePlan.entropySource))
            #expect(try await office.get("/tasks/\(id)/edit").status == .conflict)
            let csv = try await office.get("/tasks/\(id)/objects.csv")
            let frozenObjects = try await TaskStore(db: store.db).snapshot(id, .objects)
            #expect(csv.status == .ok && Self.html(csv) == frozenObjects)
            #expect(try await office.get("/tasks/\(id)/record.json").status == .notFound)

            // The department now sees it, without office actions; an inspector reads it.
            let deptPage = Self.html(try await yjj.get("/tasks/\(id)"))
            #expect(deptPage.contains(published.commitment!) && !deptPage.contains("/tasks/\(id)/draw\""))
            #expect(try await yjj.get("/tasks/\(id)/objects.csv").status == .forbidden)
            var inspector = try await Self.login(client, "yjj-01")
            #expect(try await inspector.get("/tasks/\(id)").status == .ok)
            var auditor = try await Self.login(client, "auditor")
            #expect(Self.html(try await auditor.get("/tasks/\(id)")).contains(Self.documentNumber))
            #expect(try await auditor.act("/tasks/\(id)/match").status == .forbidden)

            // Public notice: basis, subject, content and method of every item.
            let notice = Self.html(try await anonymous.get("/public/tasks/\(id)"))
            #expect(notice.contains(published.commitment!) && notice.contains("抽查依据") && notice.contains("抽查主体"))
            let item = try #require(try await ItemList(db: store.db).list(department: "xf").first { $0.code == "XF-001" })
            #expect(notice.contains(item.legalBasis) && notice.contains(DemoSeed.qinghePlan.entropySource))
            #expect(Self.html(try await anonymous.get("/public/tasks")).contains(Self.documentNumber))
            #expect(Self.html(try await anonymous.get("/")).contains("/public/tasks"))
        }
    }

    @Test("plan problems are shown in Chinese next to their fields, with the input kept")
    func validation() async throws {
        try await withDemoApp(.sqlite) { client, store in
            var office = try await Self.login(client, "office")
            var pairs = Self.formPairs().filter { !["team_size", "document_number", "ratio_A", "ratio_B", "ratio_C", "ratio_D", "period_end"].contains($0.0) }
            pairs += [("team_size", "1"), ("document_number", ""), ("ratio_A", "5"), ("ratio_B", "5"), ("ratio_C", "5"), ("ratio_D", "abc"),
                      ("period_end", "2024-05-01")]
            let response = try await office.post("/tasks", pairs: pairs)
            #expect(response.status == .badRequest)
            let html = Self.html(response)
            #expect(html.contains("文号不能为空"))
            #expect(html.contains("每个检查组至少 2 名执法检查人员"))
            #expect(html.contains("D 类比例「abc」不是百分数"))
            #expect(html.contains("早于开始日期"))
            #expect(html.contains("value=\"\(DemoSeed.qinghePlan.title)\""))  // typed input kept
            #expect(html.contains("value=\"abc\""))
            #expect(html.contains("class=\"field-error\""))

            // Below the floor without a reason is refused; an unknown item is named.
            pairs = Self.formPairs().filter { !$0.0.hasPrefix("ratio_") } + [("ratio_A", "5"), ("ratio_B", "5"), ("ratio_C", "5"), ("ratio_D", "5")]
            let low = Self.html(try await office.post("/tasks", pairs: pairs))
            #expect(low.contains("低于 20%"))
            let unknown = try await office.post("/tasks", pairs: Self.formPairs() + [("items_swj", "NOPE-9")])
            #expect(unknown.status == .badRequest && Self.html(unknown).contains("没有事项 NOPE-9"))
            #expect(try await TaskStore(db: store.db).find(Self.documentNumber) == nil)
        }
    }

    @Test("the whole flow through the pages ends 已匹配 with the record public", arguments: TestDatabase.available)
    func wholeFlow(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            let tasks = TaskStore(db: store.db)
            var office = try await Self.login(client, "office")
            let id = try await Self.createAndPublish(&office)

            // Only the office draws; the entropy must be acknowledged as drawn once.
            var inspector = try await Self.login(client, "yjj-01")
            #expect(try await inspector.act("/tasks/\(id)/draw", ["entropy": "x", "acknowledged": "1"]).status == .forbidden)
            var yjj = try await Self.login(client, "yjj-admin")
            #expect(try await yjj.act("/tasks/\(id)/publish", ["confirmed": "1"]).status == .forbidden)
            #expect(try await yjj.act("/tasks/\(id)/draw", ["entropy": "x", "acknowledged": "1"]).status == .forbidden)
            let unacknowledged = try await office.act("/tasks/\(id)/draw", ["entropy": "2024-06-07-witness-417-293"])
            #expect(unacknowledged.status == .conflict && Self.html(unacknowledged).contains("只能抽取一次"))
            #expect(try await tasks.require(String(id)).state == .published)
            let drawn = try await office.act("/tasks/\(id)/draw", ["entropy": "2024-06-07-witness-417-293", "acknowledged": "1"])
            #expect(drawn.status == .seeOther)
            let task = try await tasks.require(String(id))
            #expect(task.state == .confirming)
            let secret = try #require(try task.record?.secret)
            #expect(secret.count == 64)
            // No second draw.
            let again = try await office.act("/tasks/\(id)/draw", ["entropy": "another", "acknowledged": "1"])
            #expect(again.status == .conflict && Self.html(again).contains("不能抽取"))

            // Before matching the secret is nowhere public, nor in the office's download.
            var anonymous = WebSession(client: client)
            let before = Self.html(try await anonymous.get("/public/tasks/\(id)"))
            #expect(before.contains("2024-06-07-witness-417-293") && !before.contains(secret))
            let dispatches = try await tasks.dispatches(id)
            #expect(before.contains(dispatches[0].uscc) && before.contains(dispatches[0].name))
            let publicRecord = try await anonymous.get("/public/tasks/\(id)/record.json")
            #expect(publicRecord.status == .ok && !Self.html(publicRecord).contains(secret) && Self.html(publicRecord).contains(task.commitment!))
            #expect(!Self.html(try await office.get("/tasks/\(id)/record.json")).contains(secret))
            #expect(try await anonymous.get("/public/tasks/\(id)/objects.csv").status == .notFound)
            #expect(try await anonymous.get("/tasks").status == .seeOther)
            #expect(try await anonymous.get("/tasks/\(id)").headers[.location]?.hasPrefix("/login") == true)

            // The office page lists every dispatch with its deadline and the pending counts.
            let officePage = Self.html(try await office.get("/tasks/\(id)"))
            #expect(officePage.contains(dispatches[0].confirmBy.chineseText) && officePage.contains("待确认"))

            // A department cannot act for another, nor on an enterprise not dispatched to it.
            let scjgRow = try #require(dispatches.first { $0.departments.contains("scjg") })
            var swj = try await Self.login(client, "swj-admin")
            #expect(try await swj.act("/tasks/\(id)/departments/scjg/dispatches/\(scjgRow.uscc)/confirm").status == .forbidden)
            if let notSWJ = dispatches.first(where: { !$0.departments.contains("swj") }) {
                let refused = try await swj.act("/tasks/\(id)/departments/swj/dispatches/\(notSWJ.uscc)/confirm")
                #expect(refused.status == .forbidden)
            }

            // scjg rejects one (reason required), gets a replacement, confirms the rest row by row.
            var scjg = try await Self.login(client, "scjg-admin")
            let scjgPage = Self.html(try await scjg.get("/tasks/\(id)"))
            #expect(scjgPage.contains(scjgRow.uscc) && scjgPage.contains("退回"))
            let noReason = try await scjg.act("/tasks/\(id)/departments/scjg/dispatches/\(scjgRow.uscc)/reject", ["reason": " "])
            #expect(noReason.status == .conflict && Self.html(noReason).contains("必须填写理由"))
            #expect(try await scjg.act("/tasks/\(id)/departments/scjg/dispatches/\(scjgRow.uscc)/reject",
                                       ["reason": "该企业已于2024年5月注销"]).status == .seeOther)
            for row in try await tasks.dispatches(id, department: "scjg") where row.active && row.decision == nil {
                #expect(try await scjg.act("/tasks/\(id)/departments/scjg/dispatches/\(row.uscc)/confirm").status == .seeOther)
            }
            #expect(try await tasks.pendingConfirmations(id)["scjg"] == 0)

            // Overdue flags: make the remaining deadlines pass; the office sees them.
            _ = try await store.sql.raw("UPDATE task_enterprises SET confirm_by = '2024-01-02'").all()
            let late = Self.html(try await office.get("/tasks/\(id)"))
            #expect(late.contains("已逾期"))
            let dashboard = Self.html(try await office.get("/dashboard"))
            #expect(dashboard.contains("待确认") && dashboard.contains(Self.documentNumber))

            // The other departments confirm everything at once; each draws its inspectors once.
            for dept in ["yjj", "swj", "xf"] {
                var admin = try await Self.login(client, "\(dept)-admin")
                #expect(try await admin.act("/tasks/\(id)/departments/\(dept)/confirm-all").status == .seeOther)
            }
            #expect(try await tasks.pendingConfirmations(id).values.reduce(0, +) == 0)
            #expect(try await inspector.act("/tasks/\(id)/departments/yjj/draw-inspectors").status == .forbidden)
            #expect(try await swj.act("/tasks/\(id)/departments/yjj/draw-inspectors").status == .forbidden)
            for dept in ["yjj", "scjg", "swj", "xf"] {
                var admin = try await Self.login(client, "\(dept)-admin")
                #expect(Self.html(try await admin.get("/tasks/\(id)")).contains("抽取执法检查人员"))
                #expect(try await admin.act("/tasks/\(id)/departments/\(dept)/draw-inspectors").status == .seeOther)
                if dept != "xf" {
                    let twice = try await admin.act("/tasks/\(id)/departments/\(dept)/draw-inspectors")
                    #expect(twice.status == .conflict)
                }
            }
            #expect(try await tasks.require(String(id)).state == .inspectorsDrawn)

            // One officer is excused with a reason and replaced.
            let yjjDrawn = try await tasks.drawnInspectors(id, department: "yjj")
            let yjjPage = Self.html(try await yjj.get("/tasks/\(id)"))
            #expect(yjjPage.contains(yjjDrawn[0].name) && yjjPage.contains("剔除"))
            let scjgDrawn = try await tasks.drawnInspectors(id, department: "scjg")
            #expect(!yjjPage.contains(scjgDrawn[0].code))  // only its own roster
            #expect(try await yjj.act("/tasks/\(id)/departments/yjj/inspectors/\(yjjDrawn[1].code)/reject", ["reason": "病假"]).status == .seeOther)
            #expect(try await tasks.drawnInspectors(id, department: "yjj").count == yjjDrawn.count + 1)

            // Matching: the office only.
            #expect(try await yjj.act("/tasks/\(id)/match").status == .forbidden)
            #expect(try await office.act("/tasks/\(id)/match").status == .seeOther)
            let matched = try await tasks.require(String(id))
            #expect(matched.state == .matched)
            let record = try #require(try matched.publicRecord)
            #expect(record.secret == secret && !record.teams.isEmpty)
            #expect(DrawVerifier.verify(record, inputs: try await tasks.frozenInputs(id)) == .verified)

            let finalPage = Self.html(try await office.get("/tasks/\(id)"))
            #expect(finalPage.contains("已匹配") && finalPage.contains("检查组") && finalPage.contains("第 1 组"))
            let member = try #require(try await tasks.drawnInspectors(id, department: record.teams[0].dept).first { $0.code == record.teams[0].teams[0][0] })
            #expect(finalPage.contains(member.name))

            // The public notice now shows the secret, the record and the frozen lists.
            let after = Self.html(try await anonymous.get("/public/tasks/\(id)"))
            #expect(after.contains(secret) && after.contains("已匹配") && after.contains("补抽"))
            let recordJSON = try await anonymous.get("/public/tasks/\(id)/record.json")
            #expect(Self.html(recordJSON) == DrawRecordJSON.string(record))
            let objects = try await anonymous.get("/public/tasks/\(id)/objects.csv")
            let frozenObjects = try await tasks.snapshot(id, .objects)
            #expect(objects.status == .ok && Self.html(objects) == frozenObjects)

            // After matching: start, complete, archive.
            for (step, state) in [("start", TaskState.inspecting), ("complete", .completed), ("archive", .archived)] {
                #expect(try await office.act("/tasks/\(id)/\(step)").status == .seeOther)
                #expect(try await tasks.require(String(id)).state == state)
            }
            #expect(try await AuditLog.verify(on: store.db).isIntact)
        }
    }

    @Test("cancelling needs a reason and is shown on the public notice; drafts are deleted after a confirmation")
    func cancelAndDelete() async throws {
        try await withDemoApp(.sqlite) { client, store in
            let tasks = TaskStore(db: store.db)
            var office = try await Self.login(client, "office")
            let id = try await Self.createAndPublish(&office)
            let confirmPage = Self.html(try await office.get("/tasks/\(id)/cancel"))
            #expect(confirmPage.contains("取消理由") && confirmPage.contains(Self.documentNumber))
            let noReason = try await office.act("/tasks/\(id)/cancel", ["confirmed": "1", "reason": ""])
            #expect(noReason.status == .conflict && Self.html(noReason).contains("取消任务必须填写理由"))
            #expect(try await office.act("/tasks/\(id)/cancel", ["confirmed": "1", "reason": "县政府调整工作安排"]).status == .seeOther)
            #expect(try await tasks.require(String(id)).state == .cancelled)
            var anonymous = WebSession(client: client)
            let notice = Self.html(try await anonymous.get("/public/tasks/\(id)"))
            #expect(notice.contains("本任务已取消") && notice.contains("县政府调整工作安排"))
            #expect(try await office.act("/tasks/\(id)/draw", ["entropy": "e", "acknowledged": "1"]).status == .conflict)

            let draft = try Self.taskID(from: try await office.post("/tasks", pairs: Self.formPairs(documentNumber: "清双随机办〔2024〕89号")))
            #expect(Self.html(try await office.get("/tasks/\(draft)/delete")).contains("确定删除任务草稿"))
            #expect(try await office.act("/tasks/\(draft)/delete").status == .seeOther)
            #expect(try await tasks.find(String(draft)) == nil)
            #expect(try await office.get("/tasks/\(id)/delete").status == .conflict)
        }
    }

    @Test("a department admin adds an expert to its own team on the task page; the 一企一表 lists the expert as not an officer",
          arguments: TestDatabase.available)
    func expertOnTeam(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            let tasks = TaskStore(db: store.db)
            let task = try await tasks.require(DemoSeed.qingheDocumentNumber)
            let expert = try #require(try await tasks.availableExperts(department: "yjj").first)
            let assignment = try #require(try task.record?.teams.first { $0.dept == "yjj" }?.assignments.first)
            let action = "/tasks/\(task.id)/departments/yjj/teams/\(assignment.team + 1)/experts"

            var scjg = try await Self.login(client, "scjg-admin")
            #expect(!Self.html(try await scjg.get("/tasks/\(task.id)")).contains(action))
            #expect(try await scjg.act(action, ["expert": expert.code]).status == .forbidden)

            var yjj = try await Self.login(client, "yjj-admin")
            let page = Self.html(try await yjj.get("/tasks/\(task.id)"))
            #expect(page.contains(action) && page.contains("加入专家") && page.contains(expert.name))
            #expect(try await yjj.act(action, ["expert": expert.code]).status == .seeOther)
            let after = Self.html(try await yjj.get("/tasks/\(task.id)?done=expert-added"))
            #expect(after.contains("专家已加入检查组") && after.contains("专家（不计入执法人员）：\(expert.name)"))
            let form = Self.html(try await yjj.get("/tasks/\(task.id)/forms/\(assignment.enterprise)"))
            #expect(form.contains(expert.name) && form.contains("专家（不计入执法人员）"))

            #expect(try await yjj.act("\(action)/\(expert.code)/remove").status == .seeOther)
            #expect(try await tasks.experts(task.id).isEmpty)
            #expect(!Self.html(try await yjj.get("/tasks/\(task.id)/forms/\(assignment.enterprise)")).contains("专家（不计入执法人员）"))
        }
    }
}
