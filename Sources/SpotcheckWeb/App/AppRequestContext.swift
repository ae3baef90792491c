import Hummingbird
import Logging
import NIOCore
import SpotcheckCore

/// Per-request state: who is logged in (from the session cookie or a bearer token), the CSRF
/// token their forms must carry, and the session cookie value for logout.
public struct AppRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public var principal: Principal?
    public var csrfToken: String?
    /// A CSRF token made for this anonymous request, not yet sent: the page that renders it into a
    /// form sets it as a cookie (`ViewRenderer`), every other response goes out without a cookie,
    /// so proxies may cache the public pages.
    public var csrfCookieToSet: String?
    public var sessionToken: String?
    /// True when the principal came from an API bearer token (no cookie, so no CSRF risk).
    public var authenticatedByBearer = false

    /// The connection's peer, which login attempts are counted against (`LoginRateLimiter`).
    public let remoteAddress: SocketAddress?

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }

    /// The largest file upload any page accepts (what the import pages tell the user).
    public var maxUploadSize: Int { BodyLimit.upload.bytes }
    /// The cap on this request's body, chosen by `BodyLimitMiddleware` before anything reads it;
    /// every `collectBody(upTo:)` uses it.
    public var bodyLimit = BodyLimit.anonymous.bytes

    /// The logged-in principal, or a 401 that the error middleware turns into a login redirect.
    public func requirePrincipal() throws -> Principal {
        guard let principal else { throw HTTPError(.unauthorized, message: "请先登录") }
        return principal
    }
}
