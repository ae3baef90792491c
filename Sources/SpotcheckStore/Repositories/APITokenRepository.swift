import FluentKit
import Foundation
import SpotcheckCore

/// Bearer tokens for the JSON API; each user creates and revokes their own.
public struct APITokenRepository: Sendable {
    public let db: any Database
    public init(db: any Database) { self.db = db }

    /// Returns the stored row and the plain token, which is shown once and never again.
    public func create(name: String, for principal: Principal) async throws -> (token: APITokenModel, secret: String) {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= 100 else { throw StoreError.invalid("令牌名称须为 1–100 个字符") }
        let secret = SecretToken.generate(prefix: "sct_")
        return try await db.transaction { tx in
            let token = APITokenModel(name: trimmed, tokenHash: SecretToken.digest(secret), userID: principal.userID)
            try await token.create(on: tx)
            try await AuditLog.record(on: tx, actor: .init(principal.username), action: "create", entity: "api_token",
                                      entityID: token.id?.uuidString ?? "", after: ["name": trimmed, "user": principal.username])
            return (token, secret)
        }
    }

    public func list(for principal: Principal) async throws -> [APITokenModel] {
        try await APITokenModel.query(on: db).filter(\.$user.$id == principal.userID).sort(\.$createdAt, .descending).all()
    }

    /// Only the owner may revoke a token; another user's id reads as not found.
    public func revoke(id: UUID, by principal: Principal) async throws {
        try await db.transaction { tx in
            guard let token = try await APITokenModel.query(on: tx).filter(\.$id == id).filter(\.$user.$id == principal.userID).first() else {
                throw StoreError.notFound(entity: "令牌", key: id.uuidString)
            }
            guard token.revokedAt == nil else { return }
            token.revokedAt = Date()
            try await token.save(on: tx)
            try await AuditLog.record(on: tx, actor: .init(principal.username), action: "revoke", entity: "api_token",
                                      entityID: id.uuidString, before: ["name": token.name, "revoked": "false"], after: ["name": token.name, "revoked": "true"])
        }
    }

    public func resolve(secret: String) async throws -> Principal? {
        guard let token = try await APITokenModel.query(on: db).filter(\.$tokenHash == SecretToken.digest(secret)).first(),
              token.revokedAt == nil,
              let user = try await UserModel.query(on: db).filter(\.$id == token.$user.id).with(\.$department).first() else { return nil }
        return try UserRepository.principal(of: user)
    }
}
