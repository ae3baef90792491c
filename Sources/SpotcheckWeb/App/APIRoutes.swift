import Foundation
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
    }
}

/// Hands the caller that `SessionMiddleware` resolved from the bearer token to the generated
/// handlers, which see only their decoded input.
struct APIPrincipalMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try await APIRequestPrincipal.withValues(principal: context.principal, requestID: context.id, path: request.uri.path) {
            try await next(request, context)
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
