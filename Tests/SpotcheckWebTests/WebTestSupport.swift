import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SpotcheckStore
import SpotcheckTestSupport
import SpotcheckWeb

/// A browser-like cookie jar and form poster over HummingbirdTesting's client.
struct WebSession {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]

    init(client: any TestClientProtocol) { self.client = client }

    var cookieHeader: HTTPFields {
        var fields = HTTPFields()
        if !cookies.isEmpty { fields[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        return fields
    }

    mutating func remember(_ response: TestResponse) {
        for header in response.headers[values: .setCookie] {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            if pair[1].isEmpty { cookies[String(pair[0])] = nil } else { cookies[String(pair[0])] = String(pair[1]) }
        }
    }

    mutating func get(_ uri: String) async throws -> TestResponse {
        let response = try await client.execute(uri: uri, method: .get, headers: cookieHeader, body: nil)
        remember(response)
        return response
    }

    mutating func post(_ uri: String, form: [String: String]) async throws -> TestResponse {
        var headers = cookieHeader
        headers[.contentType] = "application/x-www-form-urlencoded"
        let body = form.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        let response = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
        remember(response)
        return response
    }

    /// The CSRF token rendered into the page's forms.
    static func csrfToken(in html: String) -> String? {
        guard let range = html.range(of: "name=\"_csrf\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    /// Logs in through the real form, CSRF token included.
    mutating func login(_ username: String, password: String = DemoSeed.password) async throws -> TestResponse {
        let page = try await get("/login")
        let token = WebSession.csrfToken(in: String(buffer: page.body)) ?? ""
        return try await post("/login", form: ["username": username, "password": password, "_csrf": token])
    }

    /// The CSRF token of the logged-in session, read from any page with a form.
    mutating func sessionCSRF() async throws -> String {
        let page = try await get("/account")
        return WebSession.csrfToken(in: String(buffer: page.body)) ?? ""
    }
}

/// Runs `body` against the real application over a fresh, demo-seeded database.
func withDemoApp(_ database: TestDatabase, _ body: @escaping @Sendable (any TestClientProtocol, StoreDatabase) async throws -> Void) async throws {
    try await database.withStore { store in
        try await DemoSeed.seed(on: store.db, passwords: store.passwords)
        let app = try await buildApplication(store: store, configuration: .init())
        try await app.test(.router) { client in try await body(client, store) }
    }
}
