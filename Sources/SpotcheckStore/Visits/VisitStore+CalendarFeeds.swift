import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

/// The inspectors' secret iCalendar addresses (issue 16): only a token's SHA-256 is stored, one
/// per user; renewing replaces it, revoking removes it, and both are audited.
extension VisitStore {
    /// Stores the digest of a user's new feed token (replacing any earlier one).
    public func setFeed(username: String, tokenHash: String, actor: AuditLog.Actor) async throws {
        try await db.transaction { tx in
            let sql = tx as! any SQLDatabase
            try await sql.delete(from: "calendar_feeds").where("username", .equal, username).run()
            try await sql.insert(into: "calendar_feeds").columns("username", "token_hash", "created_at")
                .values(SQLBind(username), SQLBind(tokenHash), SQLBind(clock.now())).run()
            try await AuditLog.record(on: tx, actor: actor, action: "renew-calendar-feed", entity: "user", entityID: username)
        }
    }

    public func removeFeed(username: String, actor: AuditLog.Actor) async throws {
        try await db.transaction { tx in
            let sql = tx as! any SQLDatabase
            guard try await sql.delete(from: "calendar_feeds").where("username", .equal, username).returning("username").first() != nil else {
                throw StoreError.notFound(entity: "日历订阅", key: username)
            }
            try await AuditLog.record(on: tx, actor: actor, action: "revoke-calendar-feed", entity: "user", entityID: username)
        }
    }

    public func hasFeed(username: String) async throws -> Date? {
        try await sql.select().column("created_at").from("calendar_feeds").where("username", .equal, username).first()?
            .decode(column: "created_at", as: Date.self)
    }

    public func feedOwner(tokenHash: String) async throws -> String? {
        try await sql.select().column("username").from("calendar_feeds").where("token_hash", .equal, tokenHash).first()?
            .decode(column: "username", as: String.self)
    }
}
