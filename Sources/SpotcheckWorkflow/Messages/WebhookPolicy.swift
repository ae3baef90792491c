import Foundation
import SpotcheckCore

/// The operator's rules for webhook addresses (issue 17): the hosts allowed despite the HTTPS
/// and internal-range rules (`--webhook-allow-host`, `SPOTCHECK_WEBHOOK_ALLOW_HOSTS`), and how a
/// host name is resolved. The same check runs when an address is saved and before every send.
public struct WebhookPolicy: Sendable {
    public var allowedHosts: Set<String>
    public var resolve: @Sendable (String) -> [IPAddress]

    public init(allowedHosts: Set<String> = [], resolve: @escaping @Sendable (String) -> [IPAddress] = WebhookPolicy.systemResolve) {
        self.allowedHosts = Set(allowedHosts.map { $0.lowercased() })
        self.resolve = resolve
    }

    /// From `SPOTCHECK_WEBHOOK_ALLOW_HOSTS` (comma-separated) plus any given on the command line.
    public static func fromEnvironment(adding hosts: [String] = []) -> WebhookPolicy {
        let listed = (ProcessInfo.processInfo.environment["SPOTCHECK_WEBHOOK_ALLOW_HOSTS"] ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return WebhookPolicy(allowedHosts: Set(listed + hosts))
    }

    /// Parses and checks an address; a refusal (`WebhookAddressRefused`) says why in words an
    /// admin can act on. A name is resolved on a Dispatch thread: `getaddrinfo` blocks, and the
    /// cooperative pool's few threads must not wait on DNS.
    public func check(_ text: String) async throws -> WebhookAddress {
        let address = try WebhookAddress(parsing: text)
        let resolved: [IPAddress]
        if let literal = IPAddress(address.host) {
            resolved = [literal]
        } else if allowedHosts.contains(address.host) || !address.isHTTPS {
            resolved = [] // allowed as it is, or refused for its scheme: no need to ask DNS
        } else {
            resolved = await Self.resolveWithin(seconds: 3, host: address.host, resolve)
        }
        try address.check(resolved: resolved, allowedHosts: allowedHosts)
        return address
    }

    /// `resolve(host)` on a Dispatch thread, or nothing when it takes longer than `seconds` (a
    /// slow or unreachable DNS must not hold a request; no answer means the address is refused).
    static func resolveWithin(seconds: Double, host: String, _ resolve: @escaping @Sendable (String) -> [IPAddress]) async -> [IPAddress] {
        let once = ResumeOnce()
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let found = resolve(host)
                if once.claim() { continuation.resume(returning: found) }
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
                if once.claim() { continuation.resume(returning: []) }
            }
        }
    }

    /// Every address `getaddrinfo` gives for `host` (IPv4 and IPv6), or none.
    public static let systemResolve: @Sendable (String) -> [IPAddress] = { host in
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list else { return [] }
        defer { freeaddrinfo(first) }
        var found: [IPAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            if let sockaddr = entry.pointee.ai_addr {
                switch Int32(entry.pointee.ai_family) {
                case AF_INET:
                    sockaddr.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                        var address = pointer.pointee.sin_addr
                        if let ip = IPAddress(bytes: withUnsafeBytes(of: &address) { Array($0) }) { found.append(ip) }
                    }
                case AF_INET6:
                    sockaddr.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                        var address = pointer.pointee.sin6_addr
                        if let ip = IPAddress(bytes: withUnsafeBytes(of: &address) { Array($0) }) { found.append(ip) }
                    }
                default: break
                }
            }
            cursor = entry.pointee.ai_next
        }
        return found
    }
}

/// Lets the first of two racers resume a continuation.
private final class ResumeOnce: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false

    func claim() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if done { return false }
        done = true
        return true
    }
}
