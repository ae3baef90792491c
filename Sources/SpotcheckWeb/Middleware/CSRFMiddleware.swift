import Foundation
import Hummingbird
import HTTPTypes
import SpotcheckStore

/// Every state-changing form carries a CSRF token. Logged-in users use their session's token;
/// anonymous forms (the login form) use a double-submit cookie, sent with the page that shows
/// the form. API calls authenticate with a bearer token, which a foreign site cannot attach, so
/// they are exempt.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let cookieName = "spotcheck_csrf"
    static let fieldName = "_csrf"
    static let headerName = HTTPField.Name("X-CSRF-Token")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        var request = request
        var newAnonymousToken: String?
        if context.principal == nil || context.csrfToken == nil {
            if let cookie = request.cookies[Self.cookieName]?.value, cookie.count == 64 {
                context.csrfToken = cookie
            } else {
                let token = SecretToken.generate()
                context.csrfToken = token
                newAnonymousToken = token
            }
        }
        let unsafe = ![.get, .head, .options].contains(request.method)
        if unsafe {
            let submitted = try await Self.submittedToken(in: &request, context: context)
            guard let expected = context.csrfToken, let submitted, Self.constantTimeEqual(submitted, expected), newAnonymousToken == nil else {
                throw HTTPError(.forbidden, message: "表单已过期或来源不明（CSRF 校验失败），请刷新页面后重试")
            }
        }
        // Set as a cookie only by a page that renders it into a form (the login page), not here:
        // a cookie on every anonymous response would make every public page uncacheable.
        context.csrfCookieToSet = newAnonymousToken
        return try await next(request, context)
    }

    /// The double-submit cookie carrying an anonymous form's token.
    static func cookie(_ token: String) -> Cookie {
        Cookie(name: cookieName, value: token, path: "/", httpOnly: true, sameSite: .strict)
    }

    /// The token from the header, the query (multipart uploads) or the urlencoded body. Reading
    /// the body collects it, and the collected copy is what handlers then read.
    static func submittedToken(in request: inout Request, context: Context) async throws -> String? {
        if let header = request.headers[headerName] { return header }
        if let query = request.uri.queryParameters[Substring(fieldName)] { return String(query) }
        guard request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true else { return nil }
        let body = try await request.collectBody(upTo: context.bodyLimit)
        return try FormFields(parsing: String(buffer: body)).first(fieldName)
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}


