import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SQLKit
import SpotcheckStore
import SpotcheckTestSupport
import SpotcheckWeb
import Testing

/// A second process holding SQLite's write lock longer than `busy_timeout`: the page answers
/// 503 with `Retry-After`, and nothing is half-written (issue 13 item 13).
@Suite("A busy SQLite database")
struct BusyDatabasePageTests {
    @Test("a write locked out past busy_timeout is 503 with Retry-After, not 500")
    func busyIs503() async throws {
        try await TestDatabase.sqlite.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords)
            guard case let .sqlite(path) = store.url else { return }
            let logger = { var logger = Logger(label: "spotcheck-test"); logger.logLevel = .critical; return logger }()
            let other = try await StoreDatabase.open(.sqlite(path: path), logger: logger)
            // Wait briefly in this test instead of the server's 10 s.
            _ = try await store.sql.raw("PRAGMA busy_timeout = 200").all()
            let app = try await buildApplication(store: store, configuration: .init())
            try await app.test(.router) { client in
                var office = WebSession(client: client)
                _ = try await office.login("office")
                let csrf = try await office.sessionCSRF()
                let release = AsyncStream<Void>.makeStream()
                let held = AsyncStream<Void>.makeStream()
                // The other process takes the write lock and keeps it until told to let go.
                let holder = Task {
                    try await other.db.transaction { _ in
                        held.continuation.yield()
                        for await _ in release.stream { break }
                    }
                }
                for await _ in held.stream { break }
                let response = try await office.post("/departments", form: [
                    "_csrf": csrf, "code": "busy", "name": "繁忙时新建的部门", "kind": "department",
                ])
                release.continuation.yield()
                try await holder.value
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] != nil)
                #expect(String(buffer: response.body).contains("系统繁忙"))
                // Nothing was written, and once the lock is free the same form succeeds.
                #expect(try await DepartmentRepository(db: store.db).all().contains { $0.code == "busy" } == false)
                let retried = try await office.post("/departments", form: [
                    "_csrf": csrf, "code": "busy", "name": "繁忙时新建的部门", "kind": "department",
                ])
                #expect(retried.status == .seeOther || retried.status == .found)
            }
            await other.shutdown()
        }
    }
}
