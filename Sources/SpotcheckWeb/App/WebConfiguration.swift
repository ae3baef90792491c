import Foundation
import SpotcheckWorkflow
import Logging
import NIOCore
import Prometheus
import SpotcheckCore
import SpotcheckStore

/// Everything `buildApplication` needs, so tests can build the same application the CLI serves.
public struct WebConfiguration: Sendable {
    public var hostname: String
    public var port: Int
    public var secureCookies: Bool
    public var logger: Logger
    public var metrics: PrometheusCollectorRegistry
    /// A connection that sends nothing (or never finishes a request head) for this long is closed.
    public var idleTimeout: TimeAmount = .seconds(30)
    /// Behind a reverse proxy that sets `X-Forwarded-For`: count login attempts against the
    /// address it names rather than the proxy's own (off: the header is anyone's to write).
    public var trustForwardedFor = false
    /// Where "now" comes from: the system clock when serving, a fixed instant in tests.
    public var clock = WorkClock.system
    /// Webhook hosts the operator allowed despite the internal-network rule (issue 17).
    public var webhooks = WebhookPolicy.fromEnvironment()
    /// The outbox's sender and the daily sweep; nil (tests, `--no-deliveries`) runs neither.
    public var deliveries: DeliverySettings?

    public init(hostname: String = "127.0.0.1", port: Int = 8080, secureCookies: Bool = false,
                logger: Logger = Logger(label: "spotcheck"), metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.hostname = hostname
        self.port = port
        self.secureCookies = secureCookies
        self.logger = logger
        self.metrics = metrics
    }
}
