import Hummingbird
import HTTPTypes
import SpotcheckAPI

/// Caps every request body before anything reads it. A declared `Content-Length` over the cap is
/// refused at once with 413; a chunked body is counted as it streams and refused as soon as it
/// passes the cap, so nobody can make the server buffer 19 MB to learn that a login form was
/// forged. Handlers collect with `context.bodyLimit`, the cap chosen here.
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    /// Mounted on the API's group: a logged-in call's cap is the API's.
    var api = false

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        var request = request
        let limit = BodyLimit.for(request, loggedIn: context.principal != nil, api: api)
        context.bodyLimit = limit.bytes
        if let declared = request.headers[.contentLength] {
            // A length that is not a small decimal is as bad as a long one: refuse both unread.
            guard declared.utf8.count <= 12, let length = Int(declared), length >= 0 else {
                throw HTTPError(.badRequest, message: "请求头 Content-Length 无效")
            }
            if length > limit.bytes { throw BodyTooLarge(limit: limit) }
            if length == 0 { return try await next(request, context) }
        }
        request.body = RequestBody(asyncSequence: CappedBody(base: request.body, limit: limit))
        return try await next(request, context)
    }
}

/// How much a request may send, by what it is.
struct BodyLimit: Sendable, Equatable, CustomStringConvertible {
    let bytes: Int

    /// File uploads (imports, evidence, calendars) from a logged-in user.
    static let upload = BodyLimit(bytes: APIInputCheck.maxUploadBytes)
    /// A logged-in user's form or API call without a file: long free texts fit with room to spare
    /// (10,000 Chinese characters percent-encode to 90 KB).
    static let form = BodyLimit(bytes: 256 * 1024)
    /// A logged-in API call: JSON of at most a page of records (the API's own rule, applied here
    /// while the body streams so that no more than that is ever read).
    static let api = BodyLimit(bytes: APIInputCheck.maxBodyBytes)
    /// Anything anonymous (the login form): a few short fields.
    static let anonymous = BodyLimit(bytes: 16 * 1024)

    /// A public 举报线索 with its photos (at most 3 × 5 MB, and the text).
    static let tip = BodyLimit(bytes: 16 * 1024 * 1024)

    static func `for`(_ request: Request, loggedIn: Bool, api: Bool) -> BodyLimit {
        if !api, request.method == .post, request.uri.path == "/tips",
           request.headers[.contentType]?.lowercased().hasPrefix("multipart/form-data") == true {
            return .tip
        }
        guard loggedIn else { return .anonymous }
        let type = request.headers[.contentType]?.lowercased() ?? ""
        if type.hasPrefix("multipart/form-data") { return .upload }
        if api {
            // A file import through the API may send what the upload page may.
            return APIInputCheck.maxBodyBytes(path: request.uri.path) == APIInputCheck.maxUploadBytes ? .upload : .api
        }
        return .form
    }

    /// "20 MB", "256 KB": as the page says it.
    var description: String {
        bytes >= 1024 * 1024 ? "\(bytes / (1024 * 1024)) MB" : "\(bytes / 1024) KB"
    }
}

/// A body over its cap; the error middleware answers 413 naming the cap.
struct BodyTooLarge: Error, Sendable, CustomStringConvertible {
    let limit: BodyLimit
    var description: String { "提交的内容超过 \(limit) 的上限，请减小文件或内容后重试" }
}

/// The request body, counted as it streams; throws `BodyTooLarge` past the cap.
struct CappedBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let base: RequestBody
    let limit: BodyLimit

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: RequestBody.AsyncIterator
        var remaining: Int
        let limit: BodyLimit

        mutating func next() async throws -> ByteBuffer? {
            guard let buffer = try await base.next() else { return nil }
            remaining -= buffer.readableBytes
            if remaining < 0 { throw BodyTooLarge(limit: limit) }
            return buffer
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), remaining: limit.bytes, limit: limit)
    }
}
