import Hummingbird
import SpotcheckStore

/// Mounts the generated OpenAPI handlers under `/api/v1`.
enum APIRoutes {
    static func register(on router: Router<AppRequestContext>, store: StoreDatabase, table: RouteTable) throws {
        // Filled in with the generated server (see Sources/SpotcheckAPI/openapi.yaml).
    }
}
