import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// Sends the outbox (issue 17) from inside the server process: claims due deliveries, checks
/// each address again (it may resolve elsewhere since it was saved), posts the payload with
/// async-http-client, and records the outcome with back-off. Once a working day, at the digest
/// time, it raises the deadline reminders and the digests. It stops with the server; what it
/// had claimed but not finished is sent again after the lease, with the same idempotency key.
struct DeliveryService: Service {
    let workflow: Workflow
    let queue: DeliveryQueue
    let settings: DeliverySettings
    let policy: WebhookPolicy
    let logger: Logger

    func run() async throws {
        var configuration = HTTPClient.Configuration()
        // A redirect could lead an allowed address to an internal one: never follow.
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(Int64(settings.requestTimeout)))
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            try await cancelWhenGracefulShutdown {
                var lastSweep: CivilDate?
                while !Task.isCancelled {
                    lastSweep = await sweepIfDue(after: lastSweep)
                    await sendDue(client)
                    try await Task.sleep(for: settings.pollInterval)
                }
            }
        } catch is CancellationError {
            // The server is stopping.
        }
        try await client.shutdown()
    }

    /// Reminders and digests once a day, after the digest time (the workflow skips rest days
    /// for digests; the messages' keys make a second raise a no-op after a restart).
    func sweepIfDue(after last: CivilDate?) async -> CivilDate? {
        let today = workflow.today
        guard last != today, let digestMinute = settings.digestMinuteOfDay else { return last }
        let seconds = Int(workflow.clock.now().timeIntervalSince1970) + 8 * 3600
        let minuteOfDay = (seconds % 86_400) / 60
        guard minuteOfDay >= digestMinute else { return last }
        do {
            let reminders = try await workflow.sendReminders()
            let digests = try await workflow.sendDigests()
            logger.info("daily sweep", metadata: ["reminders": "\(reminders)", "digests": "\(digests)"])
            return today
        } catch {
            logger.error("daily sweep failed", metadata: ["error": "\(String(reflecting: error))"])
            return last
        }
    }

    func sendDue(_ client: HTTPClient) async {
        let jobs: [DeliveryQueue.Job]
        do {
            jobs = try await queue.claim(limit: 20, lease: settings.requestTimeout + 10)
        } catch {
            logger.error("outbox read failed", metadata: ["error": "\(String(reflecting: error))"])
            return
        }
        for job in jobs { await send(job, client) }
    }

    func send(_ job: DeliveryQueue.Job, _ client: HTTPClient) async {
        let host: String
        let request: WebhookRequest
        do {
            let address = try await policy.check(job.target.url)
            host = address.host
            let message = WebhookMessage(
                idempotencyKey: job.idempotencyKey, kind: job.message.kind, title: job.message.title, body: job.message.body,
                link: job.message.link.isEmpty ? "" : settings.publicURL + job.message.link, recipient: job.message.recipient,
                createdAt: job.message.createdAt)
            request = WebhookPayload.request(for: message, kind: job.target.kind, url: address.url, secret: job.target.secret,
                                             now: workflow.clock.now())
        } catch {
            await record(job, error: "\(error)", status: nil)
            return
        }
        var outgoing = HTTPClientRequest(url: request.url.absoluteString)
        outgoing.method = .POST
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        do {
            let response = try await client.execute(outgoing, timeout: .seconds(Int64(settings.requestTimeout)))
            let body = try await response.body.collect(upTo: 64 * 1024)
            let status = Int(response.status.code)
            if let refusal = Self.refusal(status: status, kind: job.target.kind, body: Data(buffer: body)) {
                await record(job, error: refusal, status: status)
                return
            }
            try await queue.succeeded(job, httpStatus: status)
            // The host only: the address's query (a robot's key) and the secret stay out of the log.
            logger.info("delivered", metadata: ["delivery": "\(job.deliveryID)", "host": "\(host)", "status": "\(status)"])
        } catch {
            await record(job, error: Self.describe(error), status: nil)
        }
    }

    func record(_ job: DeliveryQueue.Job, error: String, status: Int?) async {
        logger.warning("delivery failed", metadata: ["delivery": "\(job.deliveryID)", "attempt": "\(job.attempts + 1)", "error": "\(error)"])
        do {
            try await queue.failed(job, error: error, httpStatus: status, backoff: settings.backoff)
        } catch {
            logger.error("delivery log write failed", metadata: ["error": "\(String(reflecting: error))"])
        }
    }

    /// A non-2xx answer, or a robot's JSON `errcode` other than 0 (企业微信 and 钉钉 answer 200
    /// with an error code when the key or the signature is wrong).
    static func refusal(status: Int, kind: WebhookKind, body: Data) -> String? {
        guard (200..<300).contains(status) else { return "接收方返回 HTTP \(status)" }
        guard kind != .generic, let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
              let code = object["errcode"] as? Int, code != 0 else { return nil }
        return "接收方返回错误 \(code)：\(object["errmsg"] as? String ?? "")"
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .readTimeout, .deadlineExceeded: return "接收方超时未应答"
            case .connectTimeout: return "连接超时"
            case .remoteConnectionClosed: return "接收方关闭了连接"
            default: return "发送失败：\(error)"
            }
        }
        return "发送失败：\(error)"
    }
}
