import SpotcheckCore
import SpotcheckStore

/// A user's own password (我的账户, `PUT /me/password`).
extension Workflow {
    /// Why an own password change is refused, each with the field it concerns.
    public enum PasswordChangeRefusal: Error, Sendable, Equatable, CustomStringConvertible {
        case wrongCurrentPassword
        case confirmationDiffers

        public var field: String {
            switch self {
            case .wrongCurrentPassword: "currentPassword"
            case .confirmationDiffers: "confirmation"
            }
        }

        public var description: String {
            switch self {
            case .wrongCurrentPassword: "当前密码不正确"
            case .confirmationDiffers: "两次输入的新密码不一致"
            }
        }
    }

    /// Changes the caller's own password after checking the current one. Like the office's reset,
    /// it ends every session of the user and revokes every API token (the one used for this call
    /// included): a password is changed because it may be known to someone else, who may have
    /// made a token with it. `confirmation`, when given (the page's second field), must match.
    public func changeOwnPassword(current: String, to password: String, confirmation: String?, by principal: Principal) async throws {
        let users = UserRepository(db: db, passwords: store.passwords)
        guard let user = try await users.find(username: principal.username),
              try await PasswordHasher.verify(current, hash: user.passwordHash) else {
            throw PasswordChangeRefusal.wrongCurrentPassword
        }
        if let confirmation, confirmation != password { throw PasswordChangeRefusal.confirmationDiffers }
        try await users.setPassword(username: principal.username, password: password, actor: Self.actor(principal))
    }
}
