/// Runs the whole protocol of spec §1–§6 and produces the record of §7.
///
/// Why stages are exposed: ``DrawVerifier`` reruns the very same stages from a
/// record, so drawing and verifying cannot drift apart, and it can name the
/// first field that differs instead of only saying "no".
public enum DrawEngine {
    /// Draws enterprises, applies rejections, draws inspectors, forms and matches teams.
    public static func run(_ inputs: DrawInputs, _ parameters: DrawParameters) throws(DrawError) -> DrawRecord {
        guard parameters.secret.count == 32 else { throw DrawError.invalidSecret }
        guard parameters.teamSize >= 2 else { throw DrawError.teamSizeTooSmall(parameters.teamSize) }
        let seed = DrawSeed(secret: parameters.secret, entropy: parameters.entropy)

        var enterpriseDraws = try drawEnterprises(inputs.objects.candidates, ratios: parameters.ratios, seed: seed)
        try rejectEnterprises(parameters.rejectedEnterprises, in: &enterpriseDraws, list: inputs.objects.candidates)

        var inspectorDraws = try drawInspectors(
            inputs.inspectors, counts: parameters.inspectorsPerDepartment, seed: seed)
        try rejectInspectors(parameters.rejectedInspectors, in: &inspectorDraws, list: inputs.inspectors)

        let teams = try matchTeams(
            objects: inputs.objects, enterpriseDraws: enterpriseDraws, inspectorDraws: inspectorDraws,
            teamSize: parameters.teamSize, conflicts: inputs.conflicts, seed: seed)

        return DrawRecord(
            commitment: DrawSeed.commitment(secret: parameters.secret), secret: Hex.encode(parameters.secret),
            entropy: parameters.entropy, seed: seed.hex, conflictsDigest: inputs.conflicts.digest,
            objects: enterpriseDraws.map(\.entry), inspectors: inspectorDraws.map(\.entry), teams: teams)
    }

    /// One draw per stratum, in canonical order; every ratio must name a stratum with candidates.
    public static func drawEnterprises(
        _ list: CandidateList, ratios: RatioTable, seed: DrawSeed
    ) throws(DrawError) -> [EnterpriseDraw] {
        guard !list.strata.isEmpty else { throw DrawError.emptyStratumList }
        let present = Set(list.strata.map(\.name))
        if let unknown = ratios.explicit.keys.sorted(by: { $0.utf8Precedes($1) }).first(where: { !present.contains($0) }) {
            throw DrawError.ratioForUnknownStratum(stratum: unknown)
        }
        var draws: [EnterpriseDraw] = []
        for stratum in list.strata {
            let basisPoints = try ratios.basisPoints(for: stratum.name)
            draws.append(try EnterpriseDraw(list: list, stratum: stratum, basisPoints: basisPoints, seed: seed))
        }
        return draws
    }

    /// Applies enterprise rejections in order; each must name a drawn enterprise.
    public static func rejectEnterprises(
        _ ids: [String], in draws: inout [EnterpriseDraw], list: CandidateList
    ) throws(DrawError) {
        for id in ids {
            guard let (stratum, _) = list.locate(id),
                  let index = draws.firstIndex(where: { $0.selection.stratum == stratum })
            else { throw DrawError.rejectedNeverDrawn(id: id) }
            try draws[index].reject(id)
        }
    }

    /// One draw per listed department, in canonical order of the department codes.
    public static func drawInspectors(
        _ list: CandidateList, counts: [String: Int], seed: DrawSeed
    ) throws(DrawError) -> [InspectorDraw] {
        var draws: [InspectorDraw] = []
        for dept in counts.keys.sorted(by: { $0.utf8Precedes($1) }) {
            draws.append(try InspectorDraw(list: list, dept: dept, k: counts[dept] ?? 0, seed: seed))
        }
        return draws
    }

    /// Applies inspector rejections in order; each must name a drawn inspector.
    public static func rejectInspectors(
        _ ids: [String], in draws: inout [InspectorDraw], list: CandidateList
    ) throws(DrawError) {
        for id in ids {
            guard let (stratum, _) = list.locate(id),
                  let index = draws.firstIndex(where: { $0.dept == stratum.name })
            else { throw DrawError.rejectedNeverDrawn(id: id) }
            try draws[index].reject(id)
        }
    }

    /// The final enterprises of all strata: selected − rejected + replacements (canonical positions).
    public static func finalEnterprisePositions(_ draws: [EnterpriseDraw]) -> [Int] {
        draws.flatMap(\.selection.finalPositions)
    }

    /// Teams and assignments of every drawing department that has enterprises to inspect.
    public static func matchTeams(
        objects: EnterpriseList, enterpriseDraws: [EnterpriseDraw], inspectorDraws: [InspectorDraw],
        teamSize: Int, conflicts: ConflictSet, seed: DrawSeed
    ) throws(DrawError) -> [DrawRecord.TeamEntry] {
        let finalPositions = finalEnterprisePositions(enterpriseDraws)
        var entries: [DrawRecord.TeamEntry] = []
        for draw in inspectorDraws {
            let dept = draw.dept
            let teams = try TeamMatching.formTeams(inspectors: draw.finalInspectors, teamSize: teamSize, dept: dept)
            let enterprises = finalPositions
                .filter { objects.isInspected(at: $0, by: dept) }
                .map(objects.candidates.id(at:))
            guard !enterprises.isEmpty else { continue }
            let assignments = try TeamMatching.assignments(
                enterprises: enterprises, teams: teams, conflicts: conflicts, seed: seed, dept: dept)
            entries.append(DrawRecord.TeamEntry(dept: dept, teamSize: teamSize, teams: teams, assignments: assignments))
        }
        return entries
    }
}
