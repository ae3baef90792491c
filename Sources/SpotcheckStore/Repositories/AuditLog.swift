import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

/// Writes and checks the append-only audit log. Callers write the event inside the same
/// transaction as the change it describes, so a failed change leaves no event and vice versa.
public enum AuditLog {
    /// Who did it: a username, or `system`/`cli:<user>` for commands run on the server.
    public struct Actor: Sendable, Equatable {
        public let name: String
        public init(_ name: String) { self.name = name }
        public static let system = Actor("system")
    }

    /// Appends one event, linking it to the previous one.
    /// `outboxFacts` are what the step already knows that its messages need (the draw's count per
    /// department), so the outbox need not query for them; they are not part of the event.
    public static func record(
        on db: any Database, actor: Actor, action: String, entity: String, entityID: String,
        before: [String: String]? = nil, after: [String: String]? = nil, at date: Date = Date(),
        outboxFacts: [String: String] = [:]
    ) async throws {
        guard db.inTransaction else {
            // An event of its own (a refused import or visit): it still needs a transaction, or two
            // appenders would read the same last event (and PostgreSQL's lock below would end at once).
            return try await db.transaction { tx in
                try await record(on: tx, actor: actor, action: action, entity: entity, entityID: entityID, before: before, after: after, at: date,
                                 outboxFacts: outboxFacts)
            }
        }
        let sql = db as! any SQLDatabase
        if sql.dialect.name == "postgresql" {
            // Serialises appenders of this schema's log across processes for the rest of the
            // transaction (keyed by schema, so separate schemas — tests, benchmarks — do not wait on each other).
            _ = try await sql.raw("SELECT pg_advisory_xact_lock(727274, hashtext(current_schema()))").all()
        }
        let last = try await AuditEventModel.query(on: db).sort(\.$id, .descending).first()
        let content = AuditEventContent(
            sequence: (last?.id ?? 0) + 1, occurredAt: timestamp(date), actor: actor.name, action: action,
            entity: entity, entityID: entityID, before: before.map(canonicalJSON), after: after.map(canonicalJSON))
        let previous = last?.hash ?? AuditChain.genesisHash
        let event = AuditEventModel()
        event.id = content.sequence
        event.occurredAt = content.occurredAt
        event.actor = content.actor
        event.action = content.action
        event.entity = content.entity
        event.entityID = content.entityID
        event.beforeJSON = content.before
        event.afterJSON = content.after
        event.previousHash = previous
        event.hash = AuditChain.hash(previous: previous, event: content)
        try await event.create(on: db)
        // The outbox: whoever must act on this step gets a message in this same transaction.
        try await Outbox.enqueue(action: action, entity: entity, entityID: entityID,
                                 after: (after ?? [:]).merging(outboxFacts) { recorded, _ in recorded }, eventID: content.sequence,
                                 at: date, on: sql)
    }

    public struct VerifyReport: Sendable {
        public let checked: Int
        public let firstBreak: AuditChain.Break?
        public var isIntact: Bool { firstBreak == nil }
    }

    /// Walks the whole chain in pages and stops at the first broken link.
    public static func verify(on db: any Database, pageSize: Int = 5000, progress: (@Sendable (Int) -> Void)? = nil) async throws -> VerifyReport {
        var verifier = AuditChain.Verifier()
        var after = 0
        while true {
            let page = try await AuditEventModel.query(on: db).filter(\.$id > after).sort(\.$id).limit(pageSize).all()
            if page.isEmpty { break }
            for event in page {
                if let broken = verifier.check(link(of: event)) {
                    return VerifyReport(checked: verifier.count, firstBreak: broken)
                }
            }
            after = page.last!.id!
            progress?(verifier.count)
        }
        return VerifyReport(checked: verifier.count, firstBreak: nil)
    }

    /// Recent events for the audit page, newest first, with optional entity filter.
    public static func recent(on db: any Database, entity: String? = nil, page: Int, perPage: Int) async throws -> (events: [AuditEventModel], total: Int) {
        var query = AuditEventModel.query(on: db)
        if let entity, !entity.isEmpty { query = query.filter(\.$entity == entity) }
        let total = try await query.count()
        let events = try await query.sort(\.$id, .descending).range(try ListPage(number: page, size: perPage).range).all()
        return (events, total)
    }

    static func link(of event: AuditEventModel) -> AuditChain.Link {
        AuditChain.Link(
            content: AuditEventContent(
                sequence: event.id ?? 0, occurredAt: event.occurredAt, actor: event.actor, action: event.action,
                entity: event.entity, entityID: event.entityID, before: event.beforeJSON, after: event.afterJSON),
            previousHash: event.previousHash, hash: event.hash)
    }

    static func canonicalJSON(_ fields: [String: String]) -> String {
        "{" + fields.keys.sorted().map { JSONText.quote($0) + ":" + JSONText.quote(fields[$0]!) }.joined(separator: ",") + "}"
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
    }
}
