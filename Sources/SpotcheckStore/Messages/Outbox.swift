import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

/// The outbox (issue 17): every step someone else must act on turns, inside the transaction
/// that writes the step and its audit event, into messages for the right people and into
/// pending deliveries for their channels. So no step happens without its message and no message
/// exists without its step; the sender (`DeliveryQueue`) only ever reads what was committed.
public enum Outbox {
    /// A message before it is written.
    public struct Draft: Sendable, Equatable {
        public var recipient: String
        public var department: String
        public var kind: MessageKind
        public var title: String
        public var body: String
        public var link: String
        public var taskID: Int?
        public var dedupeKey: String?

        public init(recipient: String, department: String, kind: MessageKind, title: String, body: String, link: String,
                    taskID: Int? = nil, dedupeKey: String? = nil) {
            self.recipient = recipient
            self.department = department
            self.kind = kind
            self.title = title
            self.body = body
            self.link = link
            self.taskID = taskID
            self.dedupeKey = dedupeKey
        }
    }

    /// Called by `AuditLog.record` for every event: the rules below decide who must act on it.
    static func enqueue(action: String, entity: String, entityID: String, after: [String: String]?, eventID: Int,
                        at date: Date, on sql: any SQLDatabase) async throws {
        let drafts = try await OutboxRules(sql: sql).drafts(action: action, entity: entity, entityID: entityID, after: after ?? [:])
        try await write(drafts, eventID: eventID, at: date, on: sql)
    }

    /// Writes messages and their deliveries. A draft whose dedupe key was already written is
    /// skipped (the sweep's reminders), so raising it twice is harmless. Returns the count written.
    @discardableResult
    public static func write(_ drafts: [Draft], eventID: Int?, at date: Date, on sql: any SQLDatabase) async throws -> Int {
        guard !drafts.isEmpty else { return 0 }
        var written: [(id: Int, draft: Draft)] = []
        for draft in drafts {
            if let key = draft.dedupeKey,
               try await sql.select().column("id").from("messages").where("dedupe_key", .equal, key).first() != nil { continue }
            let row = try await sql.insert(into: "messages")
                .columns("recipient", "department_code", "kind", "title", "body", "link", "task_id", "event_id", "dedupe_key", "created_at")
                .values(SQLBind(draft.recipient), SQLBind(draft.department), SQLBind(draft.kind.rawValue), SQLBind(draft.title),
                        SQLBind(draft.body), SQLBind(draft.link), SQLBind(draft.taskID), SQLBind(eventID), SQLBind(draft.dedupeKey),
                        SQLBind(date))
                .returning("id").first()
            guard let id = try row?.decode(column: "id", as: Int.self) else { continue }
            written.append((id, draft))
        }
        try await scheduleDeliveries(written, at: date, on: sql)
        return written.count
    }

    /// A person's own channels get each of their messages; a department's group channel gets
    /// the department's work once per step (the first of its admins' identical messages).
    static func scheduleDeliveries(_ written: [(id: Int, draft: Draft)], at date: Date, on sql: any SQLDatabase) async throws {
        guard !written.isEmpty else { return }
        // Two reads for the whole step, however many messages it wrote.
        let personal = try await enabledChannels(ownerKind: "user", owners: Set(written.map(\.draft.recipient)), on: sql)
        let groups = try await enabledChannels(ownerKind: "department", owners: Set(written.map(\.draft.department)).subtracting([""]), on: sql)
        var departmentsDone = Set<String>()
        for (id, draft) in written {
            var channels = personal[draft.recipient] ?? []
            let groupKey = "\(draft.department)|\(draft.kind.rawValue)|\(draft.title)"
            if draft.kind.isDepartmentWork, !draft.department.isEmpty, departmentsDone.insert(groupKey).inserted {
                channels += groups[draft.department] ?? []
            }
            for channel in channels {
                try await sql.insert(into: "deliveries")
                    .columns("message_id", "channel_id", "idempotency_key", "status", "attempts", "next_attempt_at", "created_at")
                    .values(SQLBind(id), SQLBind(channel), SQLBind("spotcheck-msg\(id)-ch\(channel)"), SQLBind(DeliveryStatus.pending.rawValue),
                            SQLBind(0), SQLBind(date), SQLBind(date))
                    .run()
            }
        }
    }

    /// The enabled channels of each owner among `owners`, in the order they were made.
    static func enabledChannels(ownerKind: String, owners: Set<String>, on sql: any SQLDatabase) async throws -> [String: [Int]] {
        guard !owners.isEmpty else { return [:] }
        var found: [String: [Int]] = [:]
        for row in try await sql.select().columns("id", "owner").from("delivery_channels")
            .where("owner_kind", .equal, ownerKind).where("owner", .in, Array(owners)).where("enabled", .equal, true)
            .orderBy("id").all() {
            found[try row.decode(column: "owner", as: String.self), default: []].append(try row.decode(column: "id", as: Int.self))
        }
        return found
    }
}

extension Outbox {
    /// A 测试消息 to one channel, for the person who pressed 发送测试: a message and a single
    /// delivery, written with the audit event of the test.
    public static func writeTest(channelID: Int, recipient: String, department: String, actor: AuditLog.Actor,
                                 on db: any Database, at date: Date) async throws -> Int {
        try await db.transaction { tx in
            let sql = tx as! any SQLDatabase
            guard let row = try await sql.insert(into: "messages")
                .columns("recipient", "department_code", "kind", "title", "body", "link", "created_at")
                .values(SQLBind(recipient), SQLBind(department), SQLBind(MessageKind.channelTest.rawValue), SQLBind("测试消息"),
                        SQLBind("这是一条测试消息：收到即表示该接收渠道可用。"), SQLBind("/messages"), SQLBind(date))
                .returning("id").first() else { throw StoreError.invalid("无法写入测试消息") }
            let id = try row.decode(column: "id", as: Int.self)
            try await sql.insert(into: "deliveries")
                .columns("message_id", "channel_id", "idempotency_key", "status", "attempts", "next_attempt_at", "created_at")
                .values(SQLBind(id), SQLBind(channelID), SQLBind("spotcheck-msg\(id)-ch\(channelID)"), SQLBind(DeliveryStatus.pending.rawValue),
                        SQLBind(0), SQLBind(date), SQLBind(date)).run()
            try await AuditLog.record(on: tx, actor: actor, action: "test", entity: "delivery_channel", entityID: String(channelID), at: date)
            return id
        }
    }

    /// Reminders and digests raised by the daily sweep, with one audit event for the batch.
    /// Drafts already raised (same dedupe key) are skipped; returns how many were new.
    public static func raise(_ drafts: [Draft], action: String, on db: any Database, at date: Date) async throws -> Int {
        guard !drafts.isEmpty else { return 0 }
        return try await db.transaction { tx in
            let written = try await write(drafts, eventID: nil, at: date, on: tx as! any SQLDatabase)
            if written > 0 {
                try await AuditLog.record(on: tx, actor: .system, action: action, entity: "message", entityID: "batch",
                                          after: ["count": String(written)], at: date)
            }
            return written
        }
    }

    /// The people a reminder goes to, with the same queries the step rules use.
    public static func departmentAdmins(_ department: String, on db: any Database) async throws -> [(username: String, department: String)] {
        try await OutboxRules(sql: db as! any SQLDatabase).admins(of: department).map { ($0.username, $0.department) }
    }

    public static func teamMembers(task: Int, uscc: String, on db: any Database) async throws -> [(username: String, department: String)] {
        try await OutboxRules(sql: db as! any SQLDatabase).teamMembers(taskID: task, uscc: uscc).map { ($0.username, $0.department) }
    }
}
