import Crypto

/// The labelled random stream of spec §2.
///
/// Why a stream per label: each stratum, department and matching draws from its
/// own sequence, so rejecting an enterprise in stratum B cannot shift a single
/// choice in stratum C or among the inspectors, and each part can be checked
/// alone. Words come from `SHA-256(seed ‖ label ‖ 0x00 ‖ u64be(i))`, four
/// big-endian words per block, used in order.
public struct DrawStream: Sendable {
    /// seed ‖ label ‖ 0x00 ‖ 8 counter bytes; only the counter is rewritten.
    private var message: [UInt8]
    private let counterOffset: Int
    private var blockIndex: UInt64 = 0
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    /// Number of words of the current block still unused (0 = compute the next block).
    private var remaining = 0

    /// The stream for `label` under `seed`.
    public init(seed: DrawSeed, label: String) {
        self.init(seed: seed.bytes, label: Array(label.utf8))
    }

    /// The stream for raw label bytes (`objects/` + stratum bytes and so on).
    public init(seed: [UInt8], label: [UInt8]) {
        var message = seed
        message.reserveCapacity(seed.count + label.count + 9)
        message.append(contentsOf: label)
        message.append(0)
        counterOffset = message.count
        message.append(contentsOf: repeatElement(0, count: 8))
        self.message = message
    }

    /// Blocks computed so far (test vectors count consumed words through this).
    public var blocksUsed: UInt64 { blockIndex }

    /// Words of the blocks computed so far that were handed out.
    public var wordsUsed: UInt64 { blockIndex * 4 - UInt64(remaining) }

    /// The next 64-bit word.
    public mutating func nextWord() -> UInt64 {
        if remaining == 0 { refill() }
        let word: UInt64
        switch remaining {
        case 4: word = words.0
        case 3: word = words.1
        case 2: word = words.2
        default: word = words.3
        }
        remaining -= 1
        return word
    }

    /// An unbiased integer in `0..<n` (spec §2: reject `u < (2^64 − n) mod n`).
    public mutating func uniform(_ n: UInt64) -> UInt64 {
        precondition(n >= 1, "uniform(n) needs n ≥ 1")
        // (2^64 − n) mod n computed in 64 bits: 0 &- n is 2^64 − n.
        let threshold = (0 &- n) % n
        while true {
            let word = nextWord()
            if word >= threshold { return word % n }
        }
    }

    private mutating func refill() {
        let counter = blockIndex
        let offset = counterOffset
        message.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: counter.bigEndian, toByteOffset: offset, as: UInt64.self)
        }
        let digest = SHA256.hash(data: message)
        digest.withUnsafeBytes { raw in
            words = (
                UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
                UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
                UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self)),
                UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
            )
        }
        blockIndex += 1
        remaining = 4
    }
}
