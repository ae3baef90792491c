import Foundation
import Hummingbird
import HTTPTypes
import SpotcheckAPI

/// What no route answers. Every route's errors are handled by its own group's middleware (pages,
/// API); the router's own 404 reaches this, the one place where the path decides the form of
/// the answer, because by definition no group matched:
/// - under `/api/`: a method an API path does not have (QUERY, TRACE, DELETE on a list…) is 405
///   naming the methods it has (RFC 9110), OPTIONS answers 204 with the same `Allow`, and any
///   other path is a 404 problem+json;
/// - anywhere else: the friendly 404 page.
struct NoRouteMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let views: ViewRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let path = request.uri.path
            guard path == "/api" || path.hasPrefix("/api/") else {
                return views.page("error", title: ErrorMiddleware.title(.notFound), context: context, data: [
                    "status": 404, "heading": ErrorMiddleware.title(.notFound),
                    "message": error.body ?? ErrorMiddleware.defaultMessage(.notFound), "requestID": context.id,
                ], status: .notFound)
            }
            guard path.hasPrefix(APIAccess.basePath + "/"),
                  let methods = APIAccess.methods(forPath: String(path.dropFirst(APIAccess.basePath.count))),
                  !methods.contains(request.method.rawValue) else {
                return APIErrorMiddleware.problem(for: HTTPError(.notFound, message: "接口 \(path) 不存在"), request: request, context: context)
            }
            let allow = methods.joined(separator: ", ")
            if request.method == .options {
                return Response(status: .noContent, headers: [.allow: allow])
            }
            let problem = await APIRequestPrincipal.withValues(principal: context.principal, requestID: context.id, path: path) {
                APIError(status: 405, detail: "接口 \(path) 不支持 \(request.method.rawValue) 方法，可用的方法：\(allow)").problemJSON
            }
            // A HEAD answer carries the headers of the body it does not send.
            return Response(status: .methodNotAllowed, headers: [.allow: allow, .contentType: "application/problem+json"],
                            body: request.method == .head ? .init() : .init(byteBuffer: ByteBuffer(bytes: problem)))
        }
    }
}
