import Crypto
import Foundation

/// One message as the outside channel receives it (issue 17; `docs/webhooks.md` documents the
/// generic form). Pure: the caller supplies the time, so the signature is testable.
public struct WebhookMessage: Sendable, Equatable {
    /// The same for every attempt of one delivery: a receiver that sees it twice drops the copy.
    public var idempotencyKey: String
    public var kind: MessageKind
    public var title: String
    public var body: String
    /// Absolute address of the page where the action is, or empty.
    public var link: String
    /// Recipient's name (or department's) as a clerk writes it.
    public var recipient: String
    public var createdAt: Date

    public init(idempotencyKey: String, kind: MessageKind, title: String, body: String, link: String, recipient: String, createdAt: Date) {
        self.idempotencyKey = idempotencyKey
        self.kind = kind
        self.title = title
        self.body = body
        self.link = link
        self.recipient = recipient
        self.createdAt = createdAt
    }
}

public struct WebhookRequest: Sendable, Equatable {
    public var url: URL
    public var headers: [(String, String)]
    public var body: Data

    public static func == (a: Self, b: Self) -> Bool {
        a.url == b.url && a.body == b.body && a.headers.map { "\($0.0):\($0.1)" } == b.headers.map { "\($0.0):\($0.1)" }
    }
}

public enum WebhookPayload {
    public static let signatureHeader = "X-Spotcheck-Signature"
    public static let timestampHeader = "X-Spotcheck-Timestamp"
    public static let deliveryHeader = "X-Spotcheck-Delivery"

    public static func request(for message: WebhookMessage, kind: WebhookKind, url: URL, secret: String?, now: Date) -> WebhookRequest {
        let headers: [(String, String)] = [("Content-Type", "application/json; charset=utf-8"), (deliveryHeader, message.idempotencyKey)]
        switch kind {
        case .wecom:
            let body = json(["msgtype": "markdown", "markdown": ["content": markdown(message)]])
            return WebhookRequest(url: url, headers: headers, body: body)
        case .dingtalk:
            let body = json(["msgtype": "markdown", "markdown": ["title": message.title, "text": markdown(message)]])
            return WebhookRequest(url: dingTalkSigned(url, secret: secret, now: now), headers: headers, body: body)
        case .generic:
            let body = genericBody(message)
            let timestamp = String(Int(now.timeIntervalSince1970))
            var signed = headers
            signed.append((timestampHeader, timestamp))
            signed.append((signatureHeader, "sha256=" + signature(secret: secret ?? "", timestamp: timestamp, body: body)))
            return WebhookRequest(url: url, headers: signed, body: body)
        }
    }

    /// The generic webhook's JSON, keys sorted so the signed bytes are predictable.
    public static func genericBody(_ message: WebhookMessage) -> Data {
        json([
            "id": message.idempotencyKey,
            "kind": message.kind.rawValue,
            "kind_label": message.kind.label,
            "title": message.title,
            "body": message.body,
            "link": message.link,
            "recipient": message.recipient,
            "created_at": ISO8601DateFormatter().string(from: message.createdAt),
        ])
    }

    /// `hex(HMAC-SHA256(secret, timestamp + "." + body))`: the timestamp is signed with the body so
    /// a captured request cannot be replayed later with a fresh timestamp.
    public static func signature(secret: String, timestamp: String, body: Data) -> String {
        var signed = Data(timestamp.utf8)
        signed.append(UInt8(ascii: "."))
        signed.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: Data(secret.utf8)))
        return Hex.encode(Data(mac))
    }

    /// 钉钉's 加签: `timestamp` in milliseconds and `sign = urlencode(base64(HMAC-SHA256(secret,
    /// timestamp + "\n" + secret)))` appended to the address.
    public static func dingTalkSigned(_ url: URL, secret: String?, now: Date) -> URL {
        guard let secret, !secret.isEmpty, var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return url }
        let timestamp = String(Int64(now.timeIntervalSince1970 * 1000))
        let mac = HMAC<SHA256>.authenticationCode(for: Data((timestamp + "\n" + secret).utf8), using: SymmetricKey(data: Data(secret.utf8)))
        let sign = Data(mac).base64EncodedString()
        // Base64's `+`, `/` and `=` are escaped: 钉钉 reads the value URL-encoded.
        let encodedSign = sign.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? sign
        let kept = (components.percentEncodedQuery ?? "").split(separator: "&")
            .filter { !$0.hasPrefix("timestamp=") && !$0.hasPrefix("sign=") }.map(String.init)
        components.percentEncodedQuery = (kept + ["timestamp=\(timestamp)", "sign=\(encodedSign)"]).joined(separator: "&")
        return components.url ?? url
    }

    static func markdown(_ message: WebhookMessage) -> String {
        var lines = ["**\(message.title)**", "", message.body]
        if !message.link.isEmpty { lines += ["", "[去处理](\(message.link))"] }
        lines += ["", "> \(message.recipient) · 消息编号 \(message.idempotencyKey)"]
        return lines.joined(separator: "\n")
    }

    static func json(_ object: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
    }
}

/// How long to wait before the next attempt: 1, 2, 4, 8 … times the base, at most an hour;
/// after `maximumAttempts` the delivery is 发送失败 and waits for the office's 重试.
public struct DeliveryBackoff: Sendable, Equatable {
    public var base: TimeInterval
    public var maximumAttempts: Int

    public init(base: TimeInterval = 30, maximumAttempts: Int = 6) {
        self.base = base
        self.maximumAttempts = maximumAttempts
    }

    public func delay(afterAttempt attempts: Int) -> TimeInterval {
        let exponent = min(max(attempts - 1, 0), 16)
        return min(base * Double(1 << exponent), 3600)
    }
}
