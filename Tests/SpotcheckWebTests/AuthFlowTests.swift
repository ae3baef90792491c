import FluentKit
import Foundation
import HummingbirdTesting
import SpotcheckStore
import SpotcheckTestSupport
import SpotcheckWeb
import Testing

@Suite("Login, logout and CSRF")
struct AuthFlowTests {
    @Test("login sets an HttpOnly SameSite=Lax session that opens the dashboard", arguments: TestDatabase.available)
    func login(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, _ in
            var web = WebSession(client: client)
            let response = try await web.login("office")
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/dashboard")
            let cookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("spotcheck_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            let dashboard = try await web.get("/dashboard")
            #expect(dashboard.status == .ok)
            let html = String(buffer: dashboard.body)
            #expect(html.contains("工作台"))
            #expect(html.contains("田婷婷"))
        }
    }

    @Test("a form without the CSRF token is refused", arguments: TestDatabase.available)
    func csrfRequired(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            var web = WebSession(client: client)
            _ = try await web.get("/login")
            let noToken = try await web.post("/login", form: ["username": "office", "password": DemoSeed.password])
            #expect(noToken.status == .forbidden)
            #expect(String(buffer: noToken.body).contains("CSRF"))
            let wrongToken = try await web.post("/login", form: ["username": "office", "password": DemoSeed.password, "_csrf": String(repeating: "a", count: 64)])
            #expect(wrongToken.status == .forbidden)

            // Logged in, a state-changing form still needs the session's token.
            _ = try await web.login("office")
            let before = try await DepartmentModel.query(on: store.db).count()
            let forged = try await web.post("/departments", form: ["code": "forged", "name": "伪造", "kind": "department"])
            #expect(forged.status == .forbidden)
            #expect(try await DepartmentModel.query(on: store.db).count() == before)
            let token = try await web.sessionCSRF()
            let real = try await web.post("/departments", form: ["code": "zjj", "name": "住建局", "kind": "department", "_csrf": token])
            #expect(real.status == .seeOther)
            #expect(try await DepartmentModel.query(on: store.db).count() == before + 1)
        }
    }

    @Test("wrong passwords fail, and repeated failures are rate-limited", arguments: TestDatabase.available)
    func rateLimit(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, _ in
            var web = WebSession(client: client)
            let wrong = try await web.login("yjj-admin", password: "wrong-password")
            #expect(wrong.status == .unauthorized)
            #expect(String(buffer: wrong.body).contains("用户名或密码错误"))
            // Sent at once, so the answers do not depend on how fast this machine checks them.
            let session = web
            let answers = try await withThrowingTaskGroup(of: TestResponse.self) { group in
                for _ in 0..<5 {
                    group.addTask { var web = session; return try await web.login("yjj-admin", password: "wrong-password") }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.filter { $0.status == .unauthorized }.count == 4)
            let limited = try #require(answers.first { $0.status == .tooManyRequests })
            #expect(limited.headers[.retryAfter] != nil)
            #expect(String(buffer: limited.body).contains("秒后再试"))
        }
    }

    @Test("logout ends the session on the server", arguments: TestDatabase.available)
    func logout(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            var web = WebSession(client: client)
            _ = try await web.login("xf-01")
            let stolen = web.cookies
            let token = try await web.sessionCSRF()
            let response = try await web.post("/logout", form: ["_csrf": token])
            #expect(response.status == .seeOther)
            #expect(try await SessionModel.query(on: store.db).count() == 0)
            var replay = WebSession(client: client)
            replay.cookies = stolen
            let dashboard = try await replay.get("/dashboard")
            #expect(dashboard.status == .seeOther)
            #expect(dashboard.headers[.location]?.hasPrefix("/login") == true)
        }
    }

    @Test("sessions persist across an application restart", arguments: TestDatabase.available)
    func restartKeepsSession(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords)
            let first = try await buildApplication(store: store, configuration: .init())
            let cookies = try await first.test(.router) { client in
                var web = WebSession(client: client)
                _ = try await web.login("scjg-admin")
                return web.cookies
            }
            let second = try await buildApplication(store: store, configuration: .init())
            try await second.test(.router) { client in
                var web = WebSession(client: client)
                web.cookies = cookies
                let dashboard = try await web.get("/dashboard")
                #expect(dashboard.status == .ok)
                #expect(String(buffer: dashboard.body).contains("清河县市场监督管理局"))
            }
        }
    }
}
