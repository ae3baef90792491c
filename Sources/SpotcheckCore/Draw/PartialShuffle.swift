/// Fisher–Yates run only as far as needed (spec §4): step `j` swaps position `j`
/// with `j + uniform(n − j)`.
///
/// Why lazy: drawing 20 % of ten million needs two million steps, not ten; and
/// a replacement (补抽) is simply the next step of the same run, so the shuffle
/// keeps its stream and position and continues where it stopped.
public struct PartialShuffle: Sendable {
    private var order: ContiguousArray<UInt32>
    private var stream: DrawStream
    /// Number of leading positions already fixed.
    public private(set) var fixedCount = 0

    /// A shuffle of the positions `0..<count` driven by `stream`.
    public init(count: Int, stream: DrawStream) {
        precondition(count >= 0 && count <= Int(UInt32.max), "candidate count out of range")
        self.order = ContiguousArray(unsafeUninitializedCapacity: count) { buffer, initialized in
            for index in 0..<count { buffer[index] = UInt32(truncatingIfNeeded: index) }
            initialized = count
        }
        self.stream = stream
    }

    /// Number of positions being shuffled (`n`).
    public var count: Int { order.count }

    /// Runs the steps up to (not including) `limit`, clamped to `n`.
    public mutating func fix(upTo limit: Int) {
        let target = min(limit, order.count)
        guard fixedCount < target else { return }
        let n = order.count
        var step = fixedCount
        var stream = self.stream
        order.withUnsafeMutableBufferPointer { buffer in
            while step < target {
                let other = step + Int(stream.uniform(UInt64(n - step)))
                buffer.swapAt(step, other)
                step += 1
            }
        }
        self.stream = stream
        fixedCount = target
    }

    /// The original index now at shuffled position `position`, running steps as needed.
    public mutating func element(at position: Int) -> Int {
        precondition(position >= 0 && position < order.count)
        fix(upTo: position + 1)
        return Int(order[position])
    }

    /// The original indices at shuffled positions `range` (steps run as needed).
    public mutating func elements(_ range: Range<Int>) -> [Int] {
        fix(upTo: range.upperBound)
        return range.map { Int(order[$0]) }
    }

    /// The complete shuffle (every step run), as original indices.
    public static func fullShuffle(count: Int, stream: DrawStream) -> [Int] {
        var shuffle = PartialShuffle(count: count, stream: stream)
        return shuffle.elements(0..<count)
    }
}
