/// One entry of a frozen candidate list (spec §3): an enterprise with its
/// credit-risk stratum, or an inspector with their department.
///
/// Why a plain pair: the protocol orders and hashes nothing but these two
/// strings, so anything else (names, addresses) cannot influence a draw.
public struct Candidate: Sendable, Hashable {
    /// USCC for enterprises, inspector code (执法证号) for inspectors.
    public var id: String
    /// Stratum for enterprises (`*` when the task does not stratify), department code for inspectors.
    public var stratum: String

    /// A candidate `id` in `stratum`.
    public init(id: String, stratum: String) {
        self.id = id
        self.stratum = stratum
    }
}

extension String {
    /// Byte-wise UTF-8 order, the only order the protocol uses (spec §3).
    ///
    /// Why not `<`: Swift compares strings by Unicode canonical equivalence,
    /// which can disagree with byte order and with other implementations. Why
    /// `withUTF8`: comparing contiguous bytes is several times faster than
    /// walking two `UTF8View`s, and sorting hundreds of thousands of ids for
    /// matching spends most of its time here.
    public func utf8Precedes(_ other: String) -> Bool {
        let fast = utf8.withContiguousStorageIfAvailable { left in
            other.utf8.withContiguousStorageIfAvailable { right in
                let shared = Swift.min(left.count, right.count)
                var index = 0
                while index < shared {
                    let a = left[index], b = right[index]
                    if a != b { return a < b }
                    index += 1
                }
                return left.count < right.count
            }
        }
        return (fast ?? nil) ?? utf8.lexicographicallyPrecedes(other.utf8)
    }
}
