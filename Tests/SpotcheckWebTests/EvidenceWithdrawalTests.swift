import FluentKit
import Foundation
import HummingbirdTesting
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
import Testing

/// An accidental upload can be withdrawn before 提交 (issue 15 "forms that never lose work"):
/// the file is gone, the audit log keeps its name and digest, and it happens once.
@Suite("Evidence withdrawal")
struct EvidenceWithdrawalTests {
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 7, count: 1024)

    @Test("an inspector withdraws a duplicate before 提交 (audited, once); after 提交 withdrawal is refused",
          arguments: TestDatabase.available)
    func withdrawBeforeSubmission(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            let target = try await ResultPageTests.target(store.db)
            var inspector = WebSession(client: client)
            _ = try await inspector.login("yjj-01")
            let csrf = try await inspector.sessionCSRF()
            for name in ["现场照片.png", "现场照片（重复）.png"] {
                #expect(try await ResultPageTests.multipart(inspector, target.path + "/evidence?_csrf=\(csrf)", fileName: name, data: Self.png).status == .seeOther)
            }
            let evidence = EvidenceStore(db: store.db)
            let files = try await evidence.list(taskID: target.task.id, uscc: target.uscc, department: "yjj")
            #expect(files.count == 2)
            let duplicate = try #require(files.first { $0.fileName.contains("重复") })
            // The page offers 撤回 with a confirmation naming the file.
            let page = String(buffer: try await inspector.get(target.path).body)
            #expect(page.contains("\(target.path)/evidence/\(duplicate.id.uuidString)/withdraw") && page.contains("撤回证据文件「现场照片（重复）.png」"))
            let withdrawn = try await inspector.post(target.path + "/evidence/\(duplicate.id.uuidString)/withdraw", form: ["_csrf": csrf])
            #expect(withdrawn.status == .seeOther)
            #expect(try await evidence.list(taskID: target.task.id, uscc: target.uscc, department: "yjj").map(\.fileName) == ["现场照片.png"])
            let events = try await AuditEventModel.query(on: store.db).filter(\.$action == "withdraw-evidence").all()
            #expect(events.count == 1 && events.first?.entityID == duplicate.id.uuidString)
            #expect(events.first?.beforeJSON?.contains(duplicate.sha256) == true)
            // Withdrawing it again: 404, and no second event.
            #expect(try await inspector.post(target.path + "/evidence/\(duplicate.id.uuidString)/withdraw", form: ["_csrf": csrf]).status == .notFound)
            #expect(try await AuditEventModel.query(on: store.db).filter(\.$action == "withdraw-evidence").count() == 1)
            // After 提交 the remaining file stays: 409.
            #expect(try await inspector.post(target.path, form: ResultPageTests.fields(target.part, csrf: csrf, action: "submit")).status == .seeOther)
            let kept = try #require(try await evidence.list(taskID: target.task.id, uscc: target.uscc, department: "yjj").first)
            #expect(try await inspector.post(target.path + "/evidence/\(kept.id.uuidString)/withdraw", form: ["_csrf": csrf]).status == .conflict)
            #expect(try await evidence.list(taskID: target.task.id, uscc: target.uscc, department: "yjj").count == 1)
        }
    }

    @Test("parallel withdrawals of one file remove it once and write one audit event", arguments: TestDatabase.available)
    func parallelWithdrawals(database: TestDatabase) async throws {
        try await withDemoApp(database) { _, store in
            let target = try await ResultPageTests.target(store.db)
            let evidence = EvidenceStore(db: store.db)
            let file = try await evidence.add(taskID: target.task.id, uscc: target.uscc, department: "yjj", fileName: "a.png",
                                              data: Self.png, actor: .init("yjj-01"))
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for _ in 0 ..< 8 {
                    group.addTask {
                        (try? await evidence.withdraw(id: file.id, taskID: target.task.id, uscc: target.uscc, department: "yjj",
                                                      actor: .init("yjj-01"), at: Date())) != nil
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1)
            #expect(try await AuditEventModel.query(on: store.db).filter(\.$action == "withdraw-evidence").count() == 1)
        }
    }
}
