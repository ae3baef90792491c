import Crypto

/// The commit-then-reveal seed of spec §1.
///
/// Why: the operator publishes `commitment = SHA-256(secret)` before the public
/// entropy exists, so it cannot pick a secret that suits a known entropy, and the
/// witnesses cannot know the secret, so nobody alone controls `seed`.
public struct DrawSeed: Sendable, Equatable {
    /// The 32 seed bytes, `SHA-256(secret ‖ UTF-8(entropy))`.
    public let bytes: [UInt8]

    /// The seed of a revealed `secret` and the public `entropy`.
    public init(secret: [UInt8], entropy: String) {
        var hasher = SHA256()
        hasher.update(data: secret)
        hasher.update(data: Array(entropy.utf8))
        self.bytes = Array(hasher.finalize())
    }

    /// A seed given directly (test vectors use `SHA-256("spotcheck test vector")`).
    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Lower-case hex of the seed, as written in the record.
    public var hex: String { Hex.encode(bytes) }

    /// `hex(SHA-256(secret))`, the value published on the task notice.
    public static func commitment(secret: [UInt8]) -> String {
        Hex.encode(SHA256.hash(data: secret))
    }

    /// A fresh 32-byte secret from the operating system's CSPRNG.
    public static func freshSecret() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for _ in 0..<4 {
            withUnsafeBytes(of: generator.next().bigEndian) { out.append(contentsOf: $0) }
        }
        return out
    }

    /// Parses a secret: exactly 64 hex digits.
    public static func parseSecret(_ text: String) throws(DrawError) -> [UInt8] {
        guard let bytes = Hex.decode(text), bytes.count == 32 else { throw DrawError.invalidSecret }
        return bytes
    }
}
