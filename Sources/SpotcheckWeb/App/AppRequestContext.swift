import Hummingbird
import Logging
import SpotcheckCore

/// Per-request state: who is logged in (from the session cookie or a bearer token), the CSRF
/// token their forms must carry, and the session cookie value for logout.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var principal: Principal?
    public var csrfToken: String?
    public var sessionToken: String?
    /// True when the principal came from an API bearer token (no cookie, so no CSRF risk).
    public var authenticatedByBearer = false

    public init(source: Source) {
        self.coreContext = .init(source: source)
    }

    /// Uploads are size-limited; bigger bodies are refused before they are read.
    public var maxUploadSize: Int { 20 * 1024 * 1024 }

    /// The logged-in principal, or a 401 that the error middleware turns into a login redirect.
    public func requirePrincipal() throws -> Principal {
        guard let principal else { throw HTTPError(.unauthorized, message: "请先登录") }
        return principal
    }
}
