import FluentKit
import Foundation
import HummingbirdTesting
import SQLKit
import SpotcheckCore
import SpotcheckImport
import SpotcheckStore
import SpotcheckTestSupport
import SpotcheckWeb
import Testing

@Suite("一企一表 and 分组情况 pages")
struct InspectionFormPageTests {
    static let office = AuditLog.Actor("office")

    /// The Qinghe plan under its own 文号, driven to 已匹配 (every dispatch confirmed, every
    /// department's inspectors drawn).
    static func matchedTask(_ db: any Database) async throws -> TaskInfo {
        let tasks = TaskStore(db: db)
        var plan = DemoSeed.qinghePlan
        plan.documentNumber = "清双随机办〔2024〕77号"
        let day = CivilDate("2024-06-07")!
        let task = try await tasks.create(plan, actor: office)
        let reference = String(task.id)
        _ = try await tasks.publish(reference, actor: office, today: day)
        _ = try await tasks.draw(reference, entropy: "2024-06-07-witness-303-404", actor: office, today: day)
        for dispatch in try await tasks.dispatches(task.id) where dispatch.active {
            for dept in dispatch.departments {
                try await tasks.confirm(reference, uscc: dispatch.uscc, department: dept, actor: .init("\(dept)-admin"))
            }
        }
        for department in plan.departments {
            try await tasks.drawInspectors(reference, department: department.department, actor: .init("\(department.department)-admin"))
        }
        return try await tasks.match(reference, actor: office)
    }

    @Test("the printable form shows facts, items with method boxes, materials, the team and the signature box",
          arguments: TestDatabase.available)
    func printableForm(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            let task = try await Self.matchedTask(store.db)
            let tasks = TaskStore(db: store.db)
            let summaries = try await tasks.forms(taskID: task.id)
            let target = try #require(summaries.first { $0.teams.contains { $0.department == "yjj" } })
            let form = try await tasks.form(taskID: task.id, uscc: target.uscc)

            var office = WebSession(client: client)
            _ = try await office.login("office")
            let list = try await office.get("/tasks/\(task.id)/forms")
            #expect(list.status == .ok)
            let listHTML = String(buffer: list.body)
            #expect(listHTML.contains("/tasks/\(task.id)/forms/\(target.uscc)") && listHTML.contains(target.name))

            let page = try await office.get("/tasks/\(task.id)/forms/\(target.uscc)")
            #expect(page.status == .ok)
            let html = String(buffer: page.body)
            for text in ["一企一表", form.enterprise.name, form.enterprise.uscc, form.enterprise.legalRepresentative,
                         task.documentNumber, "组长单位", "企业负责人签字", "拒绝签字情况及见证人", "data-print", ">打印<",
                         "/static/inspection-form.css", "/static/print.js", "class=\"choice\">实地核查<", "未发现问题"] {
                #expect(html.contains(text), "missing \(text)")
            }
            for item in form.items { #expect(html.contains(item.name) && html.contains(item.code)) }
            for material in form.departments.flatMap(\.materials) { #expect(html.contains(material)) }
            for member in form.team { #expect(html.contains(member.name) && html.contains(member.code) && html.contains(member.mobile)) }
            // The lead department's team is listed first in the team table.
            let teamTable = try #require(html.range(of: "四、联合检查组"))
            let firstLead = try #require(html.range(of: form.team[0].code, range: teamTable.upperBound..<html.endIndex))
            for member in form.team.dropFirst() where member.department != "yjj" {
                let at = try #require(html.range(of: member.code, range: teamTable.upperBound..<html.endIndex))
                #expect(firstLead.lowerBound < at.lowerBound)
            }
            // No inline styles or scripts: the CSP (style-src 'self') would drop them.
            #expect(!html.contains("style=\"") && !html.contains("onclick"))

            let css = try await office.get("/static/inspection-form.css")
            #expect(css.status == .ok)
            let cssText = String(buffer: css.body)
            #expect(cssText.contains("@page { size: A4;") && cssText.contains("counter(page)") && cssText.contains("counter(pages)"))
            #expect(cssText.contains("@media print") && cssText.contains(".site-header"))
            #expect(try await office.get("/static/print.js").status == .ok)
        }
    }

    @Test("the group report page and XLSX list enterprise → members; 提交办公室 is recorded", arguments: TestDatabase.available)
    func groupReport(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            let task = try await Self.matchedTask(store.db)
            let report = try await TaskStore(db: store.db).groupReport(taskID: task.id, department: "scjg")
            #expect(!report.rows.isEmpty)

            var scjg = WebSession(client: client)
            _ = try await scjg.login("scjg-admin")
            let page = try await scjg.get("/tasks/\(task.id)/groups/scjg")
            #expect(page.status == .ok)
            let html = String(buffer: page.body)
            #expect(html.contains("分组情况") && html.contains("尚未提交办公室") && html.contains("提交办公室"))
            for row in report.rows.prefix(5) {
                #expect(html.contains(row.name))
                for member in row.members { #expect(html.contains(member.name) && html.contains(member.mobile)) }
            }

            let xlsx = try await scjg.get("/tasks/\(task.id)/groups/scjg/export.xlsx")
            #expect(xlsx.status == .ok)
            #expect(xlsx.headers[.contentType]?.contains("spreadsheetml") == true)
            let data = Data(buffer: xlsx.body)
            #expect(data.starts(with: [0x50, 0x4B, 0x03, 0x04]))
            let cells = try XLSXReader.readFirstSheet(data).flatMap(\.cells)
            #expect(cells.contains("企业名称") && cells.contains("手机号码"))
            for row in report.rows {
                #expect(cells.contains(row.name) && cells.contains(row.uscc))
                for member in row.members { #expect(cells.contains(member.name) && cells.contains(member.mobile) && cells.contains(member.code)) }
            }

            // 提交办公室, then the office sees the time on the overview.
            let token = try await scjg.sessionCSRF()
            let submit = try await scjg.post("/tasks/\(task.id)/groups/scjg/submit", form: ["_csrf": token])
            #expect(submit.status == .seeOther)
            #expect(try await TaskStore(db: store.db).groupReport(taskID: task.id, department: "scjg").submittedAt != nil)
            #expect(String(buffer: try await scjg.get("/tasks/\(task.id)/groups/scjg").body).contains("<span class=\"mark\">已于 "))
            // Not for another department's report.
            #expect(try await scjg.post("/tasks/\(task.id)/groups/swj/submit", form: ["_csrf": token]).status == .forbidden)

            var office = WebSession(client: client)
            _ = try await office.login("office")
            let overview = try await office.get("/tasks/\(task.id)/groups")
            #expect(overview.status == .ok)
            let overviewHTML = String(buffer: overview.body)
            #expect(overviewHTML.contains("/tasks/\(task.id)/groups/xf") && overviewHTML.contains("未提交"))
        }
    }

    @Test("group reports: own department or the lead; forms: teams one is on; anonymous to login", arguments: TestDatabase.available)
    func access(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            let task = try await Self.matchedTask(store.db)
            let tasks = TaskStore(db: store.db)
            let base = "/tasks/\(task.id)"

            // A cooperating department's admin: own report yes, another's no, the overview redirects to its own.
            var scjg = WebSession(client: client)
            _ = try await scjg.login("scjg-admin")
            #expect(try await scjg.get("\(base)/groups/scjg").status == .ok)
            let foreign = try await scjg.get("\(base)/groups/swj")
            #expect(foreign.status == .forbidden)
            #expect(try await scjg.get("\(base)/groups/swj/export.xlsx").status == .forbidden)
            let overview = try await scjg.get("\(base)/groups")
            #expect(overview.status == .seeOther && overview.headers[.location] == "\(base)/groups/scjg")

            // The lead department (应急管理局) sees every department's report; so does the auditor.
            var lead = WebSession(client: client)
            _ = try await lead.login("yjj-admin")
            #expect(try await lead.get("\(base)/groups/swj").status == .ok)
            #expect(try await lead.get("\(base)/groups/xf/export.xlsx").status == .ok)
            #expect(try await lead.get("\(base)/groups").status == .ok)
            var auditor = WebSession(client: client)
            _ = try await auditor.login("auditor")
            #expect(try await auditor.get("\(base)/groups/swj").status == .ok)

            // A department admin sees forms its department inspects, not others.
            let forms = try await tasks.forms(taskID: task.id)
            var swj = WebSession(client: client)
            _ = try await swj.login("swj-admin")
            if let withSWJ = forms.first(where: { $0.teams.contains { $0.department == "swj" } }) {
                #expect(try await swj.get("\(base)/forms/\(withSWJ.uscc)").status == .ok)
            }
            if let withoutSWJ = forms.first(where: { !$0.teams.contains { $0.department == "swj" } }) {
                #expect(try await swj.get("\(base)/forms/\(withoutSWJ.uscc)").status == .forbidden)
                let list = String(buffer: try await swj.get("\(base)/forms").body)
                #expect(!list.contains("/forms/\(withoutSWJ.uscc)\""))
            }

            // An inspector linked to a 市场监管局 team member sees that team's forms only.
            let report = try await tasks.groupReport(taskID: task.id, department: "scjg")
            let row = try #require(report.rows.first)
            let member = row.members[0]
            try await (store.db as! any SQLDatabase).update("users").set("inspector_code", to: member.code)
                .where("username", .equal, "scjg-02").run()
            var inspector = WebSession(client: client)
            _ = try await inspector.login("scjg-02")
            let dashboard = String(buffer: try await inspector.get("/dashboard").body)
            #expect(dashboard.contains("我的检查") && dashboard.contains(task.documentNumber))
            for mine in report.rows where mine.teamIndex == row.teamIndex {
                #expect(dashboard.contains("\(base)/forms/\(mine.uscc)"))
            }
            #expect(try await inspector.get("\(base)/forms/\(row.uscc)").status == .ok)
            if let other = report.rows.first(where: { $0.teamIndex != row.teamIndex }) {
                #expect(!dashboard.contains("\(base)/forms/\(other.uscc)\""))
                #expect(try await inspector.get("\(base)/forms/\(other.uscc)").status == .forbidden)
            }
            #expect(try await inspector.get("\(base)/forms").status == .ok)
            #expect(try await inspector.get("\(base)/groups/scjg").status == .forbidden)

            // An inspector without a linked 执法证号 sees none.
            try await (store.db as! any SQLDatabase).update("users").set(SQLColumn("inspector_code"), to: SQLLiteral.null)
                .where("username", .equal, "xf-02").run()
            var unlinked = WebSession(client: client)
            _ = try await unlinked.login("xf-02")
            #expect(String(buffer: try await unlinked.get("/dashboard").body).contains("尚未关联执法证号"))
            #expect(try await unlinked.get("\(base)/forms/\(row.uscc)").status == .forbidden)

            // Anonymous users are sent to the login page.
            var anonymous = WebSession(client: client)
            for path in ["\(base)/forms", "\(base)/forms/\(row.uscc)", "\(base)/groups/scjg", "\(base)/groups/scjg/export.xlsx"] {
                let response = try await anonymous.get(path)
                #expect(response.status == .seeOther && response.headers[.location]?.hasPrefix("/login?next=") == true, "\(path)")
            }
        }
    }
}
