import FluentKit
import Foundation

/// A browser login. Only the SHA-256 of the cookie value is stored, so a leaked database does
/// not hand out live sessions; rows survive restarts so people stay logged in.
public final class SessionModel: Model, @unchecked Sendable {
    public static let schema = "sessions"

    @ID(key: .id) public var id: UUID?
    @Field(key: "token_hash") public var tokenHash: String
    @Parent(key: "user_id") public var user: UserModel
    @Field(key: "csrf_token") public var csrfToken: String
    @Field(key: "expires_at") public var expiresAt: Date
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public init(tokenHash: String, userID: UUID, csrfToken: String, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.$user.id = userID
        self.csrfToken = csrfToken
        self.expiresAt = expiresAt
    }
}
