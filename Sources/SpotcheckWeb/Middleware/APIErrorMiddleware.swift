import Foundation
import Hummingbird
import HTTPTypes
import SpotcheckWorkflow

/// The API group's errors as RFC 9457 problem+json, classified as the pages' are
/// (`ErrorMiddleware.classify`, `ErrorMeaning`), so a refusal means the same status on both.
struct APIErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return Self.problem(for: error, request: request, context: context)
        }
    }

    static func problem(for error: any Error, request: Request, context: Context) -> Response {
        let (status, message) = ErrorMiddleware.classify(error)
        if status == .internalServerError {
            context.logger.error("unhandled error: \(LogRedaction.redact(String(reflecting: error)))")
        }
        // The API answers refused content with 422 where pages answer 400 (openapi.yaml).
        let apiStatus: HTTPResponse.Status = ErrorMeaning.of(error)?.isRefusedInput == true ? .unprocessableContent : status
        var response = Problem(status: apiStatus, detail: message, instance: request.uri.path, requestID: context.id).response
        // RFC 6750: a 401 names the scheme the client should authenticate with.
        if apiStatus == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer" }
        return ErrorMiddleware.retrying(response)
    }
}
