import Foundation
import HummingbirdTesting
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
import Testing

/// 工作总结 and the closing report (issue 16): a department's admin writes and submits only its
/// own summary; the office sees who has not submitted and prints a report whose digest follows
/// its content.
@Suite("Summaries and the closing report")
struct SummaryPageTests {
    static let pdf = Data("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".utf8)

    @Test("own summary only, submitted once, attachments checked; the report lists it and its digest follows the content",
          arguments: TestDatabase.available)
    func summariesAndReport(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            var scjg = try await TaskPageTests.login(client, "scjg-admin")
            var yjj = try await TaskPageTests.login(client, "yjj-admin")
            var office = try await TaskPageTests.login(client, "office")
            let text = [("experience", "联合检查一次到位"), ("problems", "部分企业年报信息不实"), ("suggestions", "加强年报指导")]

            // Another department's summary: refused, nothing written.
            #expect(try await yjj.post("/tasks/1/summaries/scjg", pairs: text).status == .forbidden)
            #expect(try await office.post("/tasks/1/summaries/scjg", pairs: text).status == .forbidden)
            #expect(try await SummaryStore(db: store.db).summary(taskID: 1, department: "scjg") == nil)
            // The report is the office's and the auditor's.
            #expect(try await scjg.get("/tasks/1/report").status == .forbidden)
            let before = String(buffer: try await office.get("/tasks/1/report").body)
            let digestBefore = try #require(Self.digest(before))
            #expect(before.contains("清河县市场监督管理局（未提交）") && before.contains("依据") && before.contains("2024年度抽查计划"))
            // Same content, same digest.
            #expect(Self.digest(String(buffer: try await office.get("/tasks/1/report").body)) == digestBefore)

            // Submitting before anything is written is refused by name.
            let empty = try await scjg.post("/tasks/1/summaries/scjg/submit", pairs: [])
            #expect(empty.status == .badRequest && String(buffer: empty.body).contains("请先填写并保存工作总结"))
            let missing = try await scjg.post("/tasks/1/summaries/scjg", pairs: [("experience", "做法"), ("problems", ""), ("suggestions", "")])
            #expect(missing.headers[.location] == "/tasks/1/summaries?done=saved#mine")
            let refused = try await scjg.post("/tasks/1/summaries/scjg/submit", pairs: [])
            #expect(refused.status == .badRequest && String(buffer: refused.body).contains("提交前请填写「存在问题」"))
            // Too long: refused with the part named, what was typed kept.
            let long = try await scjg.post("/tasks/1/summaries/scjg", pairs: [("experience", String(repeating: "长", count: 5001)), ("problems", "保留"), ("suggestions", "")])
            #expect(long.status == .badRequest && String(buffer: long.body).contains("「经验做法」不能超过 5000 字") && String(buffer: long.body).contains(">保留</textarea>"))

            #expect(try await scjg.post("/tasks/1/summaries/scjg", pairs: text).status == .seeOther)
            // Attachments: a PDF is kept with its digest; a file that is not JPEG/PNG/PDF is refused.
            let attached = try await scjg.upload("/tasks/1/summaries/scjg/files", fields: [], fileName: "照片说明.pdf", file: Self.pdf)
            #expect(attached.status == .seeOther)
            let wrong = try await scjg.upload("/tasks/1/summaries/scjg/files", fields: [], fileName: "x.exe", file: Data("MZ....".utf8))
            #expect(wrong.status == .badRequest && String(buffer: wrong.body).contains("附件只能上传 JPEG、PNG 照片或 PDF 文件"))
            #expect(try await scjg.post("/tasks/1/summaries/scjg/submit", pairs: []).status == .seeOther)
            // Once: neither a second submission nor an edit afterwards.
            #expect(try await scjg.post("/tasks/1/summaries/scjg/submit", pairs: []).status == .conflict)
            #expect(try await scjg.post("/tasks/1/summaries/scjg", pairs: text).status == .conflict)
            let events = try await AuditLog.recent(on: store.db, entity: "task_summary", page: 1, perPage: 100).events
            #expect(events.filter { $0.action == "submit-summary" }.count == 1)

            // The office sees who has not submitted, and the report carries the summary and a new digest.
            let board = String(buffer: try await office.get("/tasks/1/summaries").body)
            #expect(board.contains("尚未提交：<b>清河县应急管理局、清河县商务局、清河县消防救援大队</b>"))
            #expect(board.contains("照片说明.pdf"))
            let after = String(buffer: try await office.get("/tasks/1/report").body)
            #expect(after.contains("部分企业年报信息不实") && after.contains("照片说明.pdf"))
            #expect(Self.digest(after) != digestBefore)
            // Another department's admin reads only its own part.
            var swjSession = try await TaskPageTests.login(client, "swj-admin")
            let swj = String(buffer: try await swjSession.get("/tasks/1/summaries").body)
            #expect(!swj.contains("部分企业年报信息不实") && swj.contains("清河县商务局"))
        }
    }

    static func digest(_ html: String) -> String? {
        guard let range = html.range(of: "内容摘要（SHA-256）：<span class=\"hash\">") else { return nil }
        return String(html[range.upperBound...].prefix { $0.isHexDigit })
    }
}
