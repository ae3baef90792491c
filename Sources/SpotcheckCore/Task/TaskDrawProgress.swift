/// Replays a live task's draw from its frozen inputs and what has happened since.
///
/// Why replay instead of storing shuffle state: the protocol is a pure function of
/// the frozen lists, the seed and the rejections in the order recorded (spec §4–§6).
/// Recomputing from those facts after every step gives the replacement for a
/// rejection, the inspectors of a department and the teams, and guarantees that the
/// record the platform publishes is exactly what `spotcheck verify` recomputes.
public struct TaskDrawProgress: Sendable {
    /// One recorded rejection, in the order it happened.
    public struct Rejection: Sendable, Equatable {
        public enum Kind: String, Sendable { case enterprise, inspector }
        public var kind: Kind
        public var id: String
        public init(kind: Kind, id: String) {
            self.kind = kind
            self.id = id
        }
    }

    public let inputs: DrawInputs
    public let secret: [UInt8]
    public let entropy: String
    public let ratios: RatioTable
    /// Inspectors each department draws (fixed at publication).
    public let inspectorCounts: [String: Int]
    public let teamSize: Int

    public init(inputs: DrawInputs, secret: [UInt8], entropy: String, ratios: RatioTable,
                inspectorCounts: [String: Int], teamSize: Int) {
        self.inputs = inputs
        self.secret = secret
        self.entropy = entropy
        self.ratios = ratios
        self.inspectorCounts = inspectorCounts
        self.teamSize = teamSize
    }

    public var seed: DrawSeed { DrawSeed(secret: secret, entropy: entropy) }

    /// The enterprise draws of every stratum after `rejections` (enterprise kind only).
    public func enterpriseDraws(rejections: [Rejection]) throws(DrawError) -> [EnterpriseDraw] {
        var draws = try DrawEngine.drawEnterprises(inputs.objects.candidates, ratios: ratios, seed: seed)
        try DrawEngine.rejectEnterprises(rejections.filter { $0.kind == .enterprise }.map(\.id), in: &draws,
                                         list: inputs.objects.candidates)
        return draws
    }

    /// The final enterprises (selected − rejected + replacements), canonical order within each stratum's draw order.
    public func finalEnterprises(rejections: [Rejection]) throws(DrawError) -> [String] {
        DrawEngine.finalEnterprisePositions(try enterpriseDraws(rejections: rejections))
            .map(inputs.objects.candidates.id(at:))
    }

    /// The inspector draws of the departments in `departments` after `rejections`.
    public func inspectorDraws(departments: Set<String>, rejections: [Rejection]) throws(DrawError) -> [InspectorDraw] {
        var counts: [String: Int] = [:]
        for dept in departments { counts[dept] = inspectorCounts[dept] ?? 0 }
        var draws = try DrawEngine.drawInspectors(inputs.inspectors, counts: counts, seed: seed)
        let ids = rejections.filter { $0.kind == .inspector }.map(\.id)
        try DrawEngine.rejectInspectors(ids, in: &draws, list: inputs.inspectors)
        return draws
    }

    /// The record as it stands: enterprises always, the inspectors of `drawnDepartments`, and the
    /// teams when `matched`. When matched it equals `DrawEngine.run` with every rejection.
    public func record(rejections: [Rejection], drawnDepartments: Set<String>, matched: Bool) throws(DrawError) -> DrawRecord {
        try record(enterpriseDraws: try enterpriseDraws(rejections: rejections), rejections: rejections,
                   drawnDepartments: drawnDepartments, matched: matched)
    }

    /// ``record(rejections:drawnDepartments:matched:)`` for a caller that already holds
    /// `enterpriseDraws(rejections:)` of the same rejections: the enterprise draw over a
    /// million candidates is the expensive half and need not run twice.
    public func record(enterpriseDraws objects: [EnterpriseDraw], rejections: [Rejection], drawnDepartments: Set<String>,
                       matched: Bool) throws(DrawError) -> DrawRecord {
        let inspectors = try inspectorDraws(departments: drawnDepartments, rejections: rejections)
        var teams: [DrawRecord.TeamEntry] = []
        if matched {
            guard teamSize >= 2 else { throw DrawError.teamSizeTooSmall(teamSize) }
            teams = try DrawEngine.matchTeams(objects: inputs.objects, enterpriseDraws: objects, inspectorDraws: inspectors,
                                              teamSize: teamSize, conflicts: inputs.conflicts, seed: seed)
        }
        return DrawRecord(
            commitment: DrawSeed.commitment(secret: secret), secret: Hex.encode(secret), entropy: entropy,
            seed: seed.hex, conflictsDigest: inputs.conflicts.digest,
            objects: objects.map(\.entry), inspectors: inspectors.map(\.entry), teams: teams)
    }

    /// The rejected ids in order, as `DrawParameters` wants them for a full rerun.
    public func parameters(rejections: [Rejection]) -> DrawParameters {
        DrawParameters(secret: secret, entropy: entropy, ratios: ratios, inspectorsPerDepartment: inspectorCounts,
                       teamSize: teamSize,
                       rejectedEnterprises: rejections.filter { $0.kind == .enterprise }.map(\.id),
                       rejectedInspectors: rejections.filter { $0.kind == .inspector }.map(\.id))
    }
}
