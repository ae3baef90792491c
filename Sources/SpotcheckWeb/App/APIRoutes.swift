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
    /// Registers the operations on `api`, the group mounted at `/api/v1` with the API's own
    /// middleware (`Application+build.swift`).
    static func register(on api: RouterGroup<AppRequestContext>, workflow: Workflow, table: RouteTable) throws {
        for rule in APIAccess.rules {
            table.add(.init(method: rule.method, path: APIAccess.basePath + rule.path, access: rule.access))
        }
        // The group adds the prefix, so the generated server registers relative to "/".
        try APIHandler(workflow: workflow).register(on: api.add(middleware: APIPrincipalMiddleware()), serverURL: URL(string: "/")!)
    }
}

struct APIPrincipalMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            let peer = context.remoteAddress.map { $0.ipAddress ?? $0.description } ?? "unknown"
            return try await APIRequestPrincipal.withValues(principal: context.principal, requestID: context.id, path: request.uri.path,
                                                            clientAddress: peer) {
                try await next(request, context)
            }
        } catch {
            // What the operation failed with, not the generated server's wrapper (see `underlying`).
            throw APIAccessMiddleware.underlying(error)
        }
    }
}
