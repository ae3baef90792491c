import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

/// Delivery channels (issue 17): per department (its admin) and per person (their own), one
/// of each `WebhookKind`. The secret is written once and never read back out to a page, the API
/// or the log: listings say only whether one is set, and the address shows without its query
/// (a 企业微信 `key=` is as good as a password).
public struct ChannelStore: Sendable {
    public let db: any Database
    public let clock: WorkClock
    public init(db: any Database, clock: WorkClock = .system) {
        self.db = db
        self.clock = clock
    }
    var sql: any SQLDatabase { db as! any SQLDatabase }

    public static let maxSecret = 200

    public struct Channel: Sendable, Equatable {
        public var id: Int
        public var owner: ChannelOwner
        public var kind: WebhookKind
        /// Scheme, host and path only.
        public var maskedURL: String
        public var hasSecret: Bool
        public var enabled: Bool
        public var updatedBy: String
        public var updatedAt: Date
    }

    /// What the sender needs, secret included; never handed to a view.
    public struct Target: Sendable {
        public var id: Int
        public var kind: WebhookKind
        public var url: String
        public var secret: String?
    }

    public func channels(of owner: ChannelOwner) async throws -> [Channel] {
        try await sql.select().column("*").from("delivery_channels").where("owner_kind", .equal, owner.kindCode)
            .where("owner", .equal, owner.key).orderBy("id").all().map(Self.decode)
    }

    public func channel(id: Int) async throws -> Channel? {
        try await sql.select().column("*").from("delivery_channels").where("id", .equal, id).first().map(Self.decode)
    }

    /// Several channels at once (the delivery log's page), by id.
    public func channels(ids: [Int]) async throws -> [Int: Channel] {
        guard !ids.isEmpty else { return [:] }
        let channels = try await sql.select().column("*").from("delivery_channels").where("id", .in, Array(Set(ids))).all().map(Self.decode)
        return Dictionary(channels.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func target(id: Int) async throws -> Target? {
        guard let row = try await sql.select().column("*").from("delivery_channels").where("id", .equal, id).first() else { return nil }
        let channel = try Self.decode(row)
        return Target(id: channel.id, kind: channel.kind, url: try row.decode(column: "url", as: String.self),
                      secret: try row.decode(column: "secret", as: String?.self))
    }

    /// Creates or replaces the owner's channel of `kind`. An empty `secret` keeps the one saved
    /// before (the form never shows it back). The address was checked by the caller.
    @discardableResult
    public func set(owner: ChannelOwner, kind: WebhookKind, url: String, secret: String?, enabled: Bool,
                    actor: AuditLog.Actor) async throws -> Channel {
        try await db.transaction { tx in
            let sql = tx as! any SQLDatabase
            let now = clock.now()
            let existing = try await sql.select().columns("id", "secret").from("delivery_channels").where("owner_kind", .equal, owner.kindCode)
                .where("owner", .equal, owner.key).where("kind", .equal, kind.rawValue).first()
            let newSecret = secret.flatMap { $0.isEmpty ? nil : $0 }
            let keptSecret = try newSecret ?? existing?.decode(column: "secret", as: String?.self)
            if kind.needsSecret, keptSecret == nil { throw StoreError.invalid("\(kind.label)须设置签名密钥") }
            let id: Int
            if let existing {
                id = try existing.decode(column: "id", as: Int.self)
                try await sql.update("delivery_channels").set("url", to: SQLBind(url)).set("secret", to: SQLBind(kind.takesSecret ? keptSecret : nil))
                    .set("enabled", to: SQLBind(enabled)).set("updated_by", to: SQLBind(actor.name)).set("updated_at", to: SQLBind(now))
                    .where("id", .equal, id).run()
            } else {
                guard let row = try await sql.insert(into: "delivery_channels")
                    .columns("owner_kind", "owner", "kind", "url", "secret", "enabled", "updated_by", "updated_at")
                    .values(SQLBind(owner.kindCode), SQLBind(owner.key), SQLBind(kind.rawValue), SQLBind(url),
                            SQLBind(kind.takesSecret ? keptSecret : nil), SQLBind(enabled), SQLBind(actor.name), SQLBind(now))
                    .returning("id").first() else { throw StoreError.invalid("无法保存接收渠道") }
                id = try row.decode(column: "id", as: Int.self)
            }
            // The audit event names the host, never the full address or the secret.
            try await AuditLog.record(on: tx, actor: actor, action: existing == nil ? "create" : "update", entity: "delivery_channel",
                                      entityID: String(id), after: [
                                        "owner": owner.key, "kind": kind.label, "host": Self.masked(url), "enabled": enabled ? "是" : "否",
                                        "secret": keptSecret == nil ? "未设置" : "已设置",
                                      ], at: now)
            guard let saved = try await ChannelStore(db: tx, clock: clock).channel(id: id) else { throw StoreError.notFound(entity: "接收渠道", key: String(id)) }
            return saved
        }
    }

    public func remove(id: Int, actor: AuditLog.Actor) async throws {
        try await db.transaction { tx in
            let sql = tx as! any SQLDatabase
            guard let removed = try await sql.delete(from: "delivery_channels").where("id", .equal, id).returning("owner", "kind").first()
            else { throw StoreError.notFound(entity: "接收渠道", key: String(id)) }
            try await AuditLog.record(on: tx, actor: actor, action: "delete", entity: "delivery_channel", entityID: String(id),
                                      before: ["owner": try removed.decode(column: "owner", as: String.self),
                                               "kind": try removed.decode(column: "kind", as: String.self)], at: clock.now())
        }
    }

    static func masked(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return "（地址）" }
        components.query = nil
        components.fragment = nil
        return components.string ?? "（地址）"
    }

    static func decode(_ row: any SQLRow) throws -> Channel {
        let id = try row.decode(column: "id", as: Int.self)
        let ownerKind = try row.decode(column: "owner_kind", as: String.self), kindCode = try row.decode(column: "kind", as: String.self)
        guard let owner = ChannelOwner(kindCode: ownerKind, key: try row.decode(column: "owner", as: String.self)) else {
            throw CorruptStoredValue(entity: "delivery_channels", id: String(id), column: "owner_kind", value: ownerKind)
        }
        guard let kind = WebhookKind(rawValue: kindCode) else {
            throw CorruptStoredValue(entity: "delivery_channels", id: String(id), column: "kind", value: kindCode)
        }
        let secret = try row.decode(column: "secret", as: String?.self)
        return Channel(id: id, owner: owner, kind: kind, maskedURL: masked(try row.decode(column: "url", as: String.self)),
                       hasSecret: secret?.isEmpty == false, enabled: try row.decode(column: "enabled", as: Bool.self),
                       updatedBy: try row.decode(column: "updated_by", as: String.self), updatedAt: try row.decode(column: "updated_at", as: Date.self))
    }
}
