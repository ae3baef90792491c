import AsyncKit
import FluentKit
import Foundation
import HTTPTypes
import SQLKit
import Synchronization
import Hummingbird
import HummingbirdTesting
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
@testable import SpotcheckWeb
import Testing

/// The public pages at scale (issue 13 item 8): the task notice pages and searches its drawn
/// list, public GETs set no cookie and may be cached for a minute, and an exhausted connection
/// pool answers 503 with Retry-After.
@Suite("Public pages at scale")
struct PublicPagesTests {
    static func html(_ response: TestResponse) -> String { String(buffer: response.body) }

    /// The codes in the drawn list's table, in page order.
    static func listedCodes(_ html: String) -> [String] {
        html.components(separatedBy: #"<td data-label="代码"><code>"#).dropFirst().map { String($0.prefix(18)) }
    }

    /// A demo-less app over departments and accounts plus a task of `enterprises / 5` drawn.
    static func withLargeTask(_ database: TestDatabase, enterprises: Int = 600,
                              _ body: @escaping @Sendable (any TestClientProtocol, StoreDatabase, TaskInfo) async throws -> Void) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords, directory: false)
            let task = try await DemoSeed.seedLargeTask(on: store.db, enterprises: enterprises, documentNumber: "PAGED-1")
            let app = try await buildApplication(store: store, configuration: .init())
            try await app.test(.router) { client in try await body(client, store, task) }
        }
    }

    @Test("a task of many drawn enterprises: the notice pages its list, searches by name and code, bounds its inputs",
          arguments: TestDatabase.available)
    func pagedNotice(database: TestDatabase) async throws {
        try await Self.withLargeTask(database) { client, store, task in
            let all = try await TaskStore(db: store.db).dispatches(task.id).filter(\.active).map(\.uscc).sorted(by: { $0.utf8Precedes($1) })
            #expect(all.count > PublicTasks.pageSize)
            var anonymous = WebSession(client: client)
            let first = try await anonymous.get("/public/tasks/\(task.id)")
            #expect(first.status == .ok)
            let firstPage = Self.html(first)
            #expect(firstPage.contains("抽中检查对象 \(all.count) 户") && firstPage.contains("每页 \(PublicTasks.pageSize) 户"))
            #expect(Self.listedCodes(firstPage) == Array(all.prefix(PublicTasks.pageSize)), "one bounded page, in code order")
            #expect(firstPage.contains("/public/tasks/\(task.id)?page=2"), "a link to the next page")

            let secondPage = Self.html(try await anonymous.get("/public/tasks/\(task.id)?page=2"))
            let second = Self.listedCodes(secondPage)
            #expect(second == Array(all.dropFirst(PublicTasks.pageSize).prefix(PublicTasks.pageSize)))
            #expect(Set(second).isDisjoint(with: Self.listedCodes(firstPage)), "page 2 shows other enterprises")
            // The rest of the notice is on every page.
            #expect(secondPage.contains(task.commitment!) && secondPage.contains("下载抽取记录 record.json"))

            // Search by the whole name and by the code; the matches are counted and shown.
            let target = second[7]
            let name = try #require(try await EnterpriseDirectory(db: store.db).find(uscc: target)).name
            let byName = Self.html(try await anonymous.get("/public/tasks/\(task.id)?q=" + name.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!))
            #expect(Self.listedCodes(byName) == [target] && byName.contains("相符的抽中企业 1 户") && byName.contains(name))
            let byCode = Self.html(try await anonymous.get("/public/tasks/\(task.id)?q=\(target)"))
            #expect(Self.listedCodes(byCode) == [target])
            let none = Self.html(try await anonymous.get("/public/tasks/\(task.id)?q=%E6%B2%A1%E6%9C%89"))  // 没有
            #expect(Self.listedCodes(none).isEmpty && none.contains("抽中的企业中没有与“没有”相符的"))

            // Query parameters are bounded: a page out of range or a search too long is 400.
            for query in ["page=0", "page=abc", "page=9223372036854775807", "q=" + String(repeating: "a", count: 101)] {
                let refused = try await anonymous.get("/public/tasks/\(task.id)?\(query)")
                #expect(refused.status == .badRequest, "\(query)")
            }
            #expect(try await anonymous.get("/public/tasks/\(task.id)?page=\(ListPage.maxNumber)").status == .ok, "an empty page far out is fine")
        }
    }

    @Test("public GET pages set no cookie and may be cached for a minute; the login page and logged-in pages are no-store",
          arguments: TestDatabase.available)
    func caching(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            let task = try await TaskStore(db: store.db).require(DemoSeed.qingheDocumentNumber)
            let anonymous = WebSession(client: client)
            for path in ["/", "/public/tasks", "/public/tasks/\(task.id)", "/public/tasks/\(task.id)?page=1&q=%E6%B8%85%E6%B2%B3",
                         "/public/results", "/public/results?q=%E6%B8%85%E6%B2%B3", "/public/tasks/\(task.id)/record.json"] {
                let response = try await client.execute(uri: path, method: .get, headers: anonymous.cookieHeader, body: nil)
                #expect(response.status == .ok, "\(path)")
                #expect(response.headers[values: .setCookie].isEmpty, "no cookie on \(path)")
                #expect(response.headers[.cacheControl] == "public, max-age=60", "\(path)")
            }
            let page = try await client.execute(uri: "/public/tasks/\(task.id)", method: .get, headers: [:], body: nil)
            #expect(page.headers[.vary] == "Cookie", "a cache keeps the anonymous copy for cookie-less readers only")

            // The login form needs its token: cookie set, never cached; and the login works with it.
            var visitor = WebSession(client: client)
            let login = try await visitor.get("/login")
            #expect(login.headers[values: .setCookie].contains { $0.hasPrefix(CSRFMiddleware.cookieName + "=") })
            #expect(login.headers[.cacheControl] == "no-store")
            let token = try #require(WebSession.csrfToken(in: Self.html(login)))
            #expect(visitor.cookies[CSRFMiddleware.cookieName] == token)
            let loggedIn = try await visitor.post("/login", form: ["username": "office", "password": DemoSeed.password, "_csrf": token])
            #expect(loggedIn.status == .seeOther)

            // A logged-in reader of a public page gets a private copy (the layout names them).
            let mine = try await visitor.get("/public/tasks/\(task.id)")
            #expect(mine.status == .ok && mine.headers[.cacheControl] == "no-store")
            #expect(Self.html(mine).contains("退出"))
            #expect(try await visitor.get("/dashboard").headers[.cacheControl] == "no-store")

            // A public page that fails is not cached either.
            let missing = try await client.execute(uri: "/public/tasks/999999", method: .get, headers: [:], body: nil)
            #expect(missing.status == .notFound && missing.headers[.cacheControl] == "no-store" && missing.headers[values: .setCookie].isEmpty)
        }
    }

    @Test("anonymous readers get the notice from memory until the task changes; logged-in readers never",
          arguments: TestDatabase.available)
    func servedFromMemory(database: TestDatabase) async throws {
        try await Self.withLargeTask(database) { client, store, task in
            let path = "/public/tasks/\(task.id)"
            let first = Self.html(try await client.execute(uri: path, method: .get, headers: [:], body: nil))
            let code = try #require(Self.listedCodes(first).first)
            let sql = store.db as! any SQLDatabase
            // A rename the task's version does not cover is not rendered again at once…
            try await sql.update("enterprises").set("name", to: "改名后的企业").where("uscc", .equal, code).run()
            #expect(Self.html(try await client.execute(uri: path, method: .get, headers: [:], body: nil)) == first)
            // …but a logged-in reader never gets the shared copy,
            var office = WebSession(client: client)
            _ = try await office.login("office")
            #expect(Self.html(try await office.get(path)).contains("改名后的企业"))
            // and a change of the task (here its cancellation) is served at once, also to anonymous readers.
            _ = try await TaskStore(db: store.db).cancel(String(task.id), reason: "县政府调整工作安排", actor: AuditLog.Actor("office"))
            let after = Self.html(try await client.execute(uri: path, method: .get, headers: [:], body: nil))
            #expect(after.contains("本任务已取消") && after.contains("改名后的企业"))
        }
    }

    @Test("the page cache renders again when the version changes or the entry is older than its age, and stays bounded")
    func pageCacheRules() async throws {
        let cache = PublicPageCache(maxAge: .milliseconds(300), capacity: 2)
        let renders = Mutex(0)
        @Sendable func page() -> Response {
            let count = renders.withLock { $0 += 1; return $0 }
            return Response(status: .ok, headers: [.cacheControl: ViewRenderer.publicCacheControl], body: .init(byteBuffer: ByteBuffer(string: "v\(count)")))
        }
        func body(_ response: Response) async throws -> String {
            let collector = Collector()
            try await response.body.write(collector)
            return String(buffer: collector.buffer)
        }
        #expect(try await body(try await cache.response(key: "a", version: "1") { page() }) == "v1")
        #expect(try await body(try await cache.response(key: "a", version: "1") { page() }) == "v1", "served from memory")
        #expect(try await body(try await cache.response(key: "a", version: "2") { page() }) == "v2", "a new version renders")
        #expect(try await body(try await cache.response(key: "a", version: nil) { page() }) == "v3", "no version, no cache")
        try await Task.sleep(for: .milliseconds(400))
        #expect(try await body(try await cache.response(key: "a", version: "2") { page() }) == "v4", "too old renders")
        _ = try await cache.response(key: "b", version: "1") { page() }
        _ = try await cache.response(key: "c", version: "1") { page() }
        #expect(cache.count == 2, "the oldest entry made room")
        // A response that is not public (a cookie, no-store, an error) is never kept.
        let privatePage = try await cache.response(key: "d", version: "1") {
            Response(status: .ok, headers: [.cacheControl: "no-store"], body: .init(byteBuffer: ByteBuffer(string: "mine")))
        }
        #expect(try await body(privatePage) == "mine")
        #expect(try await body(try await cache.response(key: "d", version: "1") { page() }) == "v7")
    }

    @Test("an exhausted connection pool is classified 503, for pages and the API, with Retry-After")
    func poolTimeoutClassified() async throws {
        let (status, message) = ErrorMiddleware.classify(ConnectionPoolTimeoutError.connectionRequestTimeout)
        #expect(status == .serviceUnavailable && message.contains("秒后再试"))
        #expect(ErrorMiddleware.classify(ConnectionPoolError.shutdown).0 == .internalServerError, "a closed pool is a fault")
    }

    @Test("a request that waits for the only SQLite connection until the pool gives up gets 503 with Retry-After, page and API")
    func poolExhausted() async throws {
        try await TestDatabase.sqlite.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords, directory: false)
            let app = try await buildApplication(store: store, configuration: .init())
            try await app.test(.router) { client in
                #expect(try await client.execute(uri: "/public/tasks", method: .get, headers: [:], body: nil).status == .ok)
                // Hold the pool's one connection past its 30 s wait (`StoreDatabase`); both requests queue behind it.
                let held = Task {
                    try await store.db.withConnection { connection in
                        connection.eventLoop.makeFutureWithTask { try await Task.sleep(for: .seconds(32)) }
                    }.get()
                }
                try await Task.sleep(for: .milliseconds(200))
                async let page = client.execute(uri: "/public/tasks", method: .get, headers: [:], body: nil)
                async let api = client.execute(uri: "/api/v1/me", method: .get, headers: [.authorization: "Bearer sct_unknown"], body: nil)
                let (pageResponse, apiResponse) = try await (page, api)
                #expect(pageResponse.status == .serviceUnavailable && pageResponse.headers[.retryAfter] == "5")
                #expect(Self.html(pageResponse).contains("系统繁忙"))
                #expect(apiResponse.status == .serviceUnavailable && apiResponse.headers[.retryAfter] == "5")
                #expect(apiResponse.headers[.contentType] == "application/problem+json")
                try await held.value
                #expect(try await client.execute(uri: "/public/tasks", method: .get, headers: [:], body: nil).status == .ok, "and it recovers")
            }
        }
    }
}

/// A response body read into memory.
private final class Collector: ResponseBodyWriter {
    var buffer = ByteBuffer()
    func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        self.buffer.writeBuffer(&buffer)
    }
    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
