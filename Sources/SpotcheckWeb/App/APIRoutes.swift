import Foundation
import HTTPTypes
import Hummingbird
import SpotcheckWorkflow
import OpenAPIHummingbird
import SpotcheckAPI
import SpotcheckStore

/// Mounts the generated OpenAPI handlers under `/api/v1` and lists them in the route table.
/// Access rules live in `APIAccess` (SpotcheckAPI), where the generated server enforces them;
/// the route table only repeats them so that `spotcheck routes` shows pages and API together.
enum APIRoutes {
    static func register(on router: Router<AppRequestContext>, workflow: Workflow, table: RouteTable) throws {
        for rule in APIAccess.rules {
            table.add(.init(method: rule.method, path: APIAccess.basePath + rule.path, access: rule.access))
        }
        // The group adds the prefix, so the generated server registers relative to "/".
        let group = router.group(RouterPath(APIAccess.basePath)).add(middleware: APIPrincipalMiddleware())
        try APIHandler(workflow: workflow).register(on: group, serverURL: URL(string: "/")!)
        // Added last, so it wraps only what no route answers: the router's 404.
        router.add(middleware: APIMethodMiddleware())
    }
}

/// A method an API path does not have (QUERY, TRACE, DELETE on a list…) is 405 naming the methods
/// it has (RFC 9110), not the router's 404, which would tell a client the path itself is wrong;
/// OPTIONS answers 204 with the same `Allow`. Paths no operation has stay 404.
struct APIMethodMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix(APIAccess.basePath + "/"),
              let methods = APIAccess.methods(forPath: String(path.dropFirst(APIAccess.basePath.count))),
              !methods.contains(request.method.rawValue) else {
            return try await next(request, context)
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

/// Hands the caller that `SessionMiddleware` resolved from the bearer token to the generated
/// handlers, which see only their decoded input.
struct APIPrincipalMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await APIRequestPrincipal.withValues(principal: context.principal, requestID: context.id, path: request.uri.path) {
                try await next(request, context)
            }
        } catch {
            // What the operation failed with, not the generated server's wrapper (see `underlying`).
            throw APIAccessMiddleware.underlying(error)
        }
    }
}
