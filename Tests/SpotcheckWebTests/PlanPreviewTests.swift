import Foundation
import HummingbirdTesting
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
import Testing

/// Plans that cannot fail late (issue 15): the plan form shows each department's eligible
/// inspectors and enterprises in scope, refuses a count that could never be drawn (by the
/// department's name), and warns when the period's holidays are not loaded.
@Suite("Plan form figures")
struct PlanPreviewTests {
    static func query(_ pairs: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return pairs.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
    }

    @Test("figures per department; an impossible count is refused by name before saving; a year without holidays is warned about",
          arguments: TestDatabase.available)
    func figuresAndRefusals(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            var office = try await TaskPageTests.login(client, "office")
            let plan = DemoSeed.qinghePlan
            let preview = try await TaskStore(db: store.db).planPreview(plan)
            let xf = try #require(preview.departments.first { $0.code == "xf" })
            #expect(xf.name == "清河县消防救援大队" && xf.eligibleInspectors > 0 && xf.enterprises > 0)
            #expect(preview.enterprises >= preview.departments.map(\.enterprises).max() ?? 0)
            #expect(preview.yearsWithoutHolidays.isEmpty)

            // The JSON the form's script reads.
            let json = try await office.get("/tasks/plan-preview?" + Self.query(TaskPageTests.formPairs()))
            #expect(json.status == .ok)
            let body = try #require(try JSONSerialization.jsonObject(with: Data(buffer: json.body)) as? [String: Any])
            #expect(body["enterprises"] as? Int == preview.enterprises)
            let rows = try #require(body["departments"] as? [[String: Any]])
            #expect(rows.first { $0["code"] as? String == "xf" }?["eligible"] as? Int == xf.eligibleInspectors)
            var yjj = try await TaskPageTests.login(client, "yjj-admin")
            #expect(try await yjj.get("/tasks/plan-preview?" + Self.query(TaskPageTests.formPairs())).status == .forbidden)

            // The form page shows the figures.
            let page = String(buffer: try await office.get("/tasks/new").body)
            #expect(page.contains("plan-form.js") && page.contains("data-preview=\"/tasks/plan-preview\""))

            // More inspectors than are eligible: refused on save, by name, nothing stored.
            let before = try await TaskStore(db: store.db).list(perPage: 1000).tasks.count
            var pairs = TaskPageTests.formPairs(documentNumber: "清双随机办〔2024〕77号")
            if let at = pairs.firstIndex(where: { $0.0 == "inspectors_xf" }) { pairs[at].1 = String(xf.eligibleInspectors + 1) }
            let refused = try await office.post("/tasks", pairs: pairs)
            #expect(refused.status == .badRequest)
            let html = String(buffer: refused.body)
            #expect(html.contains("清河县消防救援大队符合条件的执法检查人员") && html.contains("仅 \(xf.eligibleInspectors) 人，不能抽取 \(xf.eligibleInspectors + 1) 人"))
            #expect(!html.contains("部门 xf"))
            #expect(try await TaskStore(db: store.db).list(perPage: 1000).tasks.count == before)

            // A period in a year whose holiday notice is not loaded: a warning on the form.
            var later = TaskPageTests.formPairs(documentNumber: "清双随机办〔2031〕1号")
            for (index, pair) in later.enumerated() where pair.0 == "period_start" || pair.0 == "period_end" {
                later[index].1 = pair.0 == "period_start" ? "2031-05-06" : "2031-06-30"
            }
            let warned = try await office.get("/tasks/plan-preview?" + Self.query(later))
            let warning = try #require(try JSONSerialization.jsonObject(with: Data(buffer: warned.body)) as? [String: Any])["holidayWarning"] as? String
            #expect(warning?.contains("2031 年") == true && warning?.contains("工作日日历") == true)
        }
    }
}
