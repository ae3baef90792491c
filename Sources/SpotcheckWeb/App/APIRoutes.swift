import Foundation
import HTTPTypes
import Hummingbird
import OpenAPIHummingbird
import SpotcheckAPI
import SpotcheckStore

/// Mounts the generated OpenAPI handlers under `/api/v1` and lists them in the route table.
/// Access rules live in `APIAccess` (SpotcheckAPI), where the generated server enforces them;
/// the route table only repeats them so that `spotcheck routes` shows pages and API together.
enum APIRoutes {
    static func register(on router: Router<AppRequestContext>, store: StoreDatabase, table: RouteTable) throws {
        for rule in APIAccess.rules {
            table.add(.init(method: rule.method, path: APIAccess.basePath + rule.path, access: RouteAccess(rule.access)))
        }
        // The group adds the prefix, so the generated server registers relative to "/".
        let group = router.group(RouterPath(APIAccess.basePath)).add(middleware: APIPrincipalMiddleware())
        try APIHandler(store: store).register(on: group, serverURL: URL(string: "/")!)
        // A method a path does not have is 405 naming the ones it has (RFC 9110), not the
        // router's 404, which would tell a client the path itself is wrong. OPTIONS answers the same list.
        for (path, methods) in APIAccess.methodsByPath {
            let allow = methods.joined(separator: ", ")
            for method in otherMethods where !methods.contains(method.rawValue) {
                group.on(RouterPath(path), method: method) { request, _ in
                    methodNotAllowed(request, path: APIAccess.basePath + path, allow: allow)
                }
            }
        }
    }

    /// The methods a client might try that no API path declares in full.
    static let otherMethods: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete, .options, .trace]

    static func methodNotAllowed(_ request: Request, path: String, allow: String) -> Response {
        if request.method == .options {
            return Response(status: .noContent, headers: [.allow: allow])
        }
        let problem = APIError(status: 405, detail: "接口 \(path) 不支持 \(request.method.rawValue) 方法，可用的方法：\(allow)")
        var headers: HTTPFields = [.allow: allow, .contentType: "application/problem+json"]
        // HEAD answers carry no body, only its headers.
        if request.method == .head { headers[.contentLength] = "0" }
        return Response(status: .methodNotAllowed, headers: headers,
                        body: request.method == .head ? .init() : .init(byteBuffer: ByteBuffer(bytes: problem.problemJSON)))
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

extension RouteAccess {
    init(_ access: APIAccess) {
        switch access {
        case .publicAccess: self = .publicAccess
        case .anyUser: self = .anyUser
        case let .roles(roles): self = .roles(roles)
        }
    }
}
