import Foundation
import Hummingbird
import SpotcheckCore

/// The page side of the text rule (`TextInput`): every query parameter and every field of an
/// urlencoded form is refused with 400 when it carries a control character or is longer than
/// any field the product has, before a handler or a database sees it. Field-specific limits
/// (names, codes) are the domain's and are checked where the value is used; this is the floor
/// under all of them, so a NUL byte can never reach PostgreSQL from a page.
struct InputGuardMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// A search box or a filter in the URL is short; a link never carries free text.
    static let queryValueLimit = TextInput.Limit.reason
    static let formValueLimit = TextInput.Limit.freeText

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        for (key, value) in request.uri.queryParameters {
            try Self.check(key, limit: .code)
            try Self.check(value, limit: Self.queryValueLimit)
        }
        var request = request
        if request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true {
            // Collected within the request's cap; handlers then read the collected copy.
            let body = try await request.collectBody(upTo: context.bodyLimit)
            for (name, value) in try FormFields(parsing: String(buffer: body)).pairs {
                try Self.check(name, limit: .code)
                try Self.check(value, limit: Self.formValueLimit)
            }
        }
        return try await next(request, context)
    }

    static func check(_ text: some StringProtocol, limit: TextInput.Limit) throws(TextInput.Problem) {
        try TextInput.check(text, field: "提交的内容", limit: limit)
    }
}
