import Crypto

/// The outcome of verifying a draw record.
public enum DrawVerification: Sendable, Equatable {
    /// Every field recomputed equal.
    case verified
    /// The first field that differs, as a path such as `objects[B].selected[2]`.
    case mismatch(String)
}

/// Recomputes a draw from its record and the frozen lists (spec §1–§7).
///
/// Why field paths: an auditor who finds a difference must be able to say where
/// — a wrong commitment means the secret was swapped, a wrong digest means the
/// list was edited, a wrong selection means the draw was altered. Checks run in
/// that order (commitment, seed, digests, conflicts, selections, rejections and
/// replacements, teams, assignments), so the first reported field is the root
/// cause rather than a consequence of it.
public enum DrawVerifier {
    private struct Mismatch: Error { let path: String }

    /// Verifies `record` against the frozen `inputs`.
    public static func verify(_ record: DrawRecord, inputs: DrawInputs) -> DrawVerification {
        do {
            try check(record, inputs)
            return .verified
        } catch {
            return .mismatch(error.path)
        }
    }

    private static func check(_ record: DrawRecord, _ inputs: DrawInputs) throws(Mismatch) {
        try expect(record.protocol == DrawRecord.protocolName, "protocol")
        guard let secret = Hex.decode(record.secret), secret.count == 32 else { throw Mismatch(path: "secret") }
        try expectHex(record.commitment, DrawSeed.commitment(secret: secret), "commitment")
        let seed = DrawSeed(secret: secret, entropy: record.entropy)
        try expectHex(record.seed, seed.hex, "seed")

        // Frozen lists: enterprise strata, inspector departments, conflicts.
        let objects = inputs.objects.candidates
        let recordedStrata = try unique(record.objects.map(\.stratum), "objects")
        for stratum in objects.strata {
            guard let entry = recordedStrata[stratum.name].map({ record.objects[$0] }) else {
                throw Mismatch(path: "objects[\(stratum.name)]")
            }
            let path = "objects[\(stratum.name)]"
            try expectHex(entry.digest, objects.digest(of: stratum), path + ".digest")
            try expect(entry.n == stratum.count, path + ".n")
        }
        if let extra = record.objects.first(where: { objects.stratum(named: $0.stratum) == nil }) {
            throw Mismatch(path: "objects[\(extra.stratum)]")
        }
        let recordedDepts = try unique(record.inspectors.map(\.dept), "inspectors")
        for entry in record.inspectors {
            let path = "inspectors[\(entry.dept)]"
            let stratum = inputs.inspectors.stratum(named: entry.dept)
            let digest = stratum.map(inputs.inspectors.digest(of:)) ?? Hex.encode(SHA256.hash(data: [UInt8]()))
            try expectHex(entry.digest, digest, path + ".digest")
            try expect(entry.n == stratum?.count ?? 0, path + ".n")
        }
        try expectHex(record.conflictsDigest, inputs.conflicts.digest, "conflicts_digest")

        // Selections.
        var enterpriseDraws: [EnterpriseDraw] = []
        for stratum in objects.strata {
            let entry = record.objects[recordedStrata[stratum.name]!]
            let path = "objects[\(stratum.name)]"
            guard let draw = try? EnterpriseDraw(
                list: objects, stratum: stratum, basisPoints: entry.ratioBasisPoints, seed: seed)
            else { throw Mismatch(path: path + ".ratio_bp") }
            try expect(entry.k == draw.selection.k, path + ".k")
            try expectList(entry.selected, objects.ids(at: draw.selection.selectedPositions), path + ".selected")
            enterpriseDraws.append(draw)
        }
        var inspectorDraws: [InspectorDraw] = []
        for dept in recordedDepts.keys.sorted(by: { $0.utf8Precedes($1) }) {
            let entry = record.inspectors[recordedDepts[dept]!]
            let path = "inspectors[\(dept)]"
            guard let draw = try? InspectorDraw(list: inputs.inspectors, dept: dept, k: entry.k, seed: seed) else {
                throw Mismatch(path: path + ".k")
            }
            try expectList(entry.selected, inputs.inspectors.ids(at: draw.selection.selectedPositions), path + ".selected")
            inspectorDraws.append(draw)
        }

        // Rejections, applied in record order, and the replacements they produce.
        for index in enterpriseDraws.indices {
            let name = enterpriseDraws[index].selection.stratum.name
            let entry = record.objects[recordedStrata[name]!]
            let path = "objects[\(name)]"
            for (position, id) in entry.rejected.enumerated() {
                do { try enterpriseDraws[index].reject(id) } catch { throw Mismatch(path: path + ".rejected[\(position)]") }
            }
            let replacements = enterpriseDraws[index].selection.replacementPositions.map(objects.id(at:))
            try expectList(entry.replacements, replacements, path + ".replacements")
        }
        for index in inspectorDraws.indices {
            let dept = inspectorDraws[index].dept
            let entry = record.inspectors[recordedDepts[dept]!]
            let path = "inspectors[\(dept)]"
            for (position, id) in entry.rejected.enumerated() {
                do { try inspectorDraws[index].reject(id) } catch { throw Mismatch(path: path + ".rejected[\(position)]") }
            }
            let replacements = inspectorDraws[index].selection.replacementPositions.map(inputs.inspectors.id(at:))
            try expectList(entry.replacements, replacements, path + ".replacements")
        }

        // Teams, then assignments.
        let recordedTeams = try unique(record.teams.map(\.dept), "teams")
        // One team size per task: the value most entries carry (the first on a tie), so a
        // single edited entry is reported as `teams[d].team_size` rather than as its teams.
        let sizes = record.teams.map(\.teamSize)
        let teamSize = sizes.max { lhs, rhs in
            let left = sizes.count { $0 == lhs }, right = sizes.count { $0 == rhs }
            return left != right ? left < right : sizes.firstIndex(of: lhs)! > sizes.firstIndex(of: rhs)!
        } ?? 2
        let finalPositions = DrawEngine.finalEnterprisePositions(enterpriseDraws)
        var pending: [(entry: DrawRecord.TeamEntry, teams: [[String]], enterprises: [String])] = []
        for draw in inspectorDraws {
            let path = "teams[\(draw.dept)]"
            let unsorted = finalPositions
                .filter { inputs.objects.isInspected(at: $0, by: draw.dept) }
                .map(objects.id(at:))
            let enterprises = CanonicalSort.sorted(unsorted)
            let recorded = recordedTeams[draw.dept].map { record.teams[$0] }
            guard let teams = try? TeamMatching.formTeams(
                inspectors: draw.finalInspectors, teamSize: teamSize, dept: draw.dept)
            else { throw Mismatch(path: recorded == nil ? "inspectors[\(draw.dept)].k" : path + ".team_size") }
            guard !enterprises.isEmpty else {
                try expect(recorded == nil, path)
                continue
            }
            guard let entry = recorded else { throw Mismatch(path: path) }
            try expect(entry.teamSize == teamSize, path + ".team_size")
            for index in 0..<max(entry.teams.count, teams.count) {
                guard index < entry.teams.count, index < teams.count else { throw Mismatch(path: path + ".teams[\(index)]") }
                try expectList(entry.teams[index], teams[index], path + ".teams[\(index)]")
            }
            pending.append((entry, teams, enterprises))
        }
        if let extra = record.teams.first(where: { entry in !pending.contains { $0.entry.dept == entry.dept } }) {
            throw Mismatch(path: "teams[\(extra.dept)]")
        }
        for (entry, teams, enterprises) in pending {
            let path = "teams[\(entry.dept)].assignments"
            guard let matched = try? TeamMatching.match(
                enterprises: enterprises, teams: teams, conflicts: inputs.conflicts, seed: seed, dept: entry.dept)
            else { throw Mismatch(path: path) }
            for index in 0..<max(entry.assignments.count, enterprises.count) {
                guard index < entry.assignments.count, index < enterprises.count,
                      entry.assignments[index].enterprise.utf8.elementsEqual(enterprises[index].utf8),
                      entry.assignments[index].team == matched[index]
                else { throw Mismatch(path: path + "[\(index)]") }
            }
        }
    }

    private static func expect(_ condition: Bool, _ path: String) throws(Mismatch) {
        if !condition { throw Mismatch(path: path) }
    }

    private static func expectHex(_ recorded: String, _ computed: String, _ path: String) throws(Mismatch) {
        if recorded.lowercased() != computed { throw Mismatch(path: path) }
    }

    /// Element-wise comparison; the path names the first differing (or missing) index.
    private static func expectList(_ recorded: [String], _ computed: [String], _ path: String) throws(Mismatch) {
        for index in 0..<max(recorded.count, computed.count) {
            guard index < recorded.count, index < computed.count, recorded[index].utf8.elementsEqual(computed[index].utf8) else {
                throw Mismatch(path: path + "[\(index)]")
            }
        }
    }

    /// Index of each name; a name recorded twice is a mismatch.
    private static func unique(_ names: [String], _ field: String) throws(Mismatch) -> [String: Int] {
        var indices: [String: Int] = [:]
        for (index, name) in names.enumerated() {
            if indices[name] != nil { throw Mismatch(path: "\(field)[\(name)]") }
            indices[name] = index
        }
        return indices
    }
}
