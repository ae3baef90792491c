import Foundation
import HTTPTypes
import Hummingbird
import Prometheus
import NIOCore
import SpotcheckStore

/// The web side of login throttling: who the client is, the shared counters of `LoginThrottle`
/// (in the database, so every server process counts the same attempts), and a count of the
/// password checks actually run (`spotcheck_login_password_checks_total`), which shows how many
/// attempts got past the throttle.
struct LoginRateLimiter: Sendable {
    /// Take the client address from the last `X-Forwarded-For` entry (the one the proxy in front
    /// of us wrote) instead of the connection; only behind a proxy that sets it (`--trust-forwarded-for`).
    let trustForwardedFor: Bool
    let passwordChecks: Counter

    /// The address attempts are counted against. Without a trusted proxy, the connection's peer:
    /// a header any client can write is never believed, or a guesser would name a new address
    /// with every attempt.
    func clientAddress(_ request: Request, _ context: AppRequestContext) -> String {
        if trustForwardedFor, let header = request.headers[values: .xForwardedFor].last,
           let last = header.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty {
            return last
        }
        guard let address = context.remoteAddress else { return "unknown" }
        return address.ipAddress ?? address.description
    }

    /// Runs the Bcrypt check for a login, a stand-in one when the user does not exist.
    func checkPassword(_ password: String, hash: String?, with passwords: PasswordHasher) async throws -> Bool {
        passwordChecks.increment()
        return try await passwords.verify(password, hashOrNone: hash)
    }
}

extension HTTPField.Name {
    static let xForwardedFor = Self("X-Forwarded-For")!
}
