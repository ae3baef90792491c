import Crypto
import Foundation

/// One audit event as it enters the hash chain. The canonical form is what is hashed, so its
/// layout is fixed: a JSON object with sorted keys, no whitespace, and `before`/`after` kept as
/// the exact JSON text that was stored.
public struct AuditEventContent: Sendable, Equatable {
    public var sequence: Int
    public var occurredAt: String  // ISO 8601 UTC with milliseconds, as stored
    public var actor: String
    public var action: String
    public var entity: String
    public var entityID: String
    public var before: String?
    public var after: String?

    public init(sequence: Int, occurredAt: String, actor: String, action: String, entity: String, entityID: String, before: String?, after: String?) {
        self.sequence = sequence
        self.occurredAt = occurredAt
        self.actor = actor
        self.action = action
        self.entity = entity
        self.entityID = entityID
        self.before = before
        self.after = after
    }

    /// The canonical bytes: sorted keys, JSON string escaping, null for absent snapshots.
    public var canonical: String {
        func quoted(_ s: String?) -> String {
            guard let s else { return "null" }
            return JSONText.quote(s)
        }
        return "{\"action\":\(quoted(action)),\"actor\":\(quoted(actor)),\"after\":\(quoted(after)),"
            + "\"at\":\(quoted(occurredAt)),\"before\":\(quoted(before)),\"entity\":\(quoted(entity)),"
            + "\"entity_id\":\(quoted(entityID)),\"seq\":\(sequence)}"
    }
}

/// The hash chain itself: `hash = SHA-256(prev_hash ‖ canonical event)`, hex encoded.
public enum AuditChain {
    /// The predecessor of the first event.
    public static let genesisHash = String(repeating: "0", count: 64)

    public static func hash(previous: String, event: AuditEventContent) -> String {
        var hasher = SHA256()
        hasher.update(data: Array(previous.utf8))
        hasher.update(data: Array(event.canonical.utf8))
        return Hex.encode(hasher.finalize())
    }

    /// A stored link: the content plus what was recorded as its previous and own hash.
    public struct Link: Sendable {
        public var content: AuditEventContent
        public var previousHash: String
        public var hash: String
        public init(content: AuditEventContent, previousHash: String, hash: String) {
            self.content = content
            self.previousHash = previousHash
            self.hash = hash
        }
    }

    public enum Break: Sendable, Equatable, CustomStringConvertible {
        case sequenceGap(expected: Int, found: Int)
        case previousHashMismatch(sequence: Int)
        case hashMismatch(sequence: Int)

        public var description: String {
            switch self {
            case let .sequenceGap(expected, found): "第 \(found) 号事件前缺失事件（应为 \(expected) 号）"
            case let .previousHashMismatch(sequence): "第 \(sequence) 号事件的 prev_hash 与前一事件不符"
            case let .hashMismatch(sequence): "第 \(sequence) 号事件内容被修改（哈希不符）"
            }
        }

        public var sequence: Int {
            switch self {
            case let .sequenceGap(_, found): found
            case let .previousHashMismatch(sequence), let .hashMismatch(sequence): sequence
            }
        }
    }

    /// Incremental verifier so a caller can stream millions of rows without holding them.
    public struct Verifier: Sendable {
        public private(set) var lastHash = AuditChain.genesisHash
        public private(set) var nextSequence = 1
        public private(set) var count = 0
        public init() {}

        /// Returns the first break found at this link, or nil when the link is sound.
        public mutating func check(_ link: Link) -> Break? {
            if link.content.sequence != nextSequence {
                return .sequenceGap(expected: nextSequence, found: link.content.sequence)
            }
            if link.previousHash != lastHash { return .previousHashMismatch(sequence: link.content.sequence) }
            if AuditChain.hash(previous: lastHash, event: link.content) != link.hash {
                return .hashMismatch(sequence: link.content.sequence)
            }
            lastHash = link.hash
            nextSequence += 1
            count += 1
            return nil
        }
    }
}
