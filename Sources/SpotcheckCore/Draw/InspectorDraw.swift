/// The inspector draw of one department (spec §5).
///
/// Why `k` is fixed at the freeze: drawing one inspector fewer after the
/// entropy is known would be a way to steer who serves; the count is part of
/// the published notice and a late absence is a recorded rejection instead.
public struct InspectorDraw: Sendable {
    /// The underlying selection with rejections.
    public private(set) var selection: SelectionDraw
    private let list: CandidateList

    /// Draws `k` inspectors of department `dept` (label `inspectors/<d>`).
    public init(list: CandidateList, dept: String, k: Int, seed: DrawSeed) throws(DrawError) {
        guard k >= 1 else { throw DrawError.invalidInspectorCount(dept: dept, count: k) }
        guard let stratum = list.stratum(named: dept) else { throw DrawError.unknownDepartment(dept: dept) }
        guard k <= stratum.count else {
            throw DrawError.tooFewEligibleInspectors(dept: dept, eligible: stratum.count, requested: k)
        }
        self.list = list
        self.selection = SelectionDraw(list: list, stratum: stratum, k: k, seed: seed, label: "inspectors/" + dept)
    }

    /// The department code.
    public var dept: String { selection.stratum.name }

    /// Rejects inspector `id` (selected or a replacement) and draws the replacement.
    public mutating func reject(_ id: String) throws(DrawError) {
        guard let position = list.position(of: id, in: selection.stratum) else {
            throw DrawError.rejectedNeverDrawn(id: id)
        }
        try selection.reject(position: position, id: id)
    }

    /// `selected` + `replacements` − rejected: the inspectors teams are formed from.
    public var finalInspectors: [String] { selection.finalPositions.map(list.id(at:)) }

    /// The record entry of this department.
    public var entry: DrawRecord.DepartmentEntry {
        DrawRecord.DepartmentEntry(
            dept: dept, n: selection.stratum.count, k: selection.k, digest: list.digest(of: selection.stratum),
            selected: list.ids(at: selection.selectedPositions),
            rejected: selection.rejectedPositions.map(list.id(at:)),
            replacements: selection.replacementPositions.map(list.id(at:)))
    }
}
