import Hummingbird
import SpotcheckCore

/// The context of every route behind a login: the principal is there, not optional, so a
/// handler cannot forget to ask. Built from ``AppRequestContext`` when a route of the signed-in
/// group matches; without a session (or with an expired one) building it fails with 401, which
/// the error middleware turns into the login redirect before any handler runs.
public struct SignedInContext: ChildRequestContext, PageRequestContext {
    public typealias ParentContext = AppRequestContext

    public var coreContext: CoreRequestContextStorage
    public let principal: Principal
    public let csrfToken: String?
    public let csrfCookieToSet: String?
    public let sessionToken: String?
    public let bodyLimit: Int
    public let unreadMessages: Int

    public var viewer: Principal? { principal }

    public init(context: AppRequestContext) throws {
        guard let principal = context.principal else { throw HTTPError(.unauthorized, message: "请先登录") }
        self.coreContext = context.coreContext
        self.principal = principal
        self.csrfToken = context.csrfToken
        self.csrfCookieToSet = context.csrfCookieToSet
        self.sessionToken = context.sessionToken
        self.bodyLimit = context.bodyLimit
        self.unreadMessages = context.unreadMessages
    }
}
