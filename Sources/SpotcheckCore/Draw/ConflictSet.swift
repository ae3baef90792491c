import Crypto

/// Declared conflicts of interest (回避): inspector–enterprise pairs that must
/// never meet in a team (spec §3, §6).
///
/// Why frozen with a digest: a conflict added after the entropy is known could
/// push an enterprise to a friendlier team; publishing `conflicts_digest` before
/// the draw fixes the set.
public struct ConflictSet: Sendable, Equatable {
    /// One declared conflict.
    public struct Pair: Sendable, Hashable {
        /// Inspector code.
        public var inspector: String
        /// USCC of the enterprise.
        public var enterprise: String

        /// Inspector `inspector` must not inspect `enterprise`.
        public init(inspector: String, enterprise: String) {
            self.inspector = inspector
            self.enterprise = enterprise
        }
    }

    /// Distinct pairs sorted by inspector, then enterprise (UTF-8 bytes).
    public let pairs: [Pair]
    private let inspectorsByEnterprise: [String: [String]]

    /// The set of `pairs`; duplicates are removed.
    public init(_ pairs: [Pair] = []) {
        let unique = Set(pairs).sorted { lhs, rhs in
            if lhs.inspector != rhs.inspector { return lhs.inspector.utf8Precedes(rhs.inspector) }
            return lhs.enterprise.utf8Precedes(rhs.enterprise)
        }
        self.pairs = unique
        var byEnterprise: [String: [String]] = [:]
        for pair in unique { byEnterprise[pair.enterprise, default: []].append(pair.inspector) }
        self.inspectorsByEnterprise = byEnterprise
    }

    /// `conflicts_digest`: hex SHA-256 of the lines `inspector \t uscc \n`.
    public var digest: String {
        var hasher = SHA256()
        var line: [UInt8] = []
        for pair in pairs {
            line.removeAll(keepingCapacity: true)
            line.append(contentsOf: pair.inspector.utf8)
            line.append(UInt8(ascii: "\t"))
            line.append(contentsOf: pair.enterprise.utf8)
            line.append(UInt8(ascii: "\n"))
            hasher.update(data: line)
        }
        return Hex.encode(hasher.finalize())
    }

    /// Inspectors who declared a conflict with `enterprise`.
    public func inspectors(conflictingWith enterprise: String) -> [String] {
        inspectorsByEnterprise[enterprise] ?? []
    }

    /// Whether `inspector` declared a conflict with `enterprise`.
    public func contains(inspector: String, enterprise: String) -> Bool {
        inspectors(conflictingWith: enterprise).contains(inspector)
    }

    public static func == (lhs: ConflictSet, rhs: ConflictSet) -> Bool { lhs.pairs == rhs.pairs }
}
