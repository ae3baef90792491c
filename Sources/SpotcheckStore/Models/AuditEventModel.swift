import FluentKit
import Foundation

/// One link of the append-only, hash-chained audit log. The sequence number is the primary key,
/// so two writers can never fork the chain: the second insert of the same number fails.
public final class AuditEventModel: Model, @unchecked Sendable {
    public static let schema = "audit_events"

    @ID(custom: "seq", generatedBy: .user) public var id: Int?
    @Field(key: "occurred_at") public var occurredAt: String
    @Field(key: "actor") public var actor: String
    @Field(key: "action") public var action: String
    @Field(key: "entity") public var entity: String
    @Field(key: "entity_id") public var entityID: String
    @Field(key: "before_json") public var beforeJSON: String?
    @Field(key: "after_json") public var afterJSON: String?
    @Field(key: "prev_hash") public var previousHash: String
    @Field(key: "hash") public var hash: String

    public init() {}
}
