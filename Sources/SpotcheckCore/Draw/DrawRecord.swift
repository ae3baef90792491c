/// The draw record of spec §7: everything a verifier needs besides the frozen lists.
///
/// Why Codable with fixed key names: the record is published and downloaded;
/// auditors read it with any JSON tool, and ``DrawVerifier`` reads it back. Extra
/// fields (task number, times, reasons) are ignored when decoding, so the
/// platform can store more without breaking verification.
public struct DrawRecord: Codable, Sendable, Equatable {
    /// The protocol name written in every record.
    public static let protocolName = "spotcheck-draw/1"

    /// Always ``protocolName``.
    public var `protocol`: String
    /// `hex(SHA-256(secret))`, published before the draw.
    public var commitment: String
    /// The 32-byte secret, revealed after the draw, in hex.
    public var secret: String
    /// The public entropy entered at the draw.
    public var entropy: String
    /// `hex(SHA-256(secret ‖ entropy))`.
    public var seed: String
    /// Digest of the declared conflicts (spec §3).
    public var conflictsDigest: String
    /// One entry per enterprise stratum, canonical order.
    public var objects: [StratumEntry]
    /// One entry per drawing department, canonical order.
    public var inspectors: [DepartmentEntry]
    /// One entry per department with enterprises to inspect, canonical order.
    public var teams: [TeamEntry]

    /// A record from its fields.
    public init(
        protocol: String = DrawRecord.protocolName, commitment: String, secret: String, entropy: String,
        seed: String, conflictsDigest: String, objects: [StratumEntry], inspectors: [DepartmentEntry],
        teams: [TeamEntry]
    ) {
        self.protocol = `protocol`
        self.commitment = commitment
        self.secret = secret
        self.entropy = entropy
        self.seed = seed
        self.conflictsDigest = conflictsDigest
        self.objects = objects
        self.inspectors = inspectors
        self.teams = teams
    }

    enum CodingKeys: String, CodingKey {
        case `protocol`, commitment, secret, entropy, seed
        case conflictsDigest = "conflicts_digest"
        case objects, inspectors, teams
    }

    /// The enterprise draw of one stratum (spec §4).
    public struct StratumEntry: Codable, Sendable, Equatable {
        /// Stratum code (`ratio_bp` applies to it).
        public var stratum: String
        /// Ratio in basis points (`ratio_bp`).
        public var ratioBasisPoints: Int
        /// Candidates in the stratum.
        public var n: Int
        /// Quota `ceil(n · ratio_bp / 10000)`.
        public var k: Int
        /// Digest of the stratum's frozen list.
        public var digest: String
        /// `a[0..k-1]` of the shuffle, in shuffle order.
        public var selected: [String]
        /// Rejected enterprises, in the order rejected.
        public var rejected: [String]
        /// `a[k]`, `a[k+1]`, … one per rejection.
        public var replacements: [String]

        /// An entry from its fields.
        public init(
            stratum: String, ratioBasisPoints: Int, n: Int, k: Int, digest: String,
            selected: [String], rejected: [String] = [], replacements: [String] = []
        ) {
            self.stratum = stratum
            self.ratioBasisPoints = ratioBasisPoints
            self.n = n
            self.k = k
            self.digest = digest
            self.selected = selected
            self.rejected = rejected
            self.replacements = replacements
        }

        enum CodingKeys: String, CodingKey {
            case stratum
            case ratioBasisPoints = "ratio_bp"
            case n, k, digest, selected, rejected, replacements
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            stratum = try container.decode(String.self, forKey: .stratum)
            ratioBasisPoints = try container.decode(Int.self, forKey: .ratioBasisPoints)
            n = try container.decode(Int.self, forKey: .n)
            k = try container.decode(Int.self, forKey: .k)
            digest = try container.decode(String.self, forKey: .digest)
            selected = try container.decode([String].self, forKey: .selected)
            rejected = try container.decodeIfPresent([String].self, forKey: .rejected) ?? []
            replacements = try container.decodeIfPresent([String].self, forKey: .replacements) ?? []
        }
    }

    /// The inspector draw of one department (spec §5).
    public struct DepartmentEntry: Codable, Sendable, Equatable {
        /// Department code.
        public var dept: String
        /// Eligible inspectors at the freeze.
        public var n: Int
        /// Inspectors drawn, fixed at the freeze.
        public var k: Int
        /// Digest of the department's frozen roster.
        public var digest: String
        /// `x[0..k-1]` of the shuffle, in shuffle order.
        public var selected: [String]
        /// Rejected inspectors, in the order rejected.
        public var rejected: [String]
        /// `x[k]`, `x[k+1]`, … one per rejection.
        public var replacements: [String]

        /// An entry from its fields.
        public init(
            dept: String, n: Int, k: Int, digest: String,
            selected: [String], rejected: [String] = [], replacements: [String] = []
        ) {
            self.dept = dept
            self.n = n
            self.k = k
            self.digest = digest
            self.selected = selected
            self.rejected = rejected
            self.replacements = replacements
        }

        enum CodingKeys: String, CodingKey {
            case dept, n, k, digest, selected, rejected, replacements
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            dept = try container.decode(String.self, forKey: .dept)
            n = try container.decode(Int.self, forKey: .n)
            k = try container.decode(Int.self, forKey: .k)
            digest = try container.decode(String.self, forKey: .digest)
            selected = try container.decode([String].self, forKey: .selected)
            rejected = try container.decodeIfPresent([String].self, forKey: .rejected) ?? []
            replacements = try container.decodeIfPresent([String].self, forKey: .replacements) ?? []
        }
    }

    /// The teams of one department and the enterprise each inspects (spec §6).
    public struct TeamEntry: Codable, Sendable, Equatable {
        /// Department code.
        public var dept: String
        /// Team size `g` (`team_size`).
        public var teamSize: Int
        /// Members of team `t`, the leftover inspectors appended to the first teams.
        public var teams: [[String]]
        /// Enterprise → team index, in canonical order of the enterprise ids.
        public var assignments: [Assignment]

        /// An entry from its fields.
        public init(dept: String, teamSize: Int, teams: [[String]], assignments: [Assignment]) {
            self.dept = dept
            self.teamSize = teamSize
            self.teams = teams
            self.assignments = assignments
        }

        enum CodingKeys: String, CodingKey {
            case dept
            case teamSize = "team_size"
            case teams, assignments
        }
    }

    /// One `["<uscc>", team]` pair; JSON has it as a two-element array.
    public struct Assignment: Codable, Sendable, Equatable {
        /// USCC of the enterprise.
        public var enterprise: String
        /// Index of the team in the department's `teams`.
        public var team: Int

        /// The enterprise `enterprise` goes to team number `team`.
        public init(enterprise: String, team: Int) {
            self.enterprise = enterprise
            self.team = team
        }

        public init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            enterprise = try container.decode(String.self)
            team = try container.decode(Int.self)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.unkeyedContainer()
            try container.encode(enterprise)
            try container.encode(team)
        }
    }
}
