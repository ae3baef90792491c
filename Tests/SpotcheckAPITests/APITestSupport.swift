import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SpotcheckAPI
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
import SpotcheckWeb
import Testing

private let quietLogger: Logger = {
    var logger = Logger(label: "spotcheck-api-test")
    logger.logLevel = .warning
    return logger
}()

/// The whole application (`buildApplication`) over a fresh seeded database, driven through the
/// router without a socket.
struct APITestHarness: Sendable {
    let client: any TestClientProtocol
    let store: StoreDatabase

    static func run(on database: TestDatabase, _ body: @Sendable (APITestHarness) async throws -> Void) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords)
            let app = try await buildApplication(store: store, configuration: WebConfiguration(logger: quietLogger))
            try await app.test(.router) { client in
                try await body(APITestHarness(client: client, store: store))
            }
        }
    }

    /// A new API token of a demo user, made the way the account page makes it.
    func token(for username: String) async throws -> String {
        let user = try #require(try await UserRepository(db: store.db, passwords: store.passwords).find(username: username))
        let principal = try #require(try UserRepository.principal(of: user))
        return try await APITokenRepository(db: store.db).create(name: "test", for: principal).secret
    }

    func auditCount() async throws -> Int {
        try await AuditLog.recent(on: store.db, page: 1, perPage: 1).total
    }

    @discardableResult
    func call(_ method: HTTPRequest.Method, _ path: String, token: String? = nil, json: String? = nil,
              headers extra: HTTPFields = [:]) async throws -> APIResponse {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        let response = try await client.execute(uri: path, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
        return APIResponse(path: path, status: response.status, headers: response.headers, text: String(buffer: response.body))
    }

    func get(_ path: String, token: String? = nil) async throws -> APIResponse { try await call(.get, path, token: token) }
}

struct APIResponse: Sendable {
    let path: String
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let text: String

    /// The body as a JSON object (empty when it is not one).
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    /// `items` of a list response.
    var items: [[String: Any]] { json["items"] as? [[String: Any]] ?? [] }

    /// Checks that this is an RFC 9457 problem with the given status, tied to the request id, and
    /// of the kind `type` (by default the kind its status stands for; for 409, any conflict kind).
    func expectProblem(_ expected: HTTPResponse.Status, type: ProblemType? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(status == expected, "\(path): \(text)", sourceLocation: sourceLocation)
        #expect(headers[.contentType]?.hasPrefix("application/problem+json") == true, "\(path)", sourceLocation: sourceLocation)
        let body = json
        #expect(body["status"] as? Int == expected.code, sourceLocation: sourceLocation)
        let kinds: [ProblemType] = if let type { [type] } else if expected.code == 409 {
            [.duplicate, .stateConflict, .inUse, .conflict]
        } else {
            [ProblemType(status: expected.code)]
        }
        #expect(kinds.map(\.uri).contains(body["type"] as? String ?? ""), "\(path): \(text)", sourceLocation: sourceLocation)
        #expect(body["title"] as? String == expected.reasonPhrase, sourceLocation: sourceLocation)
        #expect(!(body["detail"] as? String ?? "").isEmpty, sourceLocation: sourceLocation)
        #expect(body["instance"] as? String == path.split(separator: "?").first.map(String.init), sourceLocation: sourceLocation)
        let requestID = body["requestId"] as? String
        #expect(requestID != nil && requestID == headers[HTTPField.Name("X-Request-Id")!], sourceLocation: sourceLocation)
    }
}
