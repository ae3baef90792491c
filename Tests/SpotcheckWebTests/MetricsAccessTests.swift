import Foundation
import HTTPTypes
import HummingbirdTesting
import SpotcheckStore
import SpotcheckTestSupport
import SpotcheckWeb
import Testing

@Suite("/metrics answers only the office admin and the auditor")
struct MetricsAccessTests {
    static func token(_ username: String, _ store: StoreDatabase) async throws -> String {
        let user = try #require(try await UserRepository(db: store.db, passwords: store.passwords).find(username: username))
        return try await APITokenRepository(db: store.db).create(name: "prometheus", for: try #require(try UserRepository.principal(of: user))).secret
    }

    static func scrape(_ client: any TestClientProtocol, token: String?) async throws -> TestResponse {
        var headers = HTTPFields()
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: "/metrics", method: .get, headers: headers, body: nil)
    }

    @Test("anonymous and unknown tokens get 401 naming Bearer; other roles 403; office admin and auditor the metrics",
          arguments: TestDatabase.available)
    func access(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            let anonymous = try await Self.scrape(client, token: nil)
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.headers[.wwwAuthenticate] == "Bearer")
            #expect(!String(buffer: anonymous.body).contains("spotcheck_"))
            #expect(try await Self.scrape(client, token: "sct_unknown").status == .unauthorized)

            for username in ["yjj-admin", "yjj-01"] {
                let response = try await Self.scrape(client, token: try await Self.token(username, store))
                #expect(response.status == .forbidden, "\(username)")
                #expect(!String(buffer: response.body).contains("spotcheck_logins_total"))
            }
            for username in ["office", "auditor"] {
                let response = try await Self.scrape(client, token: try await Self.token(username, store))
                #expect(response.status == .ok, "\(username)")
                #expect(String(buffer: response.body).contains("spotcheck_login_password_checks_total"))
            }

            // With a session, as in a browser.
            var inspector = WebSession(client: client)
            _ = try await inspector.login("yjj-01")
            #expect(try await inspector.get("/metrics").status == .forbidden)
            var auditor = WebSession(client: client)
            _ = try await auditor.login("auditor")
            #expect(try await auditor.get("/metrics").status == .ok)
        }
    }
}
