import Foundation
import HummingbirdTesting
import SpotcheckTestSupport
import Testing

/// The audit log page speaks a clerk's language (issue 15 item 11): China Standard Time, Chinese
/// actions and record kinds, before/after as 字段：值, never the stored codes or UTC ISO stamps.
@Suite("Audit log page wording")
struct AuditPageTests {
    @Test("local times, Chinese operations, no ISO stamps or JSON", arguments: TestDatabase.available)
    func wording(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, _ in
            var web = WebSession(client: client)
            #expect(try await web.login("office").status == .seeOther)
            let page = try await web.get("/audit")
            #expect(page.status == .ok)
            let html = String(buffer: page.body)
            #expect(html.range(of: #"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}"#, options: .regularExpression) == nil, "a UTC ISO stamp is shown")
            #expect(html.range(of: #"\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}:\d{2}"#, options: .regularExpression) != nil)
            #expect(html.contains("抽查任务"), "record kinds in Chinese")
            for code in ["\"create\"", ">create<", ">publish<", ">match<", "{&quot;"] {
                #expect(!html.contains(code), "the page shows \(code)")
            }
        }
    }
}
