import FluentKit
import Foundation
import SpotcheckCore

/// Browser sessions persisted in the database, so a restart keeps people logged in.
public struct SessionRepository: Sendable {
    public let db: any Database
    public static let lifetime: TimeInterval = 12 * 3600
    public init(db: any Database) { self.db = db }

    public struct Started: Sendable {
        public let token: String
        public let csrfToken: String
        public let expiresAt: Date
    }

    public func start(for user: UserModel, now: Date = Date()) async throws -> Started {
        let token = SecretToken.generate()
        let csrf = SecretToken.generate()
        let expires = now.addingTimeInterval(Self.lifetime)
        try await SessionModel(tokenHash: SecretToken.digest(token), userID: try user.requireID(), csrfToken: csrf, expiresAt: expires).create(on: db)
        return Started(token: token, csrfToken: csrf, expiresAt: expires)
    }

    /// The principal and CSRF token of a live session, nil when unknown, expired or disabled.
    public func resolve(token: String, now: Date = Date()) async throws -> (principal: Principal, csrfToken: String)? {
        guard let session = try await SessionModel.query(on: db).filter(\.$tokenHash == SecretToken.digest(token)).first() else { return nil }
        if session.expiresAt < now {
            try await session.delete(on: db)
            return nil
        }
        guard let user = try await UserModel.query(on: db).filter(\.$id == session.$user.id).with(\.$department).first(),
              let principal = try UserRepository.principal(of: user) else { return nil }
        return (principal, session.csrfToken)
    }

    public func end(token: String) async throws {
        try await SessionModel.query(on: db).filter(\.$tokenHash == SecretToken.digest(token)).delete()
    }

    public func purgeExpired(now: Date = Date()) async throws {
        try await SessionModel.query(on: db).filter(\.$expiresAt < now).delete()
    }
}
