import Foundation
import Hummingbird
import HTTPTypes
import Logging

/// One log line per request with its id, echoed as `X-Request-Id` so a user's screenshot of an
/// error page can be matched to the server log. Also sets the security headers every page needs.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let requestIDHeader = HTTPField.Name("X-Request-Id")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        var response = try await next(request, context)
        let elapsed = ContinuousClock.now - started
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        context.logger.info("\(request.method) \(request.uri.path) \(response.status.code)", metadata: [
            "duration_ms": .string(String(format: "%.1f", ms)),
            "user": .string(context.principal?.username ?? "-"),
        ])
        response.headers[Self.requestIDHeader] = context.id
        response.headers[.init("X-Content-Type-Options")!] = "nosniff"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        response.headers[.init("Referrer-Policy")!] = "same-origin"
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'"
        }
        return response
    }
}

extension HTTPField.Name {
    static let contentSecurityPolicy = Self("Content-Security-Policy")!
}
