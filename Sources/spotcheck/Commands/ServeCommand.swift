import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import SpotcheckStore
import SpotcheckWeb
import SpotcheckWorkflow
import SpotcheckCore

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Start the web server and JSON API (applies migrations first).")

    @OptionGroup var db: DatabaseOptions
    @Option(help: "Address to listen on.") var hostname = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Flag(help: "Seed the Qinghe County 2024 demo (uses ./spotcheck-demo.sqlite unless a database is given).") var demo = false
    @Flag(help: "Mark cookies Secure (set when served over HTTPS).") var secureCookies = false
    @Option(help: "Seconds after which a connection that sends nothing, or never finishes a request head, is closed (1–3600).")
    var idleTimeout = 30
    @Flag(help: "Behind a reverse proxy that sets X-Forwarded-For: count login attempts against the address it names (the last entry), not the proxy's.")
    var trustForwardedFor = false
    @Option(name: .customLong("webhook-allow-host"),
            help: "A webhook host allowed although it is not HTTPS or resolves to a loopback/private/link-local address (repeatable; also SPOTCHECK_WEBHOOK_ALLOW_HOSTS).")
    var webhookAllowHosts: [String] = []
    @Flag(help: "Do not send the outbox to webhooks, nor raise the daily reminders and digest (messages still appear in 消息中心).")
    var noDeliveries = false
    @Option(help: "When the daily digest and deadline reminders go out on working days, China Standard Time (HH:MM, or off).")
    var digestTime = "08:30"
    @Option(help: "Seconds before the first retry of a failed delivery; each next wait doubles (1–3600).")
    var deliveryBackoff = 30
    @Option(help: "Seconds one delivery attempt may take (1–120).")
    var webhookTimeout = 10
    @Option(help: "Address prefix for links in outside messages (default http://HOSTNAME:PORT).")
    var publicURL: String?

    func validate() throws {
        guard (1...3600).contains(idleTimeout) else { throw ValidationError("--idle-timeout 须为 1 至 3600 秒") }
        guard (1...65535).contains(port) else { throw ValidationError("--port 须为 1 至 65535") }
        guard digestTime == "off" || DeliverySettings.minuteOfDay(digestTime) != nil else {
            throw ValidationError("--digest-time 须为 HH:MM（例如 08:30）或 off")
        }
        guard (1...3600).contains(deliveryBackoff) else { throw ValidationError("--delivery-backoff 须为 1 至 3600 秒") }
        guard (1...120).contains(webhookTimeout) else { throw ValidationError("--webhook-timeout 须为 1 至 120 秒") }
    }

    func run() async throws {
        CLILogging.bootstrap(defaultLevel: .info)
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let store = try await db.openMigrated(defaultSQLite: demo ? "./spotcheck-demo.sqlite" : nil)
        let app: any ApplicationProtocol
        do {
            if demo {
                let seeded = try await DemoSeed.seed(on: store.db, passwords: store.passwords, results: true)
                announce(seeded ? "已写入清河县 2024 演示数据。" : "演示数据已存在，直接使用。")
                announce(DemoSeed.loginSummary)
            }
            var configuration = WebConfiguration(
                hostname: hostname, port: port, secureCookies: secureCookies, logger: CLILogging.logger, metrics: registry)
            configuration.idleTimeout = .seconds(Int64(idleTimeout))
            configuration.trustForwardedFor = trustForwardedFor
            configuration.webhooks = WebhookPolicy.fromEnvironment(adding: webhookAllowHosts)
            if !noDeliveries {
                var deliveries = DeliverySettings(publicURL: publicURL ?? "http://\(hostname):\(port)")
                deliveries.digestMinuteOfDay = DeliverySettings.minuteOfDay(digestTime)
                deliveries.backoff = DeliveryBackoff(base: TimeInterval(deliveryBackoff))
                deliveries.requestTimeout = TimeInterval(webhookTimeout)
                configuration.deliveries = deliveries
            }
            app = try await buildApplication(store: store, configuration: configuration)
        } catch {
            await store.shutdown()
            throw error
        }
        announce("spotcheck 已启动：http://\(hostname):\(port)  数据库：\(store.url)  （Ctrl-C 停止）")
        // The store outlives the server: it is closed only after the last request has finished.
        do {
            try await app.runService()
        } catch {
            await store.shutdown()
            throw error
        }
        await store.shutdown()
    }
}

/// Written straight to the file descriptor: `print` is block-buffered when piped, and the demo
/// logins must appear before the first request log, not when the server stops.
private func announce(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
