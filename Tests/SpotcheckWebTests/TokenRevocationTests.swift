import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SpotcheckStore
import SpotcheckTestSupport
import SpotcheckWeb
import Testing

@Suite("API tokens end with the password, and a 401 names the Bearer scheme")
struct TokenRevocationTests {
    static func token(_ username: String, _ store: StoreDatabase) async throws -> String {
        let user = try #require(try await UserRepository(db: store.db, passwords: store.passwords).find(username: username))
        return try await APITokenRepository(db: store.db).create(name: "script", for: try #require(try UserRepository.principal(of: user))).secret
    }

    static func me(_ client: any TestClientProtocol, _ token: String) async throws -> TestResponse {
        try await client.execute(uri: "/api/v1/me", method: .get, headers: [.authorization: "Bearer \(token)"], body: nil)
    }

    static func expectBearer401(_ response: TestResponse) {
        #expect(response.status == .unauthorized)
        #expect(response.headers[.wwwAuthenticate] == "Bearer")
        #expect(response.headers[.contentType] == "application/problem+json")
        #expect(String(buffer: response.body).contains("\"status\":401"))
    }

    @Test("changing one's own password on 我的账户 revokes one's API tokens, and the page says so", arguments: TestDatabase.available)
    func ownPasswordChange(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            let token = try await Self.token("yjj-admin", store)
            #expect(try await Self.me(client, token).status == .ok)
            var web = WebSession(client: client)
            _ = try await web.login("yjj-admin")
            let page = try await web.get("/account")
            #expect(String(buffer: page.body).contains("修改密码后，您的所有 API 令牌将失效"))
            let csrf = try await web.sessionCSRF()
            let changed = try await web.post("/account/password", form: [
                "current": DemoSeed.password, "password": "new-password-1", "confirm": "new-password-1", "_csrf": csrf,
            ])
            #expect(changed.status == .seeOther)
            Self.expectBearer401(try await Self.me(client, token))
            // Others' tokens are untouched.
            let other = try await Self.token("office", store)
            #expect(try await Self.me(client, other).status == .ok)
        }
    }

    @Test("the office resetting a password revokes that user's tokens, and the page says so", arguments: TestDatabase.available)
    func officeReset(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            let token = try await Self.token("yjj-01", store)
            let officeToken = try await Self.token("office", store)
            var web = WebSession(client: client)
            _ = try await web.login("office")
            let page = try await web.get("/users/yjj-01/edit")
            #expect(String(buffer: page.body).contains("重置密码后，该用户的所有 API 令牌将失效"))
            let csrf = try await web.sessionCSRF()
            let reset = try await web.post("/users/yjj-01/password", form: ["password": "reset-password-1", "_csrf": csrf])
            #expect(reset.status == .seeOther)
            Self.expectBearer401(try await Self.me(client, token))
            #expect(try await Self.me(client, officeToken).status == .ok)
        }
    }

    @Test("the office setting a password through the API revokes that user's tokens", arguments: TestDatabase.available)
    func apiPasswordChange(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            let token = try await Self.token("yjj-01", store)
            let office = try await Self.token("office", store)
            let patched = try await client.execute(
                uri: "/api/v1/users/yjj-01", method: .patch,
                headers: [.authorization: "Bearer \(office)", .contentType: "application/json"],
                body: ByteBuffer(string: #"{"password":"api-password-1"}"#))
            #expect(patched.status == .ok)
            Self.expectBearer401(try await Self.me(client, token))
            #expect(try await Self.me(client, office).status == .ok)
        }
    }

    @Test("a password set on the server (user passwd) revokes the tokens and audits how many", arguments: TestDatabase.available)
    func repositoryRevokes(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords)
            let first = try await Self.token("yjj-01", store)
            let second = try await Self.token("yjj-01", store)
            let users = UserRepository(db: store.db, passwords: store.passwords)
            try await users.setPassword(username: "yjj-01", password: "cli-password-1", actor: .init("cli"))
            let tokens = APITokenRepository(db: store.db)
            #expect(try await tokens.resolve(secret: first) == nil)
            #expect(try await tokens.resolve(secret: second) == nil)
            let event = try #require(try await AuditLog.recent(on: store.db, page: 1, perPage: 1).events.first)
            #expect(event.action == "password")
            #expect(event.afterJSON?.contains("\"api_tokens_revoked\":\"2\"") == true)
        }
    }

    @Test("every API 401 carries WWW-Authenticate: Bearer", arguments: TestDatabase.available)
    func unauthorizedNamesBearer(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            Self.expectBearer401(try await client.execute(uri: "/api/v1/me", method: .get, headers: [:], body: nil))
            Self.expectBearer401(try await Self.me(client, "sct_" + String(repeating: "0", count: 64)))
            Self.expectBearer401(try await client.execute(uri: "/api/v1/departments", method: .get, headers: [.authorization: "Bearer nonsense"], body: nil))
            // A revoked token, too.
            let token = try await Self.token("auditor", store)
            let user = try #require(try await UserRepository(db: store.db, passwords: store.passwords).find(username: "auditor"))
            let principal = try #require(try UserRepository.principal(of: user))
            let id = try #require(try await APITokenRepository(db: store.db).list(for: principal).first?.id)
            try await APITokenRepository(db: store.db).revoke(id: id, by: principal)
            Self.expectBearer401(try await Self.me(client, token))
        }
    }
}
