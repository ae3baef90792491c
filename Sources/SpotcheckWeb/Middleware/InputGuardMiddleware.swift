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
            for pair in String(buffer: body).split(separator: "&", omittingEmptySubsequences: true) {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                try Self.check(Self.decoded(parts[0]), limit: .code)
                if parts.count == 2 { try Self.check(Self.decoded(parts[1]), limit: Self.formValueLimit) }
            }
        }
        return try await next(request, context)
    }

    /// `+` is a space in forms; a malformed escape is refused like any other bad input.
    static func decoded(_ text: Substring) throws -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        guard let value = spaced.removingPercentEncoding else {
            throw HTTPError(.badRequest, message: "提交的内容编码有误（百分号转义不完整），请刷新页面后重试")
        }
        return value
    }

    static func check(_ text: some StringProtocol, limit: TextInput.Limit) throws(TextInput.Problem) {
        try TextInput.check(text, field: "提交的内容", limit: limit)
    }
}
