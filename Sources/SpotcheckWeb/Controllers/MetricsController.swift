import Hummingbird
import Prometheus
import SpotcheckCore
import SpotcheckWorkflow

/// The Prometheus metrics, for the office admin and the auditor only: they count logins,
/// failures and requests per route, which tell an outsider when the office works and how a
/// guessing attempt is going. A scraper authenticates with an API token of one of those users
/// (`Authorization: Bearer …`); a logged-in browser with its session.
enum MetricsController {
    static let path = "/metrics"
    static let access = RoleGate.oversight

    static func register(_ routes: SecuredRoutes, _ env: WebEnvironment) {
        routes.getForClients(path, access) { _, _ in
            var buffer = [UInt8]()
            env.configuration.metrics.emit(into: &buffer)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
        }
    }
}
