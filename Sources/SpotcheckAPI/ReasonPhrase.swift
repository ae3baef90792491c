import HTTPTypes

/// Standard reason phrases: an `HTTPResponse.Status` built from a bare code carries none, and a
/// problem+json body needs a title.
public enum ReasonPhrase {
    static let phrases = [
        400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 406: "Not Acceptable",
        409: "Conflict", 413: "Content Too Large", 415: "Unsupported Media Type", 422: "Unprocessable Content",
        429: "Too Many Requests", 500: "Internal Server Error", 503: "Service Unavailable",
    ]

    public static func forCode(_ code: Int) -> String {
        phrases[code] ?? HTTPResponse.Status(code: code).reasonPhrase
    }
}
