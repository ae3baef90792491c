import Foundation
import HTTPTypes
import OpenAPIRuntime

/// The generated server writes a declared response header with the URI "simple" style, which
/// percent-encodes `; = "` and turns `attachment; filename="x.csv"` into `attachment%3B…`, a value
/// no browser or `curl -OJ` understands. Our handlers build the header already in RFC 6266 form
/// (non-ASCII names percent-encoded in `filename*`), so undoing the runtime's one layer of
/// encoding gives back exactly what the handler wrote.
struct ContentDispositionMiddleware: ServerMiddleware {
    func intercept(
        _ request: HTTPRequest,
        body: HTTPBody?,
        metadata: ServerRequestMetadata,
        operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        var (response, responseBody) = try await next(request, body, metadata)
        if let value = response.headerFields[.contentDisposition], value.contains("%"), !value.contains(";"),
           let decoded = value.removingPercentEncoding {
            response.headerFields[.contentDisposition] = decoded
        }
        return (response, responseBody)
    }
}
