import Foundation
import SpotcheckCore
import Testing

/// Every test vector of spec §9.
@Suite("Draw stream (spec §9 vectors)")
struct DrawStreamTests {
    /// SHA-256 of the UTF-8 text: the seed formula with that text as "secret" and empty entropy.
    static let seed = DrawSeed(secret: Array("spotcheck test vector".utf8), entropy: "")

    @Test func testVectorSeed() {
        #expect(Self.seed.hex == "5836fe2f6b7a4e67774196baf033e9f755572d71921989d7eb97880852fcd0c3")
    }

    @Test func firstSixWordsOfObjectsA() {
        var stream = DrawStream(seed: Self.seed, label: "objects/A")
        let words = (0..<6).map { _ in stream.nextWord() }
        let hex = words.map { word in
            let digits = String(word, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
        #expect(hex == ["361e123a09da8f88", "7237027d84d23bad", "0390dcae123a0ae6",
                        "e316d997389f9027", "56e740bca26a721c", "6896d2e4903cd4ed"])
    }

    @Test func uniformSevenOnObjectsA() {
        var stream = DrawStream(seed: Self.seed, label: "objects/A")
        #expect((0..<10).map { _ in stream.uniform(7) } == [1, 2, 2, 3, 3, 6, 1, 2, 3, 0])
    }

    @Test func uniformThreeOnInspectorsYjj() {
        var stream = DrawStream(seed: Self.seed, label: "inspectors/yjj")
        #expect((0..<10).map { _ in stream.uniform(3) } == [2, 0, 0, 2, 0, 0, 2, 0, 0, 0])
    }

    @Test func uniformWithRejectionsConsumesThirteenWords() {
        var stream = DrawStream(seed: Self.seed, label: "objects/A")
        let values = (0..<4).map { _ in stream.uniform((1 << 63) + 1) }
        #expect(values == [7140133502755770406, 1140478763374950838, 5866932262471819407, 2077451701334039603])
        #expect(stream.wordsUsed == 13)
        #expect(stream.blocksUsed == 4)
    }

    @Test func fullShuffleOfTenIDs() {
        let order = PartialShuffle.fullShuffle(count: 10, stream: DrawStream(seed: Self.seed, label: "objects/A"))
        #expect(order.map(String.init) == ["6", "4", "8", "0", "2", "5", "9", "7", "1", "3"])
    }

    @Test func partialShuffleIsPrefixOfFullShuffle() {
        var partial = PartialShuffle(count: 10, stream: DrawStream(seed: Self.seed, label: "objects/A"))
        #expect(partial.elements(0..<3) == [6, 4, 8])
        #expect(partial.element(at: 3) == 0)
        #expect(partial.elements(0..<10) == [6, 4, 8, 0, 2, 5, 9, 7, 1, 3])
    }

    @Test(arguments: [(7, 2), (10, 2), (11, 3), (0, 0)])
    func quotaAtTwentyPercent(n: Int, k: Int) {
        #expect(Quota.count(n: n, basisPoints: 2000) == k)
    }

    @Test func commitmentAndSeedOfExampleSecret() {
        let secret = [UInt8](0..<32)
        #expect(DrawSeed.commitment(secret: secret) == "630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd")
        #expect(DrawSeed(secret: secret, entropy: "2024-05-27-witness-417-293").hex
            == "52d452976b3b2ff1e34389ccae0ef367539bb0057f8ba89d48c12891f7bb2370")
    }

    @Test func uniformOfOneIsAlwaysZero() {
        var stream = DrawStream(seed: Self.seed, label: "x")
        #expect((0..<8).allSatisfy { _ in stream.uniform(1) == 0 })
        #expect(stream.wordsUsed == 8)
    }

    @Test func hexRoundTrip() {
        let bytes: [UInt8] = [0, 1, 0xab, 0xff]
        #expect(Hex.encode(bytes) == "0001abff")
        #expect(Hex.decode("0001ABff") == bytes)
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
    }
}
