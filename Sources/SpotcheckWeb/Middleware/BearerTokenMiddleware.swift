import Hummingbird
import SpotcheckCore
import SpotcheckWorkflow

/// Resolves an API caller from `Authorization: Bearer <token>`. No header leaves the caller
/// anonymous (the operation's rule then refuses it, or a public read answers); a token that is
/// unknown, expired or revoked is a 401 at once, so a client learns its token is bad rather than
/// being served as anonymous.
struct BearerTokenMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let workflow: Workflow

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let secret = Self.token(in: request) {
            guard let principal = try await workflow.principal(forAPIToken: secret) else {
                throw HTTPError(.unauthorized, message: "访问令牌无效或已撤销")
            }
            context.principal = principal
            context.authenticatedByBearer = true
        }
        return try await next(request, context)
    }

    /// The token of an `Authorization: Bearer` header, if there is one.
    static func token(in request: Request) -> String? {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else { return nil }
        return String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
    }
}
