import Hummingbird
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// Resolves who is calling: the session cookie for pages, a bearer token for `/api/`. The API
/// ignores cookies on purpose, so a page can never be tricked into calling it cross-site.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let workflow: Workflow

    static let cookieName = "spotcheck_session"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if request.uri.path.hasPrefix("/api/") {
            if let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") {
                let secret = String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
                guard let principal = try await workflow.principal(forAPIToken: secret) else {
                    throw HTTPError(.unauthorized, message: "访问令牌无效或已撤销")
                }
                context.principal = principal
                context.authenticatedByBearer = true
            }
        } else if request.uri.path == MetricsController.path, let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") {
            // A metrics scraper has no session; an unknown token leaves it anonymous, and the
            // route answers 401 rather than the login redirect an invalid session would get.
            let secret = String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
            if let principal = try await workflow.principal(forAPIToken: secret) {
                context.principal = principal
                context.authenticatedByBearer = true
            }
        } else if let token = request.cookies[Self.cookieName]?.value, !token.isEmpty {
            if let (principal, csrf) = try await workflow.principal(forSession: token) {
                context.principal = principal
                context.csrfToken = csrf
                context.sessionToken = token
            }
        }
        return try await next(request, context)
    }
}
