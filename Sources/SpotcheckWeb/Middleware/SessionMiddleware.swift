import Hummingbird
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// Resolves who is calling a page from the session cookie. Endpoints for programs (the metrics
/// scrape) are mounted with `acceptsBearer`, so a bearer token is read there too; an unknown
/// token leaves the caller anonymous and the route answers 401. The API's group resolves bearer
/// tokens only (`BearerTokenMiddleware`) and never reads cookies, so a page can never be tricked
/// into calling it cross-site.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let workflow: Workflow
    var acceptsBearer = false

    static let cookieName = "spotcheck_session"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if acceptsBearer, let secret = BearerTokenMiddleware.token(in: request) {
            if let principal = try await workflow.principal(forAPIToken: secret) {
                context.principal = principal
                context.authenticatedByBearer = true
            }
        } else if let token = request.cookies[Self.cookieName]?.value, !token.isEmpty {
            if let (principal, csrf) = try await workflow.principal(forSession: token) {
                context.principal = principal
                context.csrfToken = csrf
                context.sessionToken = token
                context.unreadMessages = try await workflow.unreadMessageCount(for: principal)
            }
        }
        return try await next(request, context)
    }
}
