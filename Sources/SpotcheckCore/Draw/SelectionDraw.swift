/// Drawing `k` of one stratum or department, with rejections and replacements
/// (spec §4 and §5 share this rule).
///
/// Why shared: an enterprise found deregistered and an inspector fallen ill are
/// replaced by the same rule — the next positions of the same shuffle — so one
/// implementation keeps both exactly alike. A replacement may itself be
/// rejected; rejections apply in the order they are recorded.
public struct SelectionDraw: Sendable {
    /// The stratum (or department) drawn from.
    public let stratum: CandidateList.Stratum
    /// The quota `k`.
    public let k: Int
    private var shuffle: PartialShuffle
    /// Canonical positions of `selected` (`a[0..k-1]`).
    public let selectedPositions: [Int]
    /// Canonical positions rejected, in the order they were rejected.
    public private(set) var rejectedPositions: [Int] = []
    /// Canonical positions of the replacements `a[k]`, `a[k+1]`, …
    public private(set) var replacementPositions: [Int] = []

    /// Draws `k` of `stratum` from the stream labelled `label`.
    public init(list: CandidateList, stratum: CandidateList.Stratum, k: Int, seed: DrawSeed, label: String) {
        precondition(k >= 0 && k <= stratum.count)
        self.stratum = stratum
        self.k = k
        var shuffle = PartialShuffle(count: stratum.count, stream: DrawStream(seed: seed, label: label))
        let base = stratum.range.lowerBound
        self.selectedPositions = shuffle.elements(0..<k).map { base + $0 }
        self.shuffle = shuffle
    }

    /// Rejects the candidate at canonical `position` and draws its replacement.
    ///
    /// - Returns: the canonical position of the replacement.
    /// - Throws: `rejectedNeverDrawn` unless the candidate is selected or a
    ///   replacement and not yet rejected; `noReplacementLeft` when the stratum
    ///   is exhausted.
    @discardableResult
    public mutating func reject(position: Int, id: String) throws(DrawError) -> Int {
        let drawn = selectedPositions.contains(position) || replacementPositions.contains(position)
        guard drawn, !rejectedPositions.contains(position) else { throw DrawError.rejectedNeverDrawn(id: id) }
        let next = k + replacementPositions.count
        guard next < shuffle.count else { throw DrawError.noReplacementLeft(stratum: stratum.name, rejected: id) }
        let replacement = stratum.range.lowerBound + shuffle.element(at: next)
        rejectedPositions.append(position)
        replacementPositions.append(replacement)
        return replacement
    }

    /// `selected` followed by `replacements`, minus every rejected candidate, in that order.
    public var finalPositions: [Int] {
        let rejected = Set(rejectedPositions)
        return (selectedPositions + replacementPositions).filter { !rejected.contains($0) }
    }
}
