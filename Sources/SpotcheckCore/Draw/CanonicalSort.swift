/// Sorts candidate ids by their UTF-8 bytes, fast enough for ten million rows.
///
/// Why not `[String].sorted()`: strings compare by Unicode rules and allocate;
/// here the first 24 bytes of every id are packed big-endian into three words,
/// so almost every comparison is one or two integer compares on contiguous
/// memory, and only ids longer than 24 bytes with equal prefixes fall back to
/// comparing their tails. Zero padding is order-preserving because ids never
/// contain a NUL (control characters are refused before sorting).
struct CanonicalSortKey {
    var word0: UInt64
    var word1: UInt64
    var word2: UInt64
    /// Index of the candidate in input order.
    var index: UInt32
    /// Rank of the candidate's stratum in canonical stratum order.
    var stratumRank: UInt32
}

enum CanonicalSort {
    /// Bytes covered by the packed key.
    static let keyBytes = 24

    /// Keys of all candidates sorted by id bytes.
    static func sortedKeys(
        bytes: UnsafeBufferPointer<UInt8>,
        offsets: UnsafeBufferPointer<Int>,
        stratumRanks: (Int) -> UInt32
    ) -> ContiguousArray<CanonicalSortKey> {
        let count = offsets.count - 1
        var keys = ContiguousArray<CanonicalSortKey>()
        keys.reserveCapacity(count)
        for index in 0..<count {
            let start = offsets[index]
            let length = offsets[index + 1] - start
            keys.append(CanonicalSortKey(
                word0: packedWord(bytes, start: start, length: length, skip: 0),
                word1: packedWord(bytes, start: start, length: length, skip: 8),
                word2: packedWord(bytes, start: start, length: length, skip: 16),
                index: UInt32(index),
                stratumRank: stratumRanks(index)
            ))
        }
        keys.withUnsafeMutableBufferPointer { buffer in
            buffer.sort { lhs, rhs in
                if lhs.word0 != rhs.word0 { return lhs.word0 < rhs.word0 }
                if lhs.word1 != rhs.word1 { return lhs.word1 < rhs.word1 }
                if lhs.word2 != rhs.word2 { return lhs.word2 < rhs.word2 }
                return compareTails(bytes, offsets, Int(lhs.index), Int(rhs.index)) < 0
            }
        }
        return keys
    }

    /// Whether two sorted neighbours are the same id.
    static func sameID(
        _ lhs: CanonicalSortKey, _ rhs: CanonicalSortKey,
        bytes: UnsafeBufferPointer<UInt8>, offsets: UnsafeBufferPointer<Int>
    ) -> Bool {
        lhs.word0 == rhs.word0 && lhs.word1 == rhs.word1 && lhs.word2 == rhs.word2
            && compareTails(bytes, offsets, Int(lhs.index), Int(rhs.index)) == 0
    }

    /// Bytes `skip..<skip+8` of an id as a big-endian word, zero-padded.
    @inline(__always)
    private static func packedWord(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, length: Int, skip: Int) -> UInt64 {
        if length >= skip + 8 {
            return UInt64(bigEndian: UnsafeRawPointer(bytes.baseAddress! + start + skip)
                .loadUnaligned(as: UInt64.self))
        }
        var word: UInt64 = 0
        var position = skip
        while position < skip + 8 {
            word <<= 8
            if position < length { word |= UInt64(bytes[start + position]) }
            position += 1
        }
        return word
    }

    /// Compares the bytes after the packed prefix, then the lengths (−1, 0, 1).
    @inline(__always)
    private static func compareTails(
        _ bytes: UnsafeBufferPointer<UInt8>, _ offsets: UnsafeBufferPointer<Int>, _ lhs: Int, _ rhs: Int
    ) -> Int {
        let lhsStart = offsets[lhs], lhsEnd = offsets[lhs + 1]
        let rhsStart = offsets[rhs], rhsEnd = offsets[rhs + 1]
        let lhsLength = lhsEnd - lhsStart, rhsLength = rhsEnd - rhsStart
        if lhsLength <= keyBytes && rhsLength <= keyBytes {
            return lhsLength == rhsLength ? 0 : (lhsLength < rhsLength ? -1 : 1)
        }
        var offset = keyBytes
        while offset < lhsLength && offset < rhsLength {
            let left = bytes[lhsStart + offset], right = bytes[rhsStart + offset]
            if left != right { return left < right ? -1 : 1 }
            offset += 1
        }
        return lhsLength == rhsLength ? 0 : (lhsLength < rhsLength ? -1 : 1)
    }
}
