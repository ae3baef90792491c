import Hummingbird
import Logging
import NIOCore
import SpotcheckCore

/// What rendering a page and reading a form need of a request, whoever is asking: pages for
/// everyone get it from ``AppRequestContext``, pages behind a login from ``SignedInContext``.
public protocol PageRequestContext: RequestContext {
    /// The logged-in person, if any (the layout shows their name and menu).
    var viewer: Principal? { get }
    /// The token the page's forms carry (`CSRFMiddleware`).
    var csrfToken: String? { get }
    /// An anonymous token made for this request, set as a cookie by a page that renders a form.
    var csrfCookieToSet: String? { get }
    /// The cap on this request's body (`BodyLimitMiddleware`).
    var bodyLimit: Int { get }
    /// The viewer's unread messages, for the header's 消息 badge (issue 17).
    var unreadMessages: Int { get }
}

extension PageRequestContext {
    /// The largest file upload any page accepts (what the import pages tell the user).
    public var maxUploadSize: Int { BodyLimit.upload.bytes }
}

/// Per-request state: who is logged in (from the session cookie or a bearer token), the CSRF
/// token their forms must carry, and the session cookie value for logout.
public struct AppRequestContext: RequestContext, RemoteAddressRequestContext, PageRequestContext {
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
    /// Counted by `SessionMiddleware` for a page's header.
    public var unreadMessages = 0

    /// The connection's peer, which login attempts are counted against (`LoginRateLimiter`).
    public let remoteAddress: SocketAddress?

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }

    public var viewer: Principal? { principal }

    /// The cap on this request's body, chosen by `BodyLimitMiddleware` before anything reads it;
    /// every `collectBody(upTo:)` uses it.
    public var bodyLimit = BodyLimit.anonymous.bytes
}
