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

/// Registers handlers together with their access rule, each in the router group whose
/// middleware it needs (`Application+build.swift`): pages for everyone on ``AppRequestContext``,
/// pages behind a login on ``SignedInContext`` (the principal is not optional there), and
/// endpoints for programs. The rule is checked before the handler runs, so a handler body can
/// assume its roles.
public struct SecuredRoutes {
    /// Pages anyone may open (session resolved if there is one; CSRF on forms).
    let pages: RouterGroup<AppRequestContext>
    /// Pages behind a login: the pages' middleware, then the principal required.
    let signedIn: RouterGroup<SignedInContext>
    /// Endpoints for programs (a metrics scraper): a session or a bearer token.
    let clients: RouterGroup<AppRequestContext>
    let table: RouteTable

    init(pages: RouterGroup<AppRequestContext>, clients: RouterGroup<AppRequestContext>, table: RouteTable) {
        self.pages = pages
        self.signedIn = pages.group(context: SignedInContext.self)
        self.clients = clients
        self.table = table
    }

    public typealias Handler = @Sendable (Request, SignedInContext) async throws -> Response
    public typealias PublicHandler = @Sendable (Request, AppRequestContext) async throws -> Response

    /// A page behind a login, for the roles `access` lets in.
    public func get(_ path: String, _ access: RoleGate, _ handler: @escaping Handler) {
        add(.get, path, access, handler)
    }

    /// A form post behind a login, for the roles `access` lets in.
    public func post(_ path: String, _ access: RoleGate, _ handler: @escaping Handler) {
        add(.post, path, access, handler)
    }

    /// A page of ``SiteURL`` behind a login.
    func get(_ url: SiteURL, _ access: RoleGate, _ handler: @escaping Handler) { get(url.route, access, handler) }

    /// A form post of ``SiteURL`` behind a login.
    func post(_ url: SiteURL, _ access: RoleGate, _ handler: @escaping Handler) { post(url.route, access, handler) }

    /// A public page of ``SiteURL``.
    func publicGet(_ url: SiteURL, _ handler: @escaping PublicHandler) { publicGet(url.route, handler) }

    /// A page anyone may open (the public notices, the login form).
    public func publicGet(_ path: String, _ handler: @escaping PublicHandler) {
        addPublic(.get, path, handler)
    }

    /// A form anyone may post (the login form; CSRF-checked all the same).
    public func publicPost(_ path: String, _ handler: @escaping PublicHandler) {
        addPublic(.post, path, handler)
    }

    /// A GET for programs rather than people (a metrics scraper): without a login it answers a
    /// plain 401 with `WWW-Authenticate: Bearer` instead of redirecting to the login page, which
    /// a program would follow to a 200 and take for success.
    public func getForClients(_ path: String, _ access: RoleGate, _ handler: @escaping PublicHandler) {
        table.add(.init(method: HTTPRequest.Method.get.rawValue, path: path, access: access))
        clients.on(RouterPath(path), method: .get) { request, context in
            guard context.principal != nil else {
                return Response(status: .unauthorized, headers: [.wwwAuthenticate: "Bearer", .contentType: "text/plain; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: "请先登录，或在请求头中加入 Authorization: Bearer <令牌>\n")))
            }
            try access.check(context.principal)
            return try await handler(request, context)
        }
    }

    private func add(_ method: HTTPRequest.Method, _ path: String, _ access: RoleGate, _ handler: @escaping Handler) {
        precondition(access != .publicAccess, "\(path): a public page is registered with publicGet/publicPost")
        table.add(.init(method: method.rawValue, path: path, access: access))
        signedIn.on(RouterPath(path), method: method) { request, context in
            try access.check(context.principal)
            return try await handler(request, context)
        }
    }

    private func addPublic(_ method: HTTPRequest.Method, _ path: String, _ handler: @escaping PublicHandler) {
        table.add(.init(method: method.rawValue, path: path, access: .publicAccess))
        pages.on(RouterPath(path), method: method, use: handler)
    }
}
