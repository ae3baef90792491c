import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

/// The outbox's send side (issue 17). A sender claims a due delivery with a lease (a
/// conditional write, so two senders — two server processes on PostgreSQL — never hold the same
/// one), sends, and records the outcome. A sender that dies mid-send leaves the lease to expire
/// and the delivery is sent again with the same idempotency key, which the receiver uses to
/// drop the copy: undelivered messages are never lost, delivered ones are acted on once.
public struct DeliveryQueue: Sendable {
    public let db: any Database
    public let clock: WorkClock
    public init(db: any Database, clock: WorkClock = .system) {
        self.db = db
        self.clock = clock
    }
    var sql: any SQLDatabase { db as! any SQLDatabase }

    public struct Job: Sendable {
        public var deliveryID: Int
        public var idempotencyKey: String
        public var attempts: Int
        public var target: ChannelStore.Target
        public var message: MessageStore.Message
    }

    /// A delivery with its message and channel, for the log page.
    public struct Entry: Sendable, Equatable {
        public var id: Int
        public var idempotencyKey: String
        public var status: DeliveryStatus
        public var attempts: Int
        public var nextAttemptAt: Date
        public var lastError: String?
        public var lastStatus: Int?
        public var deliveredAt: Date?
        public var createdAt: Date
        public var message: MessageStore.Message
        public var channel: ChannelStore.Channel
    }

    /// Claims up to `limit` due deliveries for `lease` seconds.
    public func claim(limit: Int, lease: TimeInterval) async throws -> [Job] {
        let now = clock.now()
        let due = try await sql.select().column("id").from("deliveries")
            .where("status", .equal, DeliveryStatus.pending.rawValue).where("next_attempt_at", .lessThanOrEqual, SQLBind(now))
            .where { $0.where("leased_until", .is, SQLLiteral.null).orWhere("leased_until", .lessThan, SQLBind(now)) }
            .orderBy("id").limit(limit).all().map { try $0.decode(column: "id", as: Int.self) }
        var jobs: [Job] = []
        for id in due {
            let claimed = try await sql.update("deliveries").set("leased_until", to: SQLBind(now.addingTimeInterval(lease)))
                .where("id", .equal, id).where("status", .equal, DeliveryStatus.pending.rawValue)
                .where { $0.where("leased_until", .is, SQLLiteral.null).orWhere("leased_until", .lessThan, SQLBind(now)) }
                .returning("message_id", "channel_id", "idempotency_key", "attempts").first()
            guard let claimed else { continue }
            let messageID = try claimed.decode(column: "message_id", as: Int.self)
            guard let target = try await ChannelStore(db: db).target(id: try claimed.decode(column: "channel_id", as: Int.self)),
                  let messageRow = try await sql.select().column("*").from("messages").where("id", .equal, messageID).first()
            else { continue }
            jobs.append(Job(deliveryID: id, idempotencyKey: try claimed.decode(column: "idempotency_key", as: String.self),
                            attempts: try claimed.decode(column: "attempts", as: Int.self), target: target,
                            message: try MessageStore.decode(messageRow)))
        }
        return jobs
    }

    public func succeeded(_ job: Job, httpStatus: Int) async throws {
        let now = clock.now()
        try await sql.update("deliveries").set("status", to: SQLBind(DeliveryStatus.delivered.rawValue))
            .set("attempts", to: SQLBind(job.attempts + 1)).set("delivered_at", to: SQLBind(now)).set("leased_until", to: SQLLiteral.null)
            .set("last_status", to: SQLBind(httpStatus)).set("last_error", to: SQLLiteral.null)
            .where("id", .equal, job.deliveryID).where("status", .equal, DeliveryStatus.pending.rawValue).run()
    }

    /// Records a failed attempt: tried again after the back-off, or 发送失败 after the last one.
    public func failed(_ job: Job, error: String, httpStatus: Int?, backoff: DeliveryBackoff) async throws {
        let now = clock.now(), attempts = job.attempts + 1
        let givesUp = attempts >= backoff.maximumAttempts
        try await sql.update("deliveries")
            .set("status", to: SQLBind(givesUp ? DeliveryStatus.failed.rawValue : DeliveryStatus.pending.rawValue))
            .set("attempts", to: SQLBind(attempts)).set("leased_until", to: SQLLiteral.null)
            .set("next_attempt_at", to: SQLBind(now.addingTimeInterval(backoff.delay(afterAttempt: attempts))))
            .set("last_error", to: SQLBind(String(error.prefix(500)))).set("last_status", to: SQLBind(httpStatus))
            .where("id", .equal, job.deliveryID).where("status", .equal, DeliveryStatus.pending.rawValue).run()
    }

    /// The office's 重试 of a 发送失败 delivery: once (conditional on 发送失败), audited.
    public func retry(id: Int, actor: AuditLog.Actor) async throws {
        try await db.transaction { tx in
            let sql = tx as! any SQLDatabase
            let now = clock.now()
            guard try await sql.update("deliveries").set("status", to: SQLBind(DeliveryStatus.pending.rawValue))
                .set("attempts", to: SQLBind(0)).set("next_attempt_at", to: SQLBind(now)).set("leased_until", to: SQLLiteral.null)
                .where("id", .equal, id).where("status", .equal, DeliveryStatus.failed.rawValue).returning("id").first() != nil
            else {
                if try await sql.select().column("id").from("deliveries").where("id", .equal, id).first() == nil {
                    throw StoreError.notFound(entity: "发送记录", key: String(id))
                }
                throw StoreError.conflict("只有发送失败的记录可以重试")
            }
            try await AuditLog.record(on: tx, actor: actor, action: "retry", entity: "delivery", entityID: String(id), at: now)
        }
    }

    public func entries(status: DeliveryStatus?, department: String? = nil, page: ListPage) async throws -> (entries: [Entry], total: Int) {
        func filtered(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
            var query = query.from(SQLAlias(SQLIdentifier("deliveries"), as: SQLIdentifier("dl")))
                .join(SQLAlias(SQLIdentifier("messages"), as: SQLIdentifier("m")), on: SQLColumn("id", table: "m"), .equal, SQLColumn("message_id", table: "dl"))
            if let status { query = query.where(SQLColumn("status", table: "dl"), .equal, SQLBind(status.rawValue)) }
            if let department { query = query.where(SQLColumn("department_code", table: "m"), .equal, SQLBind(department)) }
            return query
        }
        let total = try await filtered(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")).first()?
            .decode(column: "n", as: Int.self) ?? 0
        let ids = try await filtered(sql.select().column(SQLAlias(SQLColumn("id", table: "dl"), as: SQLIdentifier("id"))))
            .orderBy(SQLOrderBy(expression: SQLColumn("id", table: "dl"), direction: SQLDirection.descending)).limit(page.size).offset(page.offset).all()
            .map { try $0.decode(column: "id", as: Int.self) }
        return (try await entries(ids: ids), total)
    }

    public func entry(id: Int) async throws -> Entry? {
        try await entries(ids: [id]).first
    }

    /// The deliveries `ids` with their messages and channels, in the order of `ids`: three
    /// queries for a whole page, not three per row.
    func entries(ids: [Int]) async throws -> [Entry] {
        guard !ids.isEmpty else { return [] }
        let rows = try await sql.select().column("*").from("deliveries").where("id", .in, ids).all()
        let messageIDs = Array(Set(try rows.map { try $0.decode(column: "message_id", as: Int.self) }))
        var messages: [Int: any SQLRow] = [:]
        for row in try await sql.select().column("*").from("messages").where("id", .in, messageIDs).all() {
            messages[try row.decode(column: "id", as: Int.self)] = row
        }
        let channels = try await ChannelStore(db: db).channels(ids: try rows.map { try $0.decode(column: "channel_id", as: Int.self) })
        var byID: [Int: Entry] = [:]
        for row in rows {
            let id = try row.decode(column: "id", as: Int.self)
            guard let messageRow = messages[try row.decode(column: "message_id", as: Int.self)],
                  let channel = channels[try row.decode(column: "channel_id", as: Int.self)] else { continue }
            let code = try row.decode(column: "status", as: String.self)
            guard let status = DeliveryStatus(rawValue: code) else { throw CorruptStoredValue(entity: "deliveries", id: String(id), column: "status", value: code) }
            byID[id] = Entry(id: id, idempotencyKey: try row.decode(column: "idempotency_key", as: String.self), status: status,
                             attempts: try row.decode(column: "attempts", as: Int.self), nextAttemptAt: try row.decode(column: "next_attempt_at", as: Date.self),
                             lastError: try row.decode(column: "last_error", as: String?.self), lastStatus: try row.decode(column: "last_status", as: Int?.self),
                             deliveredAt: try row.decode(column: "delivered_at", as: Date?.self), createdAt: try row.decode(column: "created_at", as: Date.self),
                             message: try MessageStore.decode(messageRow), channel: channel)
        }
        return ids.compactMap { byID[$0] }
    }
}
