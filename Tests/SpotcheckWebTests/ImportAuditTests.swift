import Foundation
import Hummingbird
import HummingbirdTesting
import SpotcheckStore
import SpotcheckTestSupport
import Testing

/// Every import attempt is audited, written or not (issue 13 item 12), so the import page's
/// "已记入审计日志" is true of each result it shows.
@Suite("Import attempts in the audit log")
struct ImportAuditTests {
    static func imports(_ store: StoreDatabase) async throws -> [AuditEventModel] {
        try await AuditLog.recent(on: store.db, entity: "enterprise", page: 1, perPage: 100).events
            .filter { $0.action == "import" || $0.action == "import-refused" }
    }

    @Test("refused rows, an unreadable file and an accepted file each leave one event naming who, what and the counts", arguments: TestDatabase.available)
    func everyAttempt(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            var office = WebSession(client: client)
            _ = try await office.login("office")
            let before = try await Self.imports(store).count

            // Rows with errors and no skip: nothing written, the attempt audited.
            let blocked = try await office.upload("/imports", fields: [("kind", "enterprises")], fileName: "名录.csv", file: DirectoryPageTests.tenRowCSV())
            #expect(String(buffer: blocked.body).contains("已记入审计日志"))
            var events = try await Self.imports(store)
            #expect(events.count == before + 1)
            let refused = try #require(events.first)
            #expect(refused.action == "import-refused" && refused.actor == "office")
            #expect(refused.afterJSON?.contains("名录.csv") == true && refused.afterJSON?.contains("\"rejected\"") == true)

            // A file that cannot be read at all (a million columns): refused and audited too.
            let wide = Data(("uscc,name\n" + String(repeating: ",", count: 100_000) + "\n").utf8)
            let unreadable = try await office.upload("/imports", fields: [("kind", "enterprises")], fileName: "宽.csv", file: wide)
            #expect(unreadable.status == .badRequest)
            #expect(String(buffer: unreadable.body).contains("列数超过 64 列"))
            events = try await Self.imports(store)
            #expect(events.count == before + 2)
            #expect(events.first?.action == "import-refused" && events.first?.afterJSON?.contains("宽.csv") == true)

            // Accepted (good rows only): the write's own event, one more.
            let partial = try await office.upload("/imports", fields: [("kind", "enterprises"), ("skipInvalid", "on")],
                                                  fileName: "名录.csv", file: DirectoryPageTests.tenRowCSV())
            #expect(partial.status == .ok)
            events = try await Self.imports(store)
            #expect(events.count == before + 3)
            #expect(events.first?.action == "import" && events.first?.afterJSON?.contains("\"added\"") == true)
        }
    }
}
