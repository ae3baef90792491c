import Foundation
import HTTPTypes
import OpenAPIRuntime
import SpotcheckWorkflow

/// The generated server's middleware: enforces `APIAccess` before a request is decoded, applies
/// `APIInputCheck` (body size, text and number bounds) and turns the runtime's own request errors
/// (malformed JSON, a missing body, a wrong content type) into problem responses in Chinese. Errors of status 500 and above propagate (unwrapped) to the web layer, which
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
            return APIError(refusal).httpResponse
        }
        let checkedBody: HTTPBody?
        do {
            try APIInputCheck.checkParameters(request, metadata)
            checkedBody = try await Self.checkedBody(body, request, limit: APIInputCheck.maxBodyBytes(operationID: operationID))
        } catch {
            return error.httpResponse
        }
        do {
            return try await next(Self.acceptingProblems(request), checkedBody, metadata)
        } catch let error as ServerError {
            guard error.httpStatus.code < 500 else {
                // The web layer logs what it is given; a ServerError's description carries the
                // request headers, bearer token included, so only the cause goes on.
                throw error.underlyingError
            }
            return APIInputCheck.problem(for: error).httpResponse
        }
    }

    /// The error a failed operation stands for. The generated server wraps whatever escapes a
    /// handler or a middleware in `ServerError`, whose description carries the request headers
    /// (the bearer token) and which the web layer could not classify (a busy database would read
    /// as a bare 500); the web layer rethrows this instead.
    public static func underlying(_ error: any Error) -> any Error {
        var error = error
        while let wrapped = error as? ServerError { error = wrapped.underlyingError }
        return error
    }

    /// The body, collected within `APIInputCheck.maxBodyBytes` and checked when it is JSON, then
    /// handed on as bytes (the generated code reads it once more, from memory).
    static func checkedBody(_ body: HTTPBody?, _ request: HTTPRequest, limit: Int = APIInputCheck.maxBodyBytes) async throws(APIError) -> HTTPBody? {
        guard let body else { return nil }
        let data: Data
        do {
            data = try await Data(collecting: body, upTo: limit)
        } catch {
            // Over the limit (declared or counted), or the client went away mid-body: either way
            // nothing was decoded, and a vanished client never reads the answer.
            throw APIError(status: 413, detail: "请求体超过 \(limit / 1024 / 1024) MB 的上限")
        }
        if request.headerFields[.contentType]?.lowercased().contains("json") ?? false {
            try APIInputCheck.checkJSON(data)
        }
        return HTTPBody(data)
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
}
