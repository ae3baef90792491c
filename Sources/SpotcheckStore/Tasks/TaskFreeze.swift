import SpotcheckCore

/// What publication froze, as printed on the public task notice (spec §1): per-stratum
/// counts, quotas and digests, per-department inspector counts and digests, the conflicts
/// digest and the SHA-256 of each frozen file, so anyone can later check the files they
/// download are the ones committed to.
public struct TaskFreeze: Sendable, Codable, Equatable {
    public struct Stratum: Sendable, Codable, Equatable {
        public var stratum: String
        public var ratioBasisPoints: Int
        public var n: Int
        public var k: Int
        public var digest: String
    }

    public struct InspectorList: Sendable, Codable, Equatable {
        public var dept: String
        public var n: Int
        public var k: Int
        public var digest: String
    }

    public var strata: [Stratum]
    public var inspectors: [InspectorList]
    public var conflictsDigest: String
    public var conflictsCount: Int
    /// SHA-256 of the frozen `objects.csv`, `inspectors.csv` and `conflicts.csv` texts.
    public var fileDigests: [String: String]
    /// The day of publication.
    public var publishedOn: CivilDate

    /// Candidates over all strata.
    public var candidateCount: Int { strata.reduce(0) { $0 + $1.n } }
    /// Enterprises the draw selects over all strata.
    public var quotaCount: Int { strata.reduce(0) { $0 + $1.k } }
    /// The overall ratio in basis points, rounded down.
    public var overallBasisPoints: Int { candidateCount == 0 ? 0 : quotaCount * 10000 / candidateCount }
}

/// The kinds of frozen lists, named as the files of spec §8.
public enum TaskSnapshotKind: String, Sendable, CaseIterable {
    case objects, inspectors, conflicts
    public var fileName: String { rawValue + ".csv" }
}
