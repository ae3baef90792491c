/// How many candidates a ratio draws (spec §4).
///
/// Why integers: `ceil(n · ratio_bp / 10000)` in floating point can round the
/// wrong way near whole numbers and two implementations could disagree; the
/// integer form `(n · ratio_bp + 9999) / 10000` cannot.
public enum Quota {
    /// The smallest accepted ratio in basis points (0.01 %).
    public static let minimumBasisPoints = 1
    /// The largest accepted ratio in basis points (100 %).
    public static let maximumBasisPoints = 10_000

    /// `ceil(n · ratio_bp / 10000)` for `n ≥ 0` and a ratio already checked by ``validate(_:stratum:)``.
    public static func count(n: Int, basisPoints: Int) -> Int {
        precondition(n >= 0 && basisPoints >= 0)
        return (n * basisPoints + 9_999) / 10_000
    }

    /// Throws unless `basisPoints` is within 1…10000.
    public static func validate(_ basisPoints: Int, stratum: String) throws(DrawError) {
        guard (minimumBasisPoints...maximumBasisPoints).contains(basisPoints) else {
            throw DrawError.ratioOutOfRange(stratum: stratum, basisPoints: basisPoints)
        }
    }
}
