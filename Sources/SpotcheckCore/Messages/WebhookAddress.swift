import Foundation

/// A webhook address a department admin or a person typed, and the rule that keeps the server
/// from being turned into a probe of its own network (issue 17): HTTPS only, and no address that
/// is, or resolves to, a loopback, private, link-local, shared or metadata range — unless the
/// operator allowed that host in the server's configuration (`--webhook-allow-host`), which
/// lifts both rules for it (a county's SMS gateway on its own LAN, the tests' local receiver).
///
/// The check runs when the address is saved and again before every send, on the addresses the
/// host resolves to at that moment, so a name that later points inward is caught.
public struct WebhookAddress: Sendable, Equatable {
    public let url: URL
    public let host: String

    public static let maximumLength = 500

    public init(parsing text: String) throws(WebhookAddressRefused) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw WebhookAddressRefused("请填写接收地址") }
        guard trimmed.count <= Self.maximumLength else { throw WebhookAddressRefused("地址过长（最多 \(Self.maximumLength) 个字符）") }
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty, let url = components.url
        else { throw WebhookAddressRefused("「\(trimmed)」不是有效的网址") }
        guard scheme == "https" || scheme == "http" else { throw WebhookAddressRefused("只接受 https:// 开头的地址") }
        guard components.user == nil, components.password == nil else {
            throw WebhookAddressRefused("地址中不能包含用户名或密码")
        }
        if let port = components.port, !(1...65535).contains(port) { throw WebhookAddressRefused("端口号无效") }
        self.url = url
        self.host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
    }

    public var isHTTPS: Bool { url.scheme?.lowercased() == "https" }

    /// The address may be used when it is HTTPS and every address its host resolves to is public,
    /// or when the operator allowed its host.
    public func check(resolved addresses: [IPAddress], allowedHosts: Set<String>) throws(WebhookAddressRefused) {
        if allowedHosts.contains(host) { return }
        guard isHTTPS else { throw WebhookAddressRefused("只接受 https:// 开头的地址（\(host) 未被服务器管理员列为允许的主机）") }
        guard !addresses.isEmpty else { throw WebhookAddressRefused("无法解析主机 \(host)") }
        for address in addresses {
            let range = address.range
            if range != .publicInternet {
                throw WebhookAddressRefused(
                    "不能向内部网络发送：\(host) 指向 \(address.text)（\(range.label)）。如确需使用，请服务器管理员在配置中允许该主机")
            }
        }
    }
}

public struct WebhookAddressRefused: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// An IPv4 or IPv6 address as bytes, with the range it falls in.
public struct IPAddress: Sendable, Equatable {
    public let bytes: [UInt8]

    public init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// Dotted IPv4 or an IPv6 literal (as `inet_pton` reads it).
    public init?(_ text: String) {
        var v4 = in_addr(), v6 = in6_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            self.bytes = withUnsafeBytes(of: &v4) { Array($0) }
        } else if inet_pton(AF_INET6, text, &v6) == 1 {
            self.bytes = withUnsafeBytes(of: &v6) { Array($0) }
        } else {
            return nil
        }
    }

    public var text: String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        var raw = in6_addr()
        withUnsafeMutableBytes(of: &raw) { $0.copyBytes(from: bytes) }
        return inet_ntop(AF_INET6, &raw, &buffer, socklen_t(buffer.count)).map { String(cString: $0) } ?? "?"
    }

    public enum Range: Sendable, Equatable {
        case publicInternet, loopback, privateNetwork, linkLocal, metadata, shared, unspecified, multicast, reserved

        public var label: String {
            switch self {
            case .publicInternet: "公网地址"
            case .loopback: "本机回环地址"
            case .privateNetwork: "内网地址"
            case .linkLocal: "链路本地地址"
            case .metadata: "云服务器元数据地址"
            case .shared: "运营商共享地址"
            case .unspecified: "未指定地址"
            case .multicast: "组播地址"
            case .reserved: "保留地址"
            }
        }
    }

    public var range: Range {
        if bytes.count == 16 {
            // IPv4-mapped (::ffff:a.b.c.d) and the old compatible form are judged as the IPv4 inside.
            if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff {
                return IPAddress(bytes: Array(bytes[12...]))!.range
            }
            if bytes.allSatisfy({ $0 == 0 }) { return .unspecified }
            if bytes[0..<15].allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return .loopback }
            if bytes[0] == 0xfe && bytes[1] & 0xc0 == 0x80 { return .linkLocal }
            if bytes[0] & 0xfe == 0xfc { return bytes[0...15] == [0xfd, 0, 0x0e, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x54] ? .metadata : .privateNetwork }
            if bytes[0] == 0xff { return .multicast }
            if bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0d && bytes[3] == 0xb8 { return .reserved }
            if bytes[0] == 0x00 || bytes[0] == 0x01 && bytes[1..<8].allSatisfy({ $0 == 0 }) { return .reserved }
            return .publicInternet
        }
        let (a, b, c, d) = (bytes[0], bytes[1], bytes[2], bytes[3])
        // Cloud metadata services: 169.254.169.254 (most clouds) and 100.100.100.200 (Alibaba Cloud).
        if (a, b, c, d) == (169, 254, 169, 254) || (a, b, c, d) == (100, 100, 100, 200) { return .metadata }
        switch a {
        case 0: return .unspecified
        case 127: return .loopback
        case 10: return .privateNetwork
        case 172 where (16...31).contains(b): return .privateNetwork
        case 192 where b == 168: return .privateNetwork
        case 169 where b == 254: return .linkLocal
        case 100 where (64...127).contains(b): return .shared
        case 192 where b == 0 && (c == 0 || c == 2): return .reserved
        case 198 where b == 18 || b == 19: return .reserved
        case 198 where b == 51 && c == 100, 203 where b == 0 && c == 113: return .reserved
        case 224...239: return .multicast
        case 240...255: return .reserved
        default: return .publicInternet
        }
    }
}
