import Foundation
import Hummingbird
import NIOCore
import HTTPTypes
import SpotcheckAPI
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// Turns every error of a page into something a person can act on: a friendly Chinese page, or
/// a login redirect when the page needs a login. Internals (stack traces, SQL) go only to the
/// log, tagged with the request id. The API's group has its own (`APIErrorMiddleware`); both
/// read the same classification.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let views: ViewRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let (status, message) = Self.classify(error)
            if status == .internalServerError {
                context.logger.error("unhandled error: \(LogRedaction.redact(String(reflecting: error)))")
            }
            if status == .unauthorized {
                let next = request.method == .get ? request.uri.description : "/dashboard"
                return ViewRenderer.redirect("/login?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "%2F"))
            }
            return Self.retrying(views.page("error", title: Self.title(status), context: context, data: [
                "status": status.code, "heading": Self.title(status), "message": message, "requestID": context.id,
            ], status: status))
        }
    }

    /// Seconds a client is asked to wait before retrying a 503 (`Retry-After`).
    static let retryAfterSeconds = ErrorMeaning.retryAfterSeconds

    /// A 503 says when to come back: the server is busy, not broken.
    static func retrying(_ response: Response) -> Response {
        guard response.status == .serviceUnavailable else { return response }
        var response = response
        response.headers[.retryAfter] = String(retryAfterSeconds)
        return response
    }

    /// The HTTP layer's own errors here; the domain's by `ErrorMeaning`, the mapping the API shares.
    static func classify(_ error: any Error) -> (HTTPResponse.Status, String) {
        switch error {
        case let error as HTTPError:
            let message = error.body ?? defaultMessage(error.status)
            return (error.status, message)
        case let error as BodyTooLarge:
            return (.contentTooLarge, error.description)
        case is NIOTooManyBytesError:
            // Only a reader with a smaller cap than the request's own gets here.
            return (.contentTooLarge, defaultMessage(.contentTooLarge))
        case let error as StoreError:
            guard let meaning = ErrorMeaning.of(error) else { return (.internalServerError, "数据库暂时不可用，请稍后再试") }
            return (.init(code: meaning.status), meaning.message)
        default:
            guard let meaning = ErrorMeaning.of(error) else { return (.internalServerError, defaultMessage(.internalServerError)) }
            return (.init(code: meaning.status), meaning.message)
        }
    }

    static func defaultMessage(_ status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "请求内容有误，请检查后重试"
        case 401: "请先登录"
        case 403: "您没有权限执行此操作"
        case 404: "您访问的页面不存在，可能已被删除或地址有误"
        case 409: "数据已存在或与现有数据冲突"
        case 422: "提交的内容未通过校验，请按提示修改"
        case 413: "提交的内容过大，请减小文件或内容后重试"
        case 429: "操作过于频繁，请稍后再试"
        case 503: "系统繁忙，请 \(retryAfterSeconds) 秒后再试"
        default: "系统出现内部错误，我们已记录此问题，请稍后再试"
        }
    }

    static func title(_ status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "请求有误"
        case 403: "无权访问"
        case 404: "页面不存在"
        case 409: "数据冲突"
        case 413: "内容过大"
        case 422: "内容有误"
        case 429: "请求过于频繁"
        case 503: "系统繁忙"
        case 500...: "系统错误"
        default: "出错了"
        }
    }
}

/// RFC 9457 problem details.
struct Problem: Encodable {
    /// The kind of failure by its status (`ProblemType`, listed in openapi.yaml).
    var type: String
    var title: String
    var status: Int
    var detail: String
    var instance: String
    var requestId: String

    init(status: HTTPResponse.Status, detail: String, instance: String, requestID: String) {
        self.type = ProblemType(status: status.code).uri
        self.title = ReasonPhrase.forCode(status.code)
        self.status = status.code
        self.detail = detail
        self.instance = instance
        self.requestId = requestID
    }

    var response: Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data()
        return Response(status: .init(code: status), headers: [.contentType: "application/problem+json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
