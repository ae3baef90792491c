import Crypto
import Foundation
import SpotcheckCore
import Testing

/// Issue 17: the address rule and the payloads, without a network.
@Suite("Webhook addresses and payloads")
struct WebhookTests {
    @Test("addresses in loopback, private, link-local, shared and metadata ranges are not public", arguments: [
        ("127.0.0.1", IPAddress.Range.loopback), ("127.8.9.10", .loopback), ("10.0.0.1", .privateNetwork), ("172.16.5.4", .privateNetwork),
        ("172.31.255.255", .privateNetwork), ("192.168.1.1", .privateNetwork), ("169.254.169.254", .metadata), ("100.100.100.200", .metadata),
        ("169.254.1.1", .linkLocal), ("100.64.0.1", .shared), ("0.0.0.0", .unspecified), ("::1", .loopback), ("::", .unspecified),
        ("fe80::1", .linkLocal), ("fd00::1", .privateNetwork), ("::ffff:127.0.0.1", .loopback), ("::ffff:169.254.169.254", .metadata),
        ("224.0.0.1", .multicast), ("8.8.8.8", .publicInternet), ("172.32.0.1", .publicInternet), ("2400:3200::1", .publicInternet),
    ])
    func ranges(text: String, range: IPAddress.Range) throws {
        #expect(try #require(IPAddress(text)).range == range)
    }

    @Test("an address is refused unless HTTPS and public, or its host is allowed by the operator")
    func addressRule() throws {
        let hook = try WebhookAddress(parsing: "https://hooks.example.cn/send?key=1")
        try hook.check(resolved: [IPAddress("203.119.1.1")!], allowedHosts: [])
        #expect(throws: WebhookAddressRefused.self) { try hook.check(resolved: [IPAddress("203.119.1.1")!, IPAddress("10.0.0.2")!], allowedHosts: []) }
        #expect(throws: WebhookAddressRefused.self) { try hook.check(resolved: [], allowedHosts: []) }
        let plain = try WebhookAddress(parsing: "http://127.0.0.1:8000/x")
        #expect(throws: WebhookAddressRefused("只接受 https:// 开头的地址（127.0.0.1 未被服务器管理员列为允许的主机）")) {
            try plain.check(resolved: [IPAddress("127.0.0.1")!], allowedHosts: [])
        }
        try plain.check(resolved: [IPAddress("127.0.0.1")!], allowedHosts: ["127.0.0.1"])
        for bad in ["", "ftp://x.cn/", "https://user:pw@x.cn/", "not a url", "https://" + String(repeating: "a", count: 600) + ".cn"] {
            #expect(throws: WebhookAddressRefused.self) { try WebhookAddress(parsing: bad) }
        }
    }

    static let message = WebhookMessage(idempotencyKey: "spotcheck-msg7-ch2", kind: .dispatched, title: "待确认：《检查》", body: "请于2024年6月11日前确认。",
                                        link: "https://sc.example.cn/tasks/1", recipient: "张三", createdAt: Date(timeIntervalSince1970: 1_717_200_000))

    @Test("the generic payload is signed HMAC-SHA256 over timestamp.body and carries its idempotency key")
    func genericSignature() throws {
        let now = Date(timeIntervalSince1970: 1_717_200_123)
        let request = WebhookPayload.request(for: Self.message, kind: .generic, url: URL(string: "https://gw.example.cn/in")!, secret: "k3y", now: now)
        let headers = Dictionary(request.headers, uniquingKeysWith: { a, _ in a })
        #expect(headers[WebhookPayload.timestampHeader] == "1717200123")
        var signed = Data("1717200123.".utf8)
        signed.append(request.body)
        let expected = Data(HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: Data("k3y".utf8)))).map { String(format: "%02x", $0) }.joined()
        #expect(headers[WebhookPayload.signatureHeader] == "sha256=" + expected)
        let object = try #require(try JSONSerialization.jsonObject(with: request.body) as? [String: String])
        #expect(object["id"] == "spotcheck-msg7-ch2" && object["kind"] == "dispatched" && object["title"] == "待确认：《检查》")
        #expect(headers[WebhookPayload.deliveryHeader] == "spotcheck-msg7-ch2")
    }

    @Test("企业微信 gets markdown; 钉钉's signed mode appends timestamp and the URL-encoded base64 sign")
    func robots() throws {
        let wecom = WebhookPayload.request(for: Self.message, kind: .wecom, url: URL(string: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K")!,
                                           secret: nil, now: Date())
        let object = try #require(try JSONSerialization.jsonObject(with: wecom.body) as? [String: Any])
        #expect(object["msgtype"] as? String == "markdown")
        let content = try #require((object["markdown"] as? [String: String])?["content"])
        #expect(content.contains("请于2024年6月11日前确认") && content.contains("spotcheck-msg7-ch2") && content.contains("(https://sc.example.cn/tasks/1)"))

        let now = Date(timeIntervalSince1970: 1_717_200_000.5)
        let ding = WebhookPayload.request(for: Self.message, kind: .dingtalk, url: URL(string: "https://oapi.dingtalk.com/robot/send?access_token=T")!,
                                          secret: "SECxyz", now: now)
        let items = try #require(URLComponents(url: ding.url, resolvingAgainstBaseURL: false)?.queryItems)
        #expect(items.first { $0.name == "access_token" }?.value == "T")
        #expect(items.first { $0.name == "timestamp" }?.value == "1717200000500")
        let mac = HMAC<SHA256>.authenticationCode(for: Data("1717200000500\nSECxyz".utf8), using: SymmetricKey(data: Data("SECxyz".utf8)))
        #expect(items.first { $0.name == "sign" }?.value == Data(mac).base64EncodedString())
        #expect(!(ding.url.query ?? "").contains("+") && !(ding.url.query ?? "").contains("/"))
    }

    @Test("back-off doubles from its base and stops at an hour")
    func backoff() {
        let backoff = DeliveryBackoff(base: 30, maximumAttempts: 6)
        #expect([1, 2, 3, 4].map(backoff.delay(afterAttempt:)) == [30, 60, 120, 240])
        #expect(backoff.delay(afterAttempt: 40) == 3600)
    }
}
