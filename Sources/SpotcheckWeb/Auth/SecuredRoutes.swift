import HTTPTypes
import Hummingbird
import SpotcheckWorkflow
import Synchronization

/// The table of routes and their access rules, kept for `spotcheck routes` and for the test that
/// checks no route is left without a rule.
public final class RouteTable: Sendable {
    public struct Entry: Sendable {
        public let method: String
        public let path: String
        public let access: RoleGate
    }

    private let entries = Mutex<[Entry]>([])
    public init() {}

    func add(_ entry: Entry) { entries.withLock { $0.append(entry) } }
    public var all: [Entry] { entries.withLock { $0 } }
}

/// Registers handlers together with their access rule. The rule is checked before the handler
/// runs, so a handler body can assume its roles.
public struct SecuredRoutes {
    let router: Router<AppRequestContext>
    let table: RouteTable

    public typealias Handler = @Sendable (Request, AppRequestContext) async throws -> Response

    public func get(_ path: String, _ access: RoleGate, _ handler: @escaping Handler) {
        add(.get, path, access, handler)
    }

    public func post(_ path: String, _ access: RoleGate, _ handler: @escaping Handler) {
        add(.post, path, access, handler)
    }

    /// A GET for programs rather than people (a metrics scraper): without a login it answers a
    /// plain 401 with `WWW-Authenticate: Bearer` instead of redirecting to the login page, which
    /// a program would follow to a 200 and take for success.
    public func getForClients(_ path: String, _ access: RoleGate, _ handler: @escaping Handler) {
        table.add(.init(method: HTTPRequest.Method.get.rawValue, path: path, access: access))
        router.on(RouterPath(path), method: .get) { request, context in
            guard context.principal != nil else {
                return Response(status: .unauthorized, headers: [.wwwAuthenticate: "Bearer", .contentType: "text/plain; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: "请先登录，或在请求头中加入 Authorization: Bearer <令牌>\n")))
            }
            try access.check(context.principal)
            return try await handler(request, context)
        }
    }

    private func add(_ method: HTTPRequest.Method, _ path: String, _ access: RoleGate, _ handler: @escaping Handler) {
        table.add(.init(method: method.rawValue, path: path, access: access))
        router.on(RouterPath(path), method: method) { request, context in
            try access.check(context.principal)
            return try await handler(request, context)
        }
    }
}
