import Foundation
import HTTPTypes
import SpotcheckStore
import SpotcheckTestSupport
import Testing

/// 年度抽查计划 through `/api/v1` (issue 16): the pages' rules — a department admin drafts only
/// its own department's entries, the office publishes once, a task names its entry or is 计划外.
@Suite struct APIPlanTests {
    static let entry = #"{"title":"2027年度危化品抽查","lead_department":"yjj","cooperating_departments":["xf"],"field":"应急管理","item_codes":["YJJ-001","XF-001"],"object_scope":"危化企业","ratio_basis_points":500,"months":[4,5]}"#

    @Test(arguments: TestDatabase.available)
    func departmentsDraftTheOfficePublishesTasksComeFromEntries(database: TestDatabase) async throws {
        try await APITestHarness.run(on: database) { api in
            let office = try await api.token(for: "office")
            let yjj = try await api.token(for: "yjj-admin")
            let scjg = try await api.token(for: "scjg-admin")
            let created = try await api.call(.post, "/api/v1/plans/2027/entries", token: yjj, json: Self.entry)
            #expect(created.status == .created, "\(created.text)")
            let id = try #require(created.json["id"] as? Int)
            #expect(created.json["kind"] as? String == "部门联合抽查" && created.json["months_text"] as? String == "4–5月")

            // Another department's admin: not as the lead, not editing, not deleting.
            try await api.call(.post, "/api/v1/plans/2027/entries", token: scjg, json: Self.entry).expectProblem(.forbidden)
            try await api.call(.put, "/api/v1/plans/entries/\(id)", token: scjg, json: Self.entry).expectProblem(.forbidden)
            try await api.call(.delete, "/api/v1/plans/entries/\(id)", token: scjg).expectProblem(.forbidden)
            try await api.call(.post, "/api/v1/plans/2027/publication", token: yjj).expectProblem(.forbidden)
            try await api.call(.post, "/api/v1/plans/2027/approval", token: yjj).expectProblem(.forbidden)
            try await api.get("/api/v1/plans/2027", token: try await api.token(for: "yjj-01")).expectProblem(.forbidden)
            // A bad entry names its field.
            let bad = try await api.call(.post, "/api/v1/plans/2027/entries", token: yjj,
                                         json: Self.entry.replacingOccurrences(of: #""XF-001""#, with: #""SWJ-001""#))
            bad.expectProblem(.unprocessableContent)
            #expect((bad.json["problems"] as? [[String: Any]])?.first?["field"] as? String == "item_codes", "\(bad.text)")

            // Not public while drafting or approved; approved, sent back with a reason, approved again,
            // then published once.
            try await api.get("/api/v1/public/plans/2027").expectProblem(.notFound)
            try await api.call(.post, "/api/v1/plans/2027/publication", token: office).expectProblem(.conflict)
            let approved = try await api.call(.post, "/api/v1/plans/2027/approval", token: office)
            #expect(approved.status == .ok && approved.json["state"] as? String == "approved" && approved.json["approved_by"] as? String == "office",
                    "\(approved.text)")
            try await api.call(.put, "/api/v1/plans/entries/\(id)", token: yjj, json: Self.entry).expectProblem(.conflict)
            try await api.get("/api/v1/public/plans/2027").expectProblem(.notFound)
            try await api.call(.post, "/api/v1/plans/2027/reopening", token: yjj, json: #"{"reason":"补充"}"#).expectProblem(.forbidden)
            try await api.call(.post, "/api/v1/plans/2027/reopening", token: office, json: #"{"reason":""}"#).expectProblem(.unprocessableContent)
            let reopened = try await api.call(.post, "/api/v1/plans/2027/reopening", token: office, json: #"{"reason":"补充抽查事项"}"#)
            #expect(reopened.status == .ok && reopened.json["state"] as? String == "drafting", "\(reopened.text)")
            #expect(try await api.call(.put, "/api/v1/plans/entries/\(id)", token: yjj, json: Self.entry).status == .ok)
            #expect(try await api.call(.post, "/api/v1/plans/2027/approval", token: office).status == .ok)
            try await api.call(.post, "/api/v1/plans/2027/approval", token: office).expectProblem(.conflict)
            #expect(try await api.call(.post, "/api/v1/plans/2027/publication", token: office).status == .ok)
            try await api.call(.post, "/api/v1/plans/2027/publication", token: office).expectProblem(.conflict)
            try await api.call(.put, "/api/v1/plans/entries/\(id)", token: yjj, json: Self.entry).expectProblem(.conflict)
            let published = try await api.get("/api/v1/public/plans/2027")
            #expect(published.status == .ok && published.json["state"] as? String == "published", "\(published.text)")

            // A task from the entry; the plan shows it; a task with neither entry nor reason is refused.
            let plan = try APITaskFlowTests.planJSON(documentNumber: "清双随机办〔2027〕3号")
                .replacingOccurrences(of: #""off_plan_reason":"测试：上级部署的专项抽查","#, with: #""plan_entry_id":\#(id),"#)
            let task = try await api.call(.post, "/api/v1/tasks", token: office, json: plan)
            #expect(task.status == .created, "\(task.text)")
            let neither = try APITaskFlowTests.planJSON(documentNumber: "清双随机办〔2027〕4号")
                .replacingOccurrences(of: #""off_plan_reason":"测试：上级部署的专项抽查","#, with: "")
            try await api.call(.post, "/api/v1/tasks", token: office, json: neither).expectProblem(.unprocessableContent)
            let year = try await api.get("/api/v1/plans/2027", token: scjg)
            let entries = year.json["entries"] as? [[String: Any]] ?? []
            #expect((entries.first?["tasks"] as? [[String: Any]])?.first?["document_number"] as? String == "清双随机办〔2027〕3号", "\(year.text)")
            // The entry a task came from cannot be deleted.
            try await api.call(.delete, "/api/v1/plans/entries/\(id)", token: office).expectProblem(.conflict)

            // Export and the plan file import, with line numbers.
            let export = try await api.get("/api/v1/plans/2027/export.xlsx", token: scjg)
            #expect(export.status == .ok && export.headers[.contentType]?.contains("spreadsheetml") == true)
            var csv = HTTPFields()
            csv[.contentType] = "text/csv"
            let file = "抽查任务名称,牵头部门,配合部门,抽查领域,抽查事项,抽查对象范围,抽查比例,实施月份\n商务抽查,swj,,成品油,SWJ-001,加油站,5%,14月\n"
            let refused = try await api.call(.post, "/api/v1/plans/2028/imports", token: office, json: file, headers: csv)
            refused.expectProblem(.unprocessableContent)
            #expect((refused.json["problems"] as? [[String: Any]])?.first?["field"] as? String == "第 2 行 实施月份", "\(refused.text)")
            let imported = try await api.call(.post, "/api/v1/plans/2028/imports", token: try await api.token(for: "swj-admin"),
                                              json: file.replacingOccurrences(of: "14月", with: "9月"), headers: csv)
            #expect(imported.status == .ok, "\(imported.text)")
            #expect((imported.json["items"] as? [[String: Any]])?.first?["lead_department"] as? String == "swj")
        }
    }

    @Test(arguments: TestDatabase.available)
    func summariesAreEachDepartmentsOwnAndTheReportIsTheOffices(database: TestDatabase) async throws {
        try await APITestHarness.run(on: database) { api in
            let scjg = try await api.token(for: "scjg-admin")
            let yjj = try await api.token(for: "yjj-admin")
            let body = #"{"experience":"一次到位","problems":"台账不全","suggestions":"培训"}"#
            try await api.call(.put, "/api/v1/tasks/1/summaries/scjg", token: yjj, json: body).expectProblem(.forbidden)
            try await api.call(.put, "/api/v1/tasks/1/summaries/scjg", token: try await api.token(for: "office"), json: body).expectProblem(.forbidden)
            let saved = try await api.call(.put, "/api/v1/tasks/1/summaries/scjg", token: scjg, json: body)
            #expect(saved.status == .ok && saved.json["submitted"] as? Bool == false, "\(saved.text)")
            #expect(try await api.call(.post, "/api/v1/tasks/1/summaries/scjg/submission", token: scjg).status == .ok)
            try await api.call(.post, "/api/v1/tasks/1/summaries/scjg/submission", token: scjg).expectProblem(.conflict)
            let board = try await api.get("/api/v1/tasks/1/summaries", token: yjj)
            #expect((board.json["not_submitted"] as? [String]) == ["yjj", "swj", "xf"], "\(board.text)")
            try await api.get("/api/v1/tasks/1/report", token: scjg).expectProblem(.forbidden)
            let report = try await api.get("/api/v1/tasks/1/report", token: try await api.token(for: "auditor"))
            #expect(report.status == .ok && (report.json["digest"] as? String)?.count == 64, "\(report.text)")
            #expect(report.json["summaries_submitted"] as? [String] == ["清河县市场监督管理局"])
        }
    }
}

