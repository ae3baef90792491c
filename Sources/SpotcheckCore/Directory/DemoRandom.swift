/// SplitMix64: a tiny, fully specified generator for demo data.
///
/// Not `SystemRandomNumberGenerator` and not the standard library's
/// `random(in:using:)`, whose reduction algorithm is an implementation detail:
/// the demo directory must come out byte-identical on every run and every
/// toolchain, because screenshots, docs and tests refer to its rows. Never use
/// this for draws — they use the verifiable SHA-256 stream.
struct DemoRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// 0 ..< bound by plain modulo; the tiny bias is irrelevant for demo data.
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        return Int(next() % UInt64(bound))
    }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// true with probability `percent` / 100.
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    mutating func digits(_ count: Int) -> String {
        String((0..<count).map { _ in Character(String(below(10))) })
    }
}
