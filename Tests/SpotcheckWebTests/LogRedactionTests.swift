import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import SpotcheckStore
import SpotcheckTestSupport
@testable import SpotcheckWeb
import Synchronization
import Testing

@Suite("Secrets stay out of the log")
struct LogRedactionTests {
    @Test("a failing API call logs neither its bearer token, nor its cookies, nor its CSRF token", arguments: TestDatabase.available)
    func failingRequest(database: TestDatabase) async throws {
        let captured = CapturedLog()
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords)
            let app = try await buildApplication(store: store, configuration: WebConfiguration(logger: captured.logger()))
            try await app.test(.router) { client in
                var web = WebSession(client: client)
                _ = try await web.login("office")
                let session = try #require(web.cookies["spotcheck_session"])
                let csrf = try await web.sessionCSRF()
                let user = try #require(try await UserRepository(db: store.db, passwords: store.passwords).find(username: "office"))
                let token = try await APITokenRepository(db: store.db).create(name: "log test", for: try #require(try UserRepository.principal(of: user))).secret

                // The table the handler reads disappears under the running server: a 500 inside the API.
                _ = try await store.sql.raw("ALTER TABLE enterprises RENAME TO enterprises_gone").all()
                var headers = web.cookieHeader
                headers[.authorization] = "Bearer \(token)"
                headers[HTTPField.Name("X-CSRF-Token")!] = csrf
                let response = try await client.execute(uri: "/api/v1/enterprises", method: .get, headers: headers, body: nil)
                #expect(response.status == .internalServerError)

                let log = captured.text
                #expect(log.contains("unhandled error"), "the failure was logged")
                #expect(log.contains("/api/v1/enterprises 500"), "the request line was logged")
                #expect(!log.contains(token))
                #expect(!log.contains(String(token.dropFirst("sct_".count))))
                #expect(!log.contains(session))
                #expect(!log.contains(csrf))
            }
        }
    }

    @Test("every log line loses the secrets a request's description carries")
    func handlerRedactsEveryLine() throws {
        let captured = CapturedLog()
        let logger = captured.logger().redactingSecrets()
        var request = HTTPRequest(method: .post, scheme: "http", authority: "localhost", path: "/api/v1/departments")
        request.headerFields[.authorization] = "Bearer sct_0123456789abcdef0123456789abcdef"
        request.headerFields[.cookie] = "spotcheck_session=5e55105e55105e55; spotcheck_csrf=c5rfc5rfc5rf"
        request.headerFields[HTTPField.Name("X-CSRF-Token")!] = "c5rfc5rfc5rf"
        var response = HTTPResponse(status: .seeOther)
        response.headerFields[.setCookie] = "spotcheck_session=5e55105e55105e55; Path=/; HttpOnly"
        // The generated API server's errors print the request like this, headers and all.
        logger.error("server error: \(String(reflecting: request)) \(request.headerFields) \(response.headerFields)",
                     metadata: ["request": .string(String(describing: request.headerFields)), "form": "username=a&_csrf=c5rfc5rfc5rf"])
        logger.info("token given as sct_0123456789abcdef0123456789abcdef in a message")

        let log = captured.text
        #expect(log.contains("server error"))
        #expect(log.contains(LogRedaction.mask))
        for secret in ["0123456789abcdef0123456789abcdef", "5e55105e55105e55", "c5rfc5rfc5rf"] {
            #expect(!log.contains(secret), "\(secret) in \(log)")
        }
    }

    @Test("text without secrets passes through unchanged")
    func plainTextUnchanged() {
        let line = "GET /public/results 200 duration_ms=3.1 user=-"
        #expect(LogRedaction.redact(line) == line)
        #expect(LogRedaction.redact("Authorization: Basic b2ZmaWNlOnNlY3JldA==") == "Authorization: \(LogRedaction.mask)")
        #expect(LogRedaction.redact("AUTHORIZATION=BEARER abc") == "AUTHORIZATION=\(LogRedaction.mask)")
        #expect(LogRedaction.redact("x-csrf-token: 1234") == "x-csrf-token: \(LogRedaction.mask)")
        #expect(LogRedaction.redact("sct") == "sct")
    }
}
