import FluentKit
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
import SpotcheckWeb
import Testing

extension WebSession {
    /// Posts a `multipart/form-data` body as a browser's file upload does, with the CSRF token in
    /// the action URL (multipart bodies are not searched for it).
    mutating func upload(_ path: String, fields: [(String, String)], fileName: String, file: Data) async throws -> TestResponse {
        let boundary = "----spotcheckTestBoundary7MA4YWxkTrZu0gW"
        var body = Data()
        for (name, value) in fields {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
        }
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\nContent-Type: text/csv\r\n\r\n".utf8))
        body.append(file)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        var headers = cookieHeader
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        let token = try await sessionCSRF()
        let response = try await client.execute(uri: "\(path)?_csrf=\(token)", method: .post, headers: headers, body: ByteBuffer(bytes: body))
        remember(response)
        return response
    }
}

@Suite("Directory, roster, item list and import pages")
struct DirectoryPageTests {
    static func html(_ response: TestResponse) -> String { String(buffer: response.body) }

    static func auditCount(_ store: StoreDatabase) async throws -> Int { try await AuditEventModel.query(on: store.db).count() }

    /// Ten enterprise rows of which lines 4 (check character), 7 (duplicate of line 2) and 10
    /// (unknown class E) are bad; line 1 is the header.
    static func tenRowCSV() -> Data {
        var lines = ["uscc,name,legal_representative,address,region_code,industry,tags,risk_class,status,phone"]
        var codes: [String] = []
        for serial in 1...10 {
            var code = USCC.complete(prefix: "91130534" + String(format: "MA%07d", 9_100 + serial))!
            var riskClass = "B"
            switch serial {
            case 3: code = String(code.dropLast()) + (code.last == "0" ? "1" : "0")
            case 6: code = codes[0]
            case 9: riskClass = "E"
            default: break
            }
            codes.append(code)
            lines.append("\(code),清河县导入测试\(serial)有限公司,张三,清河县葛仙庄镇,130534100,纺织业,工贸,\(riskClass),存续,0319-8123456")
        }
        return Data(lines.joined(separator: "\r\n").utf8)
    }

    @Test("the directory pages render in Chinese for their readers", arguments: TestDatabase.available)
    func pagesRender(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            var office = WebSession(client: client)
            _ = try await office.login("office")
            let list = try await office.get("/enterprises")
            #expect(list.status == .ok)
            #expect(Self.html(list).contains("检查对象名录库") && Self.html(list).contains("共 300 户"))
            let first = try #require(try await EnterpriseDirectory(db: store.db).search(.init(), page: 1, perPage: 1).records.first)
            let detail = try await office.get("/enterprises/\(first.uscc)")
            #expect(detail.status == .ok)
            #expect(Self.html(detail).contains(first.name) && Self.html(detail).contains("抽查记录") && Self.html(detail).contains("暂无抽查记录"))
            let roster = Self.html(try await office.get("/departments/yjj/inspectors"))
            #expect(roster.contains("执法检查人员名录库") && roster.contains("清河县应急管理局") && roster.contains("今日可抽取"))
            let items = Self.html(try await office.get("/departments/xf/items"))
            #expect(items.contains("对注册消防工程师执业活动的监督抽查") && items.contains("《注册消防工程师管理规定》"))
            #expect(Self.html(try await office.get("/imports")).contains("导入模板"))
            let dashboard = Self.html(try await office.get("/dashboard"))
            #expect(dashboard.contains("一单两库") && dashboard.contains("/departments/scjg/inspectors"))
            #expect(try await office.get("/enterprises/91130534MA0000000X").status == .notFound)
            // Deleting a department that still has people, items and a task says what holds it: in
            // use, a 409 on the page as in the API (one error mapping, ErrorMeaning).
            let refused = try await office.post("/departments/swj/delete", form: ["_csrf": try await office.sessionCSRF()])
            #expect(refused.status == .conflict)
            #expect(Self.html(refused).contains("名执法检查人员") && Self.html(refused).contains("不能删除"))
            #expect(try await DepartmentRepository(db: store.db).find(code: "swj") != nil)

            var inspector = WebSession(client: client)
            _ = try await inspector.login("yjj-01")
            #expect(try await inspector.get("/enterprises").status == .forbidden)
            #expect(try await inspector.get("/departments/yjj/inspectors").status == .forbidden)
        }
    }

    @Test("search filters by code, name, tag, class and status, and pages", arguments: TestDatabase.available)
    func searchAndPaging(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            var web = WebSession(client: client)
            _ = try await web.login("scjg-admin")
            let page1 = Self.html(try await web.get("/enterprises"))
            #expect(page1.contains("第 1/6 页") && page1.contains("/enterprises?page=2"))
            let all = try await EnterpriseDirectory(db: store.db).search(.init(), page: 1, perPage: 300).records
            let page2 = Self.html(try await web.get("/enterprises?page=2"))
            #expect(page2.contains(all[50].uscc) && !page2.contains(all[0].uscc))

            let target = all[123]
            let byCode = Self.html(try await web.get("/enterprises?q=\(target.uscc)"))
            #expect(byCode.contains(target.name) && byCode.contains("共 1 条"))
            let fragment = String(target.name.dropFirst(3).prefix(4))
            let byName = Self.html(try await web.get("/enterprises?q=\(fragment.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"))
            #expect(byName.contains(target.name))

            let auctions = all.filter { $0.tags.contains(.auction) }
            let byTag = Self.html(try await web.get("/enterprises?tag=%E6%8B%8D%E5%8D%96"))
            #expect(byTag.contains("共 \(auctions.count) 条"))
            let classD = all.filter { $0.riskClass == .d && $0.status == .active }
            let filtered = Self.html(try await web.get("/enterprises?class=D&status=%E5%AD%98%E7%BB%AD"))
            #expect(filtered.contains("共 \(classD.count) 条"))
            #expect(classD.allSatisfy { filtered.contains($0.uscc) })
            // Paging links keep the filters.
            let manyB = Self.html(try await web.get("/enterprises?class=B"))
            #expect(manyB.contains("/enterprises?class=B&amp;page=2") || manyB.contains("/enterprises?class=B&page=2"))
            let csv = try await web.get("/enterprises/export.csv?class=D&status=%E5%AD%98%E7%BB%AD")
            #expect(csv.status == .ok)
            let text = String(decoding: Data(buffer: csv.body).dropFirst(3), as: UTF8.self)
            #expect(text.hasPrefix("统一社会信用代码,企业名称"))
            #expect(text.split(separator: "\r\n").count == classD.count + 1)
            // The whole directory streams in code order.
            let whole = try await web.get("/enterprises/export.csv")
            let wholeLines = String(decoding: Data(buffer: whole.body).dropFirst(3), as: UTF8.self).split(separator: "\r\n")
            #expect(whole.headers[.contentDisposition]?.contains("filename*=UTF-8''") == true)
            let everyone = try await EnterpriseDirectory(db: store.db).search(.init(), page: 1, perPage: 100_000).records
            #expect(wholeLines.dropFirst().map { String($0.prefix(18)) } == everyone.map(\.uscc).sorted { $0.utf8Precedes($1) })
            let xlsx = try await web.get("/enterprises/export.xlsx")
            #expect(xlsx.status == .ok && Data(buffer: xlsx.body).starts(with: [0x50, 0x4B, 0x03, 0x04]))
        }
    }

    @Test("a 商务局 admin gets 403 on 应急管理局's roster and items", arguments: TestDatabase.available)
    func departmentIsolation(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            var swj = WebSession(client: client)
            _ = try await swj.login("swj-admin")
            let token = try await swj.sessionCSRF()
            let foreign = try await swj.get("/departments/yjj/inspectors")
            #expect(foreign.status == .forbidden)
            let yjjOfficer = try #require(try await InspectorRoster(db: store.db).list(department: "yjj").first)
            #expect(!Self.html(foreign).contains(yjjOfficer.name))
            #expect(try await swj.get("/departments/yjj/inspectors/export.csv").status == .forbidden)
            #expect(try await swj.get("/departments/yjj/items").status == .forbidden)
            #expect(try await swj.get("/departments/yjj/items/YJJ-001/edit").status == .forbidden)
            let edit = try await swj.post("/departments/yjj/items/YJJ-001/edit", form: ["name": "被改", "legalBasis": "无", "_csrf": token])
            #expect(edit.status == .forbidden)
            #expect(try await ItemList(db: store.db).find(department: "yjj", code: "YJJ-001")?.name == "危险化学品及相关企业的安全检查")
            #expect(try await swj.post("/departments/yjj/items/YJJ-001/delete", form: ["_csrf": token]).status == .forbidden)
            let add = try await swj.post("/departments/yjj/inspectors", form: ["code": "X1", "name": "越权", "certificateExpiry": "2030-01-01", "_csrf": token])
            #expect(add.status == .forbidden)
            #expect(try await swj.post("/departments/yjj/inspectors/\(yjjOfficer.code)/delete", form: ["_csrf": token]).status == .forbidden)
            #expect(try await InspectorRoster(db: store.db).find(code: yjjOfficer.code) != nil)
            // The own roster and items, and the shared directory (read only), are open.
            #expect(try await swj.get("/departments/swj/inspectors").status == .ok)
            #expect(Self.html(try await swj.get("/departments/swj/items")).contains("成品油市场管理检查"))
            #expect(try await swj.get("/enterprises").status == .ok)
            let uscc = try #require(try await EnterpriseDirectory(db: store.db).search(.init(), page: 1, perPage: 1).records.first?.uscc)
            #expect(try await swj.get("/enterprises/\(uscc)/edit").status == .forbidden)

            var auditor = WebSession(client: client)
            _ = try await auditor.login("auditor")
            #expect(try await auditor.get("/departments/yjj/inspectors").status == .ok)
            #expect(try await auditor.get("/departments/yjj/inspectors/new").status == .forbidden)
            #expect(try await auditor.get("/imports").status == .forbidden)
        }
    }

    @Test("roster, conflict, item and enterprise edits go through forms and are audited", arguments: TestDatabase.available)
    func editsAreAudited(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            var yjj = WebSession(client: client)
            _ = try await yjj.login("yjj-admin")
            let token = try await yjj.sessionCSRF()
            var events = try await Self.auditCount(store)

            let bad = try await yjj.post("/departments/yjj/inspectors", form: ["code": "130534209999", "name": "新同志", "mobile": "123", "_csrf": token])
            #expect(bad.status == .badRequest)
            #expect(Self.html(bad).contains("手机号码") && Self.html(bad).contains("有效期至 — 不能为空"))
            let created = try await yjj.post("/departments/yjj/inspectors", form: [
                "code": "130534209999", "name": "新同志", "mobile": "13931901234", "status": "在岗", "certificateExpiry": "2030-12-31",
                "expertise": "危险化学品", "_csrf": token])
            #expect(created.status == .seeOther)
            events += 1
            #expect(try await Self.auditCount(store) == events)
            let edited = try await yjj.post("/departments/yjj/inspectors/130534209999/edit", form: [
                "name": "新同志", "mobile": "13931901234", "status": "休假", "certificateExpiry": "2030-12-31", "_csrf": token])
            #expect(edited.status == .seeOther)
            #expect(try await InspectorRoster(db: store.db).find(code: "130534209999")?.status == .onLeave)
            events += 1
            #expect(try await Self.auditCount(store) == events)

            let enterprise = try #require(try await EnterpriseDirectory(db: store.db).search(.init(tag: "危险化学品"), page: 1, perPage: 1).records.first)
            let noReason = try await yjj.post("/departments/yjj/inspectors/130534209999/conflicts", form: ["uscc": enterprise.uscc, "reason": "", "_csrf": token])
            #expect(noReason.status == .badRequest && Self.html(noReason).contains("回避原因不能为空"))
            let conflict = try await yjj.post("/departments/yjj/inspectors/130534209999/conflicts", form: ["uscc": enterprise.uscc, "reason": "配偶在该企业任职", "_csrf": token])
            #expect(conflict.status == .seeOther)
            let page = Self.html(try await yjj.get("/departments/yjj/inspectors/130534209999"))
            #expect(page.contains(enterprise.name) && page.contains("配偶在该企业任职"))
            let confirm = try await yjj.get("/departments/yjj/inspectors/130534209999/conflicts/\(enterprise.uscc)/delete")
            #expect(confirm.status == .ok && Self.html(confirm).contains("确定撤销"))
            _ = try await yjj.post("/departments/yjj/inspectors/130534209999/conflicts/\(enterprise.uscc)/delete", form: ["_csrf": token])
            #expect(try await ConflictList(db: store.db).list(inspectorCode: "130534209999").isEmpty)
            events += 2
            #expect(try await Self.auditCount(store) == events)

            let item = try await yjj.post("/departments/yjj/items", form: [
                "code": "YJJ-003", "name": "烟花爆竹经营单位安全检查", "legalBasis": "《烟花爆竹安全管理条例》第三条", "subject": "清河县应急管理局",
                "methods[]": "实地核查", "scopeTags[]": "危险化学品", "category": "一般检查事项", "ratio": "5%", "subItems": "经营许可\n储存仓库",
                "_csrf": token])
            #expect(item.status == .seeOther)
            #expect(try await ItemList(db: store.db).find(department: "yjj", code: "YJJ-003")?.defaultRatioBasisPoints == 500)
            let badRatio = try await yjj.post("/departments/yjj/items/YJJ-003/edit", form: ["name": "烟花爆竹", "legalBasis": "条例", "ratio": "150%", "_csrf": token])
            #expect(badRatio.status == .badRequest && Self.html(badRatio).contains("抽查比例"))
            _ = try await yjj.post("/departments/yjj/items/YJJ-003/delete", form: ["_csrf": token])
            #expect(try await ItemList(db: store.db).find(department: "yjj", code: "YJJ-003") == nil)
            events += 2
            #expect(try await Self.auditCount(store) == events)

            var office = WebSession(client: client)
            _ = try await office.login("office")
            let officeToken = try await office.sessionCSRF()
            let form = ["name": "清河县改名后有限公司", "legalRepresentative": enterprise.legalRepresentative, "address": enterprise.address,
                        "regionCode": enterprise.regionCode, "industry": enterprise.industry, "tags[]": "危险化学品", "riskClass": "C",
                        "status": "存续", "phone": enterprise.phone, "_csrf": officeToken]
            let preview = try await office.post("/enterprises/\(enterprise.uscc)/edit", form: form)
            #expect(preview.status == .ok && Self.html(preview).contains("确认修改") && Self.html(preview).contains("清河县改名后有限公司"))
            #expect(try await EnterpriseDirectory(db: store.db).find(uscc: enterprise.uscc)?.name == enterprise.name)
            var confirmed = form
            confirmed["confirmed"] = "1"
            #expect(try await office.post("/enterprises/\(enterprise.uscc)/edit", form: confirmed).status == .seeOther)
            let stored = try await EnterpriseDirectory(db: store.db).find(uscc: enterprise.uscc)
            #expect(stored?.name == "清河县改名后有限公司" && stored?.riskClass == .c)
            let invalid = try await office.post("/enterprises/\(enterprise.uscc)/edit", form: ["name": "", "riskClass": "Z", "_csrf": officeToken])
            #expect(invalid.status == .badRequest && Self.html(invalid).contains("企业名称 — 不能为空"))
            events += 1
            #expect(try await Self.auditCount(store) == events)
            #expect(try await AuditLog.verify(on: store.db).isIntact)
        }
    }

    @Test("an upload with 3 bad rows of 10 names exactly those lines and writes nothing; the checkbox writes 7", arguments: TestDatabase.available)
    func upload(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            var office = WebSession(client: client)
            _ = try await office.login("office")
            let directory = EnterpriseDirectory(db: store.db)
            let before = try await directory.count()
            let events = try await Self.auditCount(store)

            let blocked = try await office.upload("/imports", fields: [("kind", "enterprises")], fileName: "名录.csv", file: Self.tenRowCSV())
            let html = Self.html(blocked)
            #expect(blocked.status == .unprocessableContent)
            #expect(html.contains("有错误的行：第 4、7、10 行"))
            #expect(html.contains("第 4 行：统一社会信用代码 — 校验位错误"))
            #expect(html.contains("第 7 行：统一社会信用代码") && html.contains("与第 2 行重复"))
            #expect(html.contains("第 10 行：信用风险分类 — 未知分类 E"))
            let mentioned = (2...11).filter { html.contains("第 \($0) 行：") }
            #expect(mentioned == [4, 7, 10])
            #expect(html.contains("未写入任何数据"))
            #expect(try await directory.count() == before)
            // Nothing written, but the attempt is audited (ImportAuditTests has the details).
            #expect(try await Self.auditCount(store) == events + 1)

            let partial = try await office.upload("/imports", fields: [("kind", "enterprises"), ("skipInvalid", "on")], fileName: "名录.csv", file: Self.tenRowCSV())
            #expect(partial.status == .ok)
            #expect(Self.html(partial).contains("已导入 7 行：新增 7"))
            #expect(try await directory.count() == before + 7)
            let event = try #require(try await AuditEventModel.query(on: store.db).sort(\.$id, .descending).first())
            let digest = SecretToken.digest(data: Self.tenRowCSV())
            #expect(event.actor == "office" && event.afterJSON?.contains("sha256=\(digest)") == true)

            // A department admin imports its own roster only, never the directory.
            var swj = WebSession(client: client)
            _ = try await swj.login("swj-admin")
            #expect(try await swj.upload("/imports", fields: [("kind", "enterprises")], fileName: "a.csv", file: Self.tenRowCSV()).status == .forbidden)
            let yjjCode = try #require(try await InspectorRoster(db: store.db).list(department: "yjj").first?.code)
            let roster = Data("执法证号,姓名,手机号码,有效期至\n130534208801,钱多多,13931908801,2029-06-30\n\(yjjCode),冒名,13931908802,2029-06-30\n".utf8)
            let rosterBlocked = try await swj.upload("/imports", fields: [("kind", "inspectors")], fileName: "人员.csv", file: roster)
            #expect(Self.html(rosterBlocked).contains("第 3 行：执法证号 — \(yjjCode) 已登记在其他部门（yjj）"))
            let rosterPartial = try await swj.upload("/imports", fields: [("kind", "inspectors"), ("skipInvalid", "on")], fileName: "人员.csv", file: roster)
            #expect(rosterPartial.status == .ok)
            #expect(try await InspectorRoster(db: store.db).find(code: "130534208801")?.dept == "swj")
            #expect(try await InspectorRoster(db: store.db).find(code: yjjCode)?.dept == "yjj")
            let foreign = try await swj.upload("/imports", fields: [("kind", "items"), ("department", "yjj")], fileName: "事项.csv", file: Data("编号\n".utf8))
            #expect(foreign.status == .forbidden)

            let template = try await office.get("/imports/templates/enterprises.csv")
            #expect(template.status == .ok && String(decoding: Data(buffer: template.body), as: UTF8.self).contains("统一社会信用代码"))
            #expect(try await office.get("/imports/templates/items.xlsx").status == .ok)
            #expect(try await office.get("/imports/templates/nothing.csv").status == .notFound)
        }
    }

    @Test("the public item lists need no login and link from the home page", arguments: TestDatabase.available)
    func publicItems(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, _ in
            var anonymous = WebSession(client: client)
            #expect(Self.html(try await anonymous.get("/")).contains("href=\"/public/items\""))
            let all = try await anonymous.get("/public/items")
            #expect(all.status == .ok)
            let html = Self.html(all)
            for text in ["抽查依据", "抽查主体", "抽查内容", "抽查方式", "危险化学品及相关企业的安全检查", "工贸行业企业的安全检查", "登记事项检查",
                         "公示信息检查", "拍卖等重要领域市场规范管理检查", "产品质量监督检查", "计量监督检查", "成品油市场管理检查",
                         "对单位履行法定消防安全职责情况的监督抽查", "《中华人民共和国消防法》"] {
                #expect(html.contains(text), "\(text)")
            }
            #expect(!html.contains("/departments/yjj/items/YJJ-001/edit"))
            let xf = Self.html(try await anonymous.get("/public/items/xf"))
            #expect(xf.contains("清河县消防救援大队") && xf.contains("对社会消防技术服务活动的监督抽查") && !xf.contains("成品油市场管理检查"))
            #expect(try await anonymous.get("/public/items/office").status == .notFound)
            #expect(try await anonymous.get("/public/items/nope").status == .notFound)
        }
    }
}
