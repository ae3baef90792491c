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

@Suite("Result entry, approval, evidence and deadline pages")
struct ResultPageTests {
    struct Target {
        var task: TaskInfo
        var uscc: String
        var part: InspectionForm.DepartmentPart
        var path: String { "/tasks/\(task.id)/forms/\(uscc)/results/\(part.department)" }
    }

    /// An enterprise of the demo task that yjj-01's 应急管理局 team inspects and that has no result yet.
    static func target(_ db: any Database) async throws -> Target {
        let tasks = TaskStore(db: db)
        let task = try #require(try await tasks.find(DemoSeed.qingheDocumentNumber))
        let user = try #require(try await UserModel.query(on: db).filter(\.$username == "yjj-01").first())
        let code = try #require(user.inspectorCode)
        for assignment in try await tasks.formsForInspector(code: code) where assignment.taskID == task.id && assignment.department == "yjj" {
            guard try await ResultStore(db: db).find(taskID: task.id, uscc: assignment.uscc, department: "yjj") == nil else { continue }
            let form = try await tasks.form(taskID: task.id, uscc: assignment.uscc)
            if let part = form.departments.first(where: { $0.department == "yjj" && !$0.items.isEmpty }) {
                return Target(task: task, uscc: assignment.uscc, part: part)
            }
        }
        Issue.record("yjj-01 has no form of the demo task without a result")
        throw StoreError.invalid("no target")
    }

    /// The posted form of a complete result (one method per item, the first item a problem).
    static func fields(_ part: InspectionForm.DepartmentPart, csrf: String, action: String, finding: String = "安全生产责任制未公示",
                       date: String = "2024-06-18") -> [String: String] {
        var form = ["_csrf": csrf, "action": action, "inspection_date": date, "category": ResultCategory.pendingFollowUp.rawValue,
                    "onsite_answer": "1", "onsite_note": "解答应急预案备案问题", "signature": "refused",
                    "refusal_note": "负责人拒绝签字；见证人：村委会主任王某 13900000000"]
        for (index, item) in part.items.enumerated() {
            form["item_\(index)_code"] = item.code
            form["item_\(index)_methods"] = (item.methods.first ?? .onSite).rawValue
            form["item_\(index)_problem"] = index == 0 ? "1" : "0"
            if index == 0 {
                form["item_0_finding"] = finding
                form["item_0_kind"] = ProblemKind.ownRules.rawValue
            }
        }
        return form
    }

    static func multipart(_ session: WebSession, _ uri: String, fileName: String, data: Data) async throws -> TestResponse {
        let boundary = "----spotcheck-test-boundary"
        var body = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
        body += data
        body += Data("\r\n--\(boundary)--\r\n".utf8)
        var headers = session.cookieHeader
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        return try await session.client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(bytes: body))
    }

    @Test("an inspector of the team saves a draft and submits; problems come back per field; then read-only",
          arguments: TestDatabase.available)
    func inspectorEntry(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            let target = try await Self.target(store.db)
            var inspector = WebSession(client: client)
            _ = try await inspector.login("yjj-01")

            // The 一企一表 links to the entry page of the inspector's department.
            let formPage = String(buffer: try await inspector.get("/tasks/\(target.task.id)/forms/\(target.uscc)").body)
            #expect(formPage.contains(target.path) && formPage.contains("录入检查结果"))

            let page = try await inspector.get(target.path)
            #expect(page.status == .ok)
            let html = String(buffer: page.body)
            for text in ["/static/results.css", "保存草稿", ">提交<", "检查方式", "现场解答疑难问题", "拒签情况及见证人", "证据材料",
                         "enctype=\"multipart/form-data\"", ResultCategory.correctedAfterOrder.rawValue, ProblemKind.unreachable.rawValue,
                         InspectionMethod.onSite.rawValue] {
                #expect(html.contains(text), "missing \(text)")
            }
            for item in target.part.items { #expect(html.contains(item.name)) }
            for member in target.part.team { #expect(html.contains(member.name) && html.contains(member.code)) }
            #expect(!html.contains("style=\"") && !html.contains("<script>") && !html.contains("onclick"))
            let csrf = try #require(WebSession.csrfToken(in: html))

            // A draft.
            var draft = Self.fields(target.part, csrf: csrf, action: "draft")
            draft["inspection_date"] = ""
            let saved = try await inspector.post(target.path, form: draft)
            #expect(saved.status == .seeOther && saved.headers[.location] == target.path + "?done=saved")
            let results = ResultStore(db: store.db)
            #expect(try await results.find(taskID: target.task.id, uscc: target.uscc, department: "yjj")?.status == .draft)
            #expect(String(buffer: try await inspector.get(target.path + "?done=saved").body).contains("安全生产责任制未公示"))

            // Submitting an incomplete result: 422, each problem in Chinese, the typed text kept.
            var bad = Self.fields(target.part, csrf: csrf, action: "submit", finding: "消防通道堵塞待核实")
            bad["inspection_date"] = ""
            bad["item_0_methods"] = nil
            bad["onsite_note"] = ""
            bad["refusal_note"] = ""
            let refused = try await inspector.post(target.path, form: bad)
            #expect(refused.status == .unprocessableContent)
            let refusedHTML = String(buffer: refused.body)
            for text in ["请填写检查日期", "未选择检查方式", "请简要记录现场解答的疑难问题", "须注明拒签情况及见证人", "消防通道堵塞待核实",
                         "class=\"field-error\""] {
                #expect(refusedHTML.contains(text), "missing \(text)")
            }
            #expect(try await results.find(taskID: target.task.id, uscc: target.uscc, department: "yjj")?.status == .draft)

            // A bad date is refused as such.
            var badDate = Self.fields(target.part, csrf: csrf, action: "submit")
            badDate["inspection_date"] = "2024-02-30"
            let dateRefused = try await inspector.post(target.path, form: badDate)
            #expect(dateRefused.status == .unprocessableContent && String(buffer: dateRefused.body).contains("不是有效日期"))

            // A complete result.
            let submitted = try await inspector.post(target.path, form: Self.fields(target.part, csrf: csrf, action: "submit"))
            #expect(submitted.status == .seeOther)
            let result = try #require(try await results.find(taskID: target.task.id, uscc: target.uscc, department: "yjj"))
            #expect(result.status == .submitted && result.input.problemCount == 1 && result.input.signatureRefused)
            #expect(result.input.items[0].problemKind == ProblemKind.ownRules.rawValue && result.input.onsiteAnswer)
            #expect(result.submittedBy == "yjj-01" && result.dueDate == CivilDate("2024-07-16"))

            // Now read-only for the inspector; a further save is a conflict.
            let readOnly = String(buffer: try await inspector.get(target.path).body)
            #expect(readOnly.contains("disabled") && !readOnly.contains(">保存草稿<") && !readOnly.contains("审核公示</button>"))
            #expect(readOnly.contains("检查人员不能再修改") && readOnly.contains("2024年7月16日"))
            #expect(try await inspector.post(target.path, form: Self.fields(target.part, csrf: csrf, action: "draft")).status == .conflict)
            #expect(try await inspector.post(target.path + "/approve", form: ["_csrf": csrf]).status == .forbidden)

            // The phone stylesheet is served.
            let css = try await inspector.get("/static/results.css")
            #expect(css.status == .ok && css.headers[.contentType]?.hasPrefix("text/css") == true)
            let cssText = String(buffer: css.body)
            #expect(cssText.contains("min-height:44px") && cssText.contains("width:100%") && cssText.contains("word-break:break-all"))
        }
    }

    @Test("who may enter: not another inspector, not another department's admin; anonymous to login", arguments: TestDatabase.available)
    func access(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            let target = try await Self.target(store.db)
            let teamCodes = Set(target.part.team.map(\.code))
            let inspectors = try await UserModel.query(on: store.db).filter(\.$role == Role.inspector.rawValue).all()
            let outsider = try #require(inspectors.first { $0.inspectorCode.map { !teamCodes.contains($0) } ?? true })

            var other = WebSession(client: client)
            _ = try await other.login(outsider.username)
            let csrf = try await other.sessionCSRF()
            #expect(try await other.get(target.path).status == .forbidden)
            #expect(try await other.post(target.path, form: Self.fields(target.part, csrf: csrf, action: "draft")).status == .forbidden)
            let formPage = try await other.get("/tasks/\(target.task.id)/forms/\(target.uscc)")
            #expect(!String(buffer: formPage.body).contains(target.path))

            // Another department's admin may not enter or approve 应急管理局's result; a
            // non-lead department admin may not even look.
            var scjg = WebSession(client: client)
            _ = try await scjg.login("scjg-admin")
            let scjgCSRF = try await scjg.sessionCSRF()
            #expect(try await scjg.get(target.path).status == .forbidden)
            #expect(try await scjg.post(target.path + "/approve", form: ["_csrf": scjgCSRF]).status == .forbidden)

            // The office looks, read-only.
            var office = WebSession(client: client)
            _ = try await office.login("office")
            let officePage = try await office.get(target.path)
            #expect(officePage.status == .ok)
            let officeHTML = String(buffer: officePage.body)
            #expect(officeHTML.contains("disabled") && !officeHTML.contains(">保存草稿<"))
            let officeCSRF = try await office.sessionCSRF()
            #expect(try await office.post(target.path, form: Self.fields(target.part, csrf: officeCSRF, action: "draft")).status == .forbidden)

            var anonymous = WebSession(client: client)
            for path in [target.path, "/results/deadlines"] {
                let response = try await anonymous.get(path)
                #expect(response.status == .seeOther && response.headers[.location]?.hasPrefix("/login?next=") == true, "\(path)")
            }
        }
    }

    @Test("the department admin approves and corrects (reason required, audited); evidence upload and download",
          arguments: TestDatabase.available)
    func adminAndEvidence(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            let target = try await Self.target(store.db)
            var inspector = WebSession(client: client)
            _ = try await inspector.login("yjj-01")
            let csrf = try await inspector.sessionCSRF()

            // Evidence before submission: a PNG is stored with its SHA-256; an HTML file is refused.
            let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 9, count: 2048)
            let uploaded = try await Self.multipart(inspector, target.path + "/evidence?_csrf=\(csrf)", fileName: "现场照片.png", data: png)
            #expect(uploaded.status == .seeOther)
            let refused = try await Self.multipart(inspector, target.path + "/evidence?_csrf=\(csrf)", fileName: "x.png", data: Data("<html>".utf8))
            #expect(refused.status == .unprocessableContent && String(buffer: refused.body).contains("只能上传 JPEG、PNG 照片或 PDF 文件"))
            let noToken = try await Self.multipart(inspector, target.path + "/evidence", fileName: "a.png", data: png)
            #expect(noToken.status == .forbidden)
            let files = try await EvidenceStore(db: store.db).list(taskID: target.task.id, uscc: target.uscc, department: "yjj")
            let file = try #require(files.first)
            #expect(files.count == 1 && file.sha256 == SecretToken.digest(data: png))
            let listed = String(buffer: try await inspector.get(target.path).body)
            #expect(listed.contains("现场照片.png") && listed.contains(file.sha256) && listed.contains("2 KB"))
            let download = try await inspector.get(target.path + "/evidence/\(file.id.uuidString)")
            #expect(download.status == .ok && download.headers[.contentType] == "image/png")
            #expect(Data(buffer: download.body) == png)
            #expect(download.headers[.contentDisposition]?.hasPrefix("attachment") == true)
            #expect(try await inspector.get(target.path + "/evidence/\(UUID().uuidString)").status == .notFound)

            #expect(try await inspector.post(target.path, form: Self.fields(target.part, csrf: csrf, action: "submit")).status == .seeOther)
            // After submission the inspector can no longer add evidence.
            #expect(try await Self.multipart(inspector, target.path + "/evidence?_csrf=\(csrf)", fileName: "b.png", data: png).status == .conflict)

            var admin = WebSession(client: client)
            _ = try await admin.login("yjj-admin")
            let adminCSRF = try await admin.sessionCSRF()
            let adminPage = String(buffer: try await admin.get(target.path).body)
            #expect(adminPage.contains("审核公示</button>") && adminPage.contains("?correct=1"))
            let approved = try await admin.post(target.path + "/approve", form: ["_csrf": adminCSRF])
            #expect(approved.status == .seeOther && approved.headers[.location] == target.path + "?done=approved")
            let results = ResultStore(db: store.db)
            #expect(try await results.find(taskID: target.task.id, uscc: target.uscc, department: "yjj")?.status == .approved)
            #expect(try await admin.post(target.path + "/approve", form: ["_csrf": adminCSRF]).status == .conflict)

            // 更正: the form opens editable for the admin; without a reason it is refused.
            let correctPage = String(buffer: try await admin.get(target.path + "?correct=1").body)
            #expect(correctPage.contains("更正理由") && correctPage.contains("/correct\""))
            var correction = Self.fields(target.part, csrf: adminCSRF, action: "", finding: "安全生产责任制未在显著位置公示")
            let noReason = try await admin.post(target.path + "/correct", form: correction)
            #expect(noReason.status == .unprocessableContent && String(buffer: noReason.body).contains("须填写更正理由"))
            correction["reason"] = "检查人员笔误"
            #expect(try await admin.post(target.path + "/correct", form: correction).status == .seeOther)
            let corrected = try #require(try await results.find(taskID: target.task.id, uscc: target.uscc, department: "yjj"))
            #expect(corrected.status == .approved && corrected.input.items[0].finding == "安全生产责任制未在显著位置公示")
            let event = try #require(try await AuditEventModel.query(on: store.db).filter(\.$action == "correct-result").first())
            #expect(event.actor == "yjj-admin" && event.beforeJSON?.contains("安全生产责任制未公示") == true)
            #expect(event.afterJSON?.contains("检查人员笔误") == true)
            #expect(try await AuditLog.verify(on: store.db).isIntact)
            // The admin may still add evidence after submission.
            #expect(try await Self.multipart(admin, target.path + "/evidence?_csrf=\(adminCSRF)", fileName: "r.pdf",
                                             data: Data("%PDF-1.4\n%%EOF\n".utf8)).status == .seeOther)
        }
    }

    @Test("deadlines per department and the office dashboard's 进度", arguments: TestDatabase.available)
    func deadlines(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            let target = try await Self.target(store.db)
            let results = ResultStore(db: store.db)
            let name = try #require(try await EnterpriseDirectory(db: store.db).find(uscc: target.uscc)).name
            let items = target.part.items.map { ResultInput.Item(itemCode: $0.code, methods: [.documentary]) }
            // Submitted in 2024 and never approved: overdue.
            try await results.submit(taskID: target.task.id, uscc: target.uscc, department: "yjj",
                                     input: ResultInput(inspectionDate: CivilDate("2024-06-18")!, category: .noProblem, items: items),
                                     actor: .init("yjj-01"))
            // A draft inspected 17 working days before the last working day up to today: due in 3
            // working days (counted from a weekend, the days left are the same as from the Friday).
            let soon = try await Self.otherTarget(store.db, not: target)
            var lastWorkingDay = CivilDate.today
            while !WorkingDayCalendar.standard.isWorkingDay(lastWorkingDay) { lastWorkingDay = lastWorkingDay.adding(days: -1) }
            let inspected = WorkingDayCalendar.standard.addWorkingDays(-17, to: lastWorkingDay)
            try await results.saveDraft(taskID: soon.task.id, uscc: soon.uscc, department: soon.part.department,
                                        input: ResultInput(inspectionDate: inspected, category: .noProblem, items: []), actor: .init("x"))
            let soonName = try #require(try await EnterpriseDirectory(db: store.db).find(uscc: soon.uscc)).name

            var office = WebSession(client: client)
            _ = try await office.login("office")
            let page = try await office.get("/results/deadlines")
            #expect(page.status == .ok)
            let html = String(buffer: page.body)
            #expect(html.contains("应急管理局") && html.contains(name) && html.contains(target.path) && html.contains("2024年7月16日"))
            #expect(html.contains("逾期") && html.contains(soonName) && html.contains("还剩 3 个工作日"))

            var yjj = WebSession(client: client)
            _ = try await yjj.login("yjj-admin")
            let own = String(buffer: try await yjj.get("/results/deadlines").body)
            #expect(own.contains(name) && own.contains("应急管理局"))
            if soon.part.department != "yjj" { #expect(!own.contains(soonName)) }

            var inspector = WebSession(client: client)
            _ = try await inspector.login("yjj-01")
            #expect(try await inspector.get("/results/deadlines").status == .forbidden)

            let dashboard = String(buffer: try await office.get("/dashboard").body)
            #expect(dashboard.contains("进度") && dashboard.contains("已公示") && dashboard.contains("/results/deadlines"))
            let progress = try #require(try await results.progress().first { $0.taskID == target.task.id && $0.department == "yjj" })
            #expect(dashboard.contains("<td data-label=\"抽取\">\(progress.drawn)</td>"))
            #expect(progress.submitted >= 1)
        }
    }

    /// Another enterprise/department part of the demo task without a result.
    static func otherTarget(_ db: any Database, not first: Target) async throws -> Target {
        let tasks = TaskStore(db: db)
        for summary in try await tasks.forms(taskID: first.task.id) where summary.uscc != first.uscc {
            for team in summary.teams {
                guard try await ResultStore(db: db).find(taskID: first.task.id, uscc: summary.uscc, department: team.department) == nil
                else { continue }
                let form = try await tasks.form(taskID: first.task.id, uscc: summary.uscc)
                if let part = form.departments.first(where: { $0.department == team.department }) {
                    return Target(task: first.task, uscc: summary.uscc, part: part)
                }
            }
        }
        Issue.record("no second enterprise without a result")
        throw StoreError.invalid("no target")
    }
}
