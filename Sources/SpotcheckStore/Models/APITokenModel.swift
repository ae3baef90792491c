import FluentKit
import Foundation

/// A bearer token for the JSON API. Shown once at creation; stored as SHA-256; revocable.
public final class APITokenModel: Model, @unchecked Sendable {
    public static let schema = "api_tokens"

    @ID(key: .id) public var id: UUID?
    @Field(key: "name") public var name: String
    @Field(key: "token_hash") public var tokenHash: String
    @Parent(key: "user_id") public var user: UserModel
    @Field(key: "revoked_at") public var revokedAt: Date?
    @Field(key: "last_used_at") public var lastUsedAt: Date?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public init(name: String, tokenHash: String, userID: UUID) {
        self.name = name
        self.tokenHash = tokenHash
        self.$user.id = userID
    }
}
