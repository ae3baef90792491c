import Foundation
import HummingbirdTesting
import SpotcheckStore
import SpotcheckTestSupport
import SpotcheckWeb
import Testing

@Suite("Public pages, error pages and observability")
struct PageTests {
    @Test("the public home page needs no login and is in Chinese")
    func home() async throws {
        try await withDemoApp(.sqlite) { client, _ in
            var web = WebSession(client: client)
            let response = try await web.get("/")
            #expect(response.status == .ok)
            let html = String(buffer: response.body)
            #expect(html.contains("lang=\"zh-CN\""))
            #expect(html.contains("双随机、一公开"))
            #expect(html.contains("name=\"viewport\""))
            #expect(response.headers[.init("X-Request-Id")!] != nil)
        }
    }

    @Test("every role's dashboard renders with an empty state that says what to do")
    func dashboards() async throws {
        try await withDemoApp(.sqlite) { client, _ in
            // The demo has departments, so the office sees its next steps rather than the "新建部门" empty state.
            for (user, hint) in [("office", "管理部门"), ("yjj-admin", "1 个工作日"), ("yjj-01", "一企一表"), ("auditor", "校验哈希链")] {
                var web = WebSession(client: client)
                _ = try await web.login(user)
                let page = try await web.get("/dashboard")
                #expect(page.status == .ok)
                let html = String(buffer: page.body)
                #expect(html.contains(hint), "\(user)")
                #expect(html.contains("工作台"))
            }
        }
    }

    @Test("unknown pages get a friendly 404 without internals")
    func notFound() async throws {
        try await withDemoApp(.sqlite) { client, _ in
            var web = WebSession(client: client)
            let response = try await web.get("/no/such/page")
            #expect(response.status == .notFound)
            let html = String(buffer: response.body)
            #expect(html.contains("页面不存在"))
            #expect(html.contains("请求编号"))
            #expect(!html.contains("HTTPError"))
        }
    }

    @Test("an internal failure gets a friendly 500 page without internals")
    func serverError() async throws {
        try await TestDatabase.sqlite.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords)
            let app = try await buildApplication(store: store, configuration: .init())
            try await app.test(.router) { client in
                var web = WebSession(client: client)
                _ = try await web.login("office")
                // Drop a table under the running application: the next query fails inside.
                _ = try await store.sql.raw("DROP TABLE api_tokens").all()
                let response = try await web.get("/account")
                #expect(response.status == .internalServerError)
                let html = String(buffer: response.body)
                #expect(html.contains("系统错误"))
                #expect(!html.contains("api_tokens"))
                #expect(!html.lowercased().contains("sqlite"))
            }
        }
    }

    @Test("metrics are exposed for Prometheus")
    func metrics() async throws {
        try await withDemoApp(.sqlite) { client, _ in
            var web = WebSession(client: client)
            _ = try await web.login("office")
            let response = try await web.get("/metrics")
            #expect(response.status == .ok)
            #expect(String(buffer: response.body).contains("spotcheck_logins_total 1"))
        }
    }

    @Test("pages carry phone and print styles")
    func stylesheet() async throws {
        try await withDemoApp(.sqlite) { client, _ in
            var web = WebSession(client: client)
            let css = String(buffer: try await web.get("/static/app.css").body)
            #expect(css.contains("@media (max-width:640px)"))
            #expect(css.contains("@media print"))
            #expect(try await web.get("/static/../Package.swift").status == .notFound)
        }
    }
}
