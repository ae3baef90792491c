/// Collects candidates in input order before they are frozen into a ``CandidateList``.
///
/// Why a builder: millions of ids are appended as raw bytes into one buffer, so
/// neither a CSV file nor a synthetic benchmark allocates a `String` per
/// candidate, and strata are interned once instead of hashed per row.
public struct CandidateListBuilder: Sendable {
    /// All id bytes, concatenated in input order.
    var bytes: ContiguousArray<UInt8> = []
    /// `offsets[i]..<offsets[i+1]` are the bytes of candidate `i`.
    var offsets: ContiguousArray<Int> = [0]
    /// Interned stratum number of each candidate.
    var strata: ContiguousArray<UInt32> = []
    /// Stratum codes by interned number.
    var stratumNames: [String] = []
    private var stratumNumbers: [String: UInt32] = [:]

    /// An empty builder; `capacity` and `averageIDLength` pre-size the buffers.
    public init(capacity: Int = 0, averageIDLength: Int = 18) {
        bytes.reserveCapacity(capacity * averageIDLength)
        offsets.reserveCapacity(capacity + 1)
        strata.reserveCapacity(capacity)
    }

    /// Number of candidates appended so far.
    public var count: Int { strata.count }

    /// The interned number of `stratum`, to pass to ``append(id:stratum:)``.
    public mutating func stratumNumber(for stratum: String) -> UInt32 {
        if let number = stratumNumbers[stratum] { return number }
        let number = UInt32(stratumNames.count)
        stratumNames.append(stratum)
        stratumNumbers[stratum] = number
        return number
    }

    /// Appends a candidate given as UTF-8 bytes and an interned stratum number.
    public mutating func append<Bytes: Sequence>(id: Bytes, stratum: UInt32) where Bytes.Element == UInt8 {
        precondition(Int(stratum) < stratumNames.count, "stratum number not interned")
        bytes.append(contentsOf: id)
        offsets.append(bytes.count)
        strata.append(stratum)
    }

    /// Appends a candidate.
    public mutating func append(_ candidate: Candidate) {
        let number = stratumNumber(for: candidate.stratum)
        append(id: candidate.id.utf8, stratum: number)
    }
}
