import HTTPTypes
import OpenAPIRuntime

/// The generated server's middleware: enforces `APIAccess` before a request is decoded and turns
/// the runtime's own request errors (malformed JSON, a missing body, a wrong content type) into
/// problem responses. Errors of status 500 and above propagate (unwrapped) to the web layer, which
/// logs them and answers with a problem that reveals no internals.
public struct APIAccessMiddleware: ServerMiddleware {
    public init() {}

    public func intercept(
        _ request: HTTPRequest,
        body: HTTPBody?,
        metadata: ServerRequestMetadata,
        operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        guard let access = APIAccess.rule(for: operationID) else {
            return APIError.forbidden("接口 \(operationID) 未声明访问规则，已拒绝").httpResponse
        }
        if let refusal = access.refusal(for: APIRequestPrincipal.current) {
            return refusal.httpResponse
        }
        do {
            return try await next(Self.acceptingProblems(request), body, metadata)
        } catch let error as ServerError {
            guard error.httpStatus.code < 500 else {
                // The web layer logs what it is given; a ServerError's description carries the
                // request headers, bearer token included, so only the cause goes on.
                throw error.underlyingError
            }
            return APIError(status: error.httpStatus.code, detail: Self.detail(for: error)).httpResponse
        }
    }

    /// The generated code checks `Accept` against the one content type of the chosen response, so
    /// a client asking for `application/json` would get 406 instead of a 404 problem. Problem
    /// details are the error format of every operation (RFC 9457), so they are always acceptable.
    static func acceptingProblems(_ request: HTTPRequest) -> HTTPRequest {
        guard let accept = request.headerFields[.accept], !accept.contains("application/problem+json") else { return request }
        var request = request
        request.headerFields[.accept] = accept + ", application/problem+json"
        return request
    }

    /// A Chinese sentence for the caller, with the runtime's English reason for the specifics.
    static func detail(for error: ServerError) -> String {
        let reason = String(error.causeDescription.prefix(300))
        switch error.httpStatus.code {
        case 400: return "请求内容不符合接口定义（见 openapi.yaml）：\(reason)"
        case 406: return "Accept 请求头不接受本接口的响应类型 application/json"
        case 415: return "请求体须为 JSON，请设置 Content-Type: application/json"
        default: return "请求无法处理：\(reason)"
        }
    }
}
