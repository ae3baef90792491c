import Foundation
import SpotcheckCore
import SpotcheckStore

/// Signing in and out, and who a session cookie or an API token stands for.
extension Workflow {
    public enum LoginOutcome: Sendable {
        /// Too many attempts for this name or address: not counted, try again after this many seconds.
        case throttled(retryAfter: Int)
        case wrongCredentials
        case inactive
        case signedIn(SessionRepository.Started)
    }

    /// One login attempt. It is counted in the database before the password is checked
    /// (`LoginThrottle`), so parallel attempts and other server processes see the same count;
    /// `checkPassword` compares with the stored hash, or with a stand-in hash for an unknown name
    /// so that both take the same time.
    public func login(username: String, password: String, clientAddress: String,
                      checkPassword: @Sendable (String, String?) async throws -> Bool) async throws -> LoginOutcome {
        let throttle = LoginThrottle(db: db)
        if case let .refused(wait) = try await throttle.reserve(username: username, address: clientAddress, now: clock.now()) {
            return .throttled(retryAfter: wait)
        }
        let user = try await UserRepository(db: db, passwords: store.passwords).find(username: username)
        guard try await checkPassword(password, user?.passwordHash), let user else { return .wrongCredentials }
        try await throttle.succeeded(username: username, address: clientAddress, now: clock.now())
        guard user.active else { return .inactive }
        return .signedIn(try await SessionRepository(db: db).start(for: user, now: clock.now()))
    }

    public func logout(sessionToken: String) async throws {
        try await SessionRepository(db: db).end(token: sessionToken)
    }

    /// The principal of a live session cookie, with the session's CSRF token.
    public func principal(forSession token: String) async throws -> (principal: Principal, csrfToken: String)? {
        try await SessionRepository(db: db).resolve(token: token, now: clock.now())
    }

    /// The principal of an API token that is not revoked.
    public func principal(forAPIToken secret: String) async throws -> Principal? {
        try await APITokenRepository(db: db).resolve(secret: secret)
    }
}
