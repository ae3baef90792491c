/// The enterprise draw of one stratum (spec §4): quota, shuffle, replacements.
///
/// Why per stratum: each stratum has its own label `objects/<s>` and stream, so
/// strata are drawn independently and a rejection in one never moves another.
public struct EnterpriseDraw: Sendable {
    /// The ratio applied, in basis points.
    public let basisPoints: Int
    /// The underlying selection with rejections.
    public private(set) var selection: SelectionDraw
    private let list: CandidateList

    /// Draws `ceil(n · bp / 10000)` enterprises of `stratum`.
    public init(list: CandidateList, stratum: CandidateList.Stratum, basisPoints: Int, seed: DrawSeed) throws(DrawError) {
        try Quota.validate(basisPoints, stratum: stratum.name)
        self.basisPoints = basisPoints
        self.list = list
        let k = Quota.count(n: stratum.count, basisPoints: basisPoints)
        self.selection = SelectionDraw(list: list, stratum: stratum, k: k, seed: seed, label: "objects/" + stratum.name)
    }

    /// Rejects `id` (selected or a replacement) and draws its replacement.
    public mutating func reject(_ id: String) throws(DrawError) {
        guard let position = list.position(of: id, in: selection.stratum) else {
            throw DrawError.rejectedNeverDrawn(id: id)
        }
        try selection.reject(position: position, id: id)
    }

    /// The record entry of this stratum.
    public var entry: DrawRecord.StratumEntry {
        DrawRecord.StratumEntry(
            stratum: selection.stratum.name, ratioBasisPoints: basisPoints, n: selection.stratum.count,
            k: selection.k, digest: list.digest(of: selection.stratum),
            selected: list.ids(at: selection.selectedPositions),
            rejected: selection.rejectedPositions.map(list.id(at:)),
            replacements: selection.replacementPositions.map(list.id(at:)))
    }
}
