/// Team formation and enterprise–team matching of one department (spec §6).
///
/// Why this rule: teams are cut from the drawn order, so nobody picks partners;
/// the match is a full shuffle under its own label, and an enterprise only moves
/// past a team when a declared conflict forces it, always to the next team in
/// turn, so conflicts cannot be used to steer it anywhere in particular.
public enum TeamMatching {
    /// Splits the department's final inspectors into `floor(k / g)` teams; the
    /// leftover inspector `x[T·g + r]` joins team `r`.
    public static func formTeams(inspectors: [String], teamSize: Int, dept: String) throws(DrawError) -> [[String]] {
        guard teamSize >= 2 else { throw DrawError.teamSizeTooSmall(teamSize) }
        let teamCount = inspectors.count / teamSize
        guard teamCount > 0 else {
            throw DrawError.tooFewInspectorsForTeam(dept: dept, inspectors: inspectors.count, teamSize: teamSize)
        }
        var teams = (0..<teamCount).map { Array(inspectors[$0 * teamSize..<($0 + 1) * teamSize]) }
        // `r mod T` equals `r` whenever there are fewer leftovers than teams (always
        // when g ≤ T); with more leftovers than teams they keep going round.
        for (offset, inspector) in inspectors[(teamCount * teamSize)...].enumerated() {
            teams[offset % teamCount].append(inspector)
        }
        return teams
    }

    /// Matches a department's enterprises, given in any order, and returns the
    /// assignments in canonical order of the enterprise ids (as in the record).
    public static func assignments(
        enterprises: [String], teams: [[String]], conflicts: ConflictSet, seed: DrawSeed, dept: String
    ) throws(DrawError) -> [DrawRecord.Assignment] {
        let sorted = CanonicalSort.sorted(enterprises)
        let matched = try match(enterprises: sorted, teams: teams, conflicts: conflicts, seed: seed, dept: dept)
        return zip(sorted, matched).map { DrawRecord.Assignment(enterprise: $0, team: $1) }
    }

    /// The team of each enterprise.
    ///
    /// - Parameters:
    ///   - enterprises: the department's enterprises in canonical order by id.
    /// - Returns: the team index of each enterprise, aligned with `enterprises`.
    /// - Throws: `noConflictFreeTeam` naming the first enterprise every team conflicts with.
    public static func match(
        enterprises: [String], teams: [[String]], conflicts: ConflictSet, seed: DrawSeed, dept: String
    ) throws(DrawError) -> [Int] {
        let teamCount = teams.count
        precondition(teamCount > 0)
        var teamOfInspector: [String: Int] = [:]
        for (index, team) in teams.enumerated() {
            for member in team { teamOfInspector[member] = index }
        }
        let order = PartialShuffle.fullShuffle(
            count: enterprises.count, stream: DrawStream(seed: seed, label: "match/" + dept))
        var result = [Int](repeating: 0, count: enterprises.count)
        var blocked = [Bool](repeating: false, count: teamCount)
        for (position, index) in order.enumerated() {
            let enterprise = enterprises[index]
            let conflicted = conflicts.inspectors(conflictingWith: enterprise).compactMap { teamOfInspector[$0] }
            let start = position % teamCount
            if conflicted.isEmpty {
                result[index] = start
                continue
            }
            for team in conflicted { blocked[team] = true }
            defer { for team in conflicted { blocked[team] = false } }
            guard let step = (0..<teamCount).first(where: { !blocked[(start + $0) % teamCount] }) else {
                throw DrawError.noConflictFreeTeam(dept: dept, enterprise: enterprise)
            }
            result[index] = (start + step) % teamCount
        }
        return result
    }
}
