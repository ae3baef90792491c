/// Sorts candidate ids by their UTF-8 bytes, fast enough for ten million rows.
///
/// Why not `[String].sorted()`: strings compare by Unicode rules and are
/// reference-counted; here the first 24 bytes of every id are packed big-endian
/// into three words, so almost every comparison is one or two integer compares
/// on contiguous memory, and only ids longer than 24 bytes with equal prefixes
/// fall back to comparing their tails. Zero padding is order-preserving because
/// ids never contain a NUL (control characters are refused before sorting). The
/// packed words also carry the id itself, so the sorted list is written from
/// the keys without random reads of the input.
struct CanonicalSortKey {
    var word0: UInt64
    var word1: UInt64
    var word2: UInt64
    /// Index of the candidate in input order.
    var index: UInt32
    /// Rank of the candidate's stratum in canonical stratum order.
    var stratumRank: UInt16
    /// Length of the id in bytes, saturated at `UInt16.max` (longer ids use the input).
    var length: UInt16
}

enum CanonicalSort {
    /// Bytes covered by the packed key.
    static let keyBytes = 24

    /// Sorts `keys` by id bytes; `bytes`/`offsets` hold the ids for the rare tail comparisons.
    static func sort(
        _ keys: inout ContiguousArray<CanonicalSortKey>,
        bytes: UnsafeBufferPointer<UInt8>, offsets: UnsafeBufferPointer<Int>
    ) {
        let less = { (lhs: CanonicalSortKey, rhs: CanonicalSortKey) -> Bool in
            if lhs.word0 != rhs.word0 { return lhs.word0 < rhs.word0 }
            if lhs.word1 != rhs.word1 { return lhs.word1 < rhs.word1 }
            if lhs.word2 != rhs.word2 { return lhs.word2 < rhs.word2 }
            return compareTails(lhs, rhs, bytes: bytes, offsets: offsets) < 0
        }
        let count = keys.count
        keys.withUnsafeMutableBufferPointer { buffer in
            guard count >= radixThreshold else { return buffer.sort(by: less) }
            // Bytes that are the same in every key (the `9` and the region code of
            // a county's USCCs) are found in one pass and never looked at again.
            var varying = (UInt64(0), UInt64(0), UInt64(0))
            let first = buffer[0]
            for key in buffer {
                varying.0 |= key.word0 ^ first.word0
                varying.1 |= key.word1 ^ first.word1
                varying.2 |= key.word2 ^ first.word2
            }
            let mask = CanonicalSortKey(
                word0: varying.0, word1: varying.1, word2: varying.2, index: 0, stratumRank: 0, length: 0)
            let scratch = UnsafeMutableBufferPointer<CanonicalSortKey>.allocate(capacity: count)
            defer { scratch.deallocate() }
            radixSort(buffer, other: scratch, inOriginal: true, byte: 0, varying: mask, less: less)
        }
    }

    /// Below this many keys a comparison sort beats another radix pass.
    private static let radixThreshold = 48

    /// Most-significant-digit radix sort on the packed bytes.
    ///
    /// Why radix: ten million keys are 320 MB; a merge sort streams them through
    /// memory twenty-odd times, while each radix pass splits them into up to 256
    /// buckets that soon fit in cache. Each pass scatters into the other buffer
    /// and the recursion continues there (ping-pong), so nothing is copied back
    /// until a bucket is finished.
    private static func radixSort(
        _ keys: UnsafeMutableBufferPointer<CanonicalSortKey>, other: UnsafeMutableBufferPointer<CanonicalSortKey>,
        inOriginal: Bool, byte: Int, varying: CanonicalSortKey, less: (CanonicalSortKey, CanonicalSortKey) -> Bool
    ) {
        var keys = keys
        var byte = byte
        while byte < keyBytes && digit(varying, byte) == 0 { byte += 1 }
        if keys.count < radixThreshold || byte >= keyBytes {
            // Small, or all 24 packed bytes equal (only tails of long ids differ).
            keys.sort(by: less)
            if !inOriginal { _ = other.update(fromContentsOf: keys) }
            return
        }
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 257) { counts in
            while byte < keyBytes {
                if digit(varying, byte) == 0 {
                    byte += 1
                    continue
                }
                counts.initialize(repeating: 0)
                for key in keys { counts[digit(key, byte) + 1] += 1 }
                if counts[digit(keys[0], byte) + 1] == keys.count {
                    byte += 1
                    continue
                }
                for bucket in 0..<256 { counts[bucket + 1] += counts[bucket] }
                // counts[b] is now the start of bucket b; scatter stably into the other buffer.
                withUnsafeTemporaryAllocation(of: Int.self, capacity: 256) { cursor in
                    _ = cursor.initialize(fromContentsOf: counts[0..<256])
                    for key in keys {
                        let bucket = digit(key, byte)
                        other[cursor[bucket]] = key
                        cursor[bucket] += 1
                    }
                }
                for bucket in 0..<256 where counts[bucket + 1] > counts[bucket] {
                    let range = counts[bucket]..<counts[bucket + 1]
                    let target = UnsafeMutableBufferPointer(rebasing: other[range])
                    let spare = UnsafeMutableBufferPointer(rebasing: keys[range])
                    if range.count == 1 {
                        if inOriginal { spare[0] = target[0] }
                        continue
                    }
                    radixSort(target, other: spare, inOriginal: !inOriginal, byte: byte + 1, varying: varying, less: less)
                }
                return
            }
            keys.sort(by: less)
            if !inOriginal { _ = other.update(fromContentsOf: keys) }
        }
    }

    /// Byte `byte` (0…23) of the packed id.
    @inline(__always)
    private static func digit(_ key: CanonicalSortKey, _ byte: Int) -> Int {
        let word = byte < 8 ? key.word0 : (byte < 16 ? key.word1 : key.word2)
        return Int(truncatingIfNeeded: (word >> UInt64(56 - 8 * (byte & 7))) & 0xff)
    }

    /// Whether two sorted neighbours are the same id.
    @inline(__always)
    static func sameID(
        _ lhs: CanonicalSortKey, _ rhs: CanonicalSortKey,
        bytes: UnsafeBufferPointer<UInt8>, offsets: UnsafeBufferPointer<Int>
    ) -> Bool {
        lhs.word0 == rhs.word0 && lhs.word1 == rhs.word1 && lhs.word2 == rhs.word2
            && compareTails(lhs, rhs, bytes: bytes, offsets: offsets) == 0
    }

    /// Strings in byte order (spec §3), e.g. a department's enterprises before matching.
    ///
    /// Sorting the strings themselves would retain and release both operands of
    /// every comparison; sorting packed keys touches no reference count.
    static func sorted(_ strings: [String]) -> [String] {
        var keys = ContiguousArray<CanonicalSortKey>()
        keys.reserveCapacity(strings.count)
        for (index, string) in strings.enumerated() {
            var string = string
            keys.append(string.withUTF8 { key($0, index: index, stratumRank: 0) })
        }
        keys.withUnsafeMutableBufferPointer { buffer in
            buffer.sort { lhs, rhs in
                if lhs.word0 != rhs.word0 { return lhs.word0 < rhs.word0 }
                if lhs.word1 != rhs.word1 { return lhs.word1 < rhs.word1 }
                if lhs.word2 != rhs.word2 { return lhs.word2 < rhs.word2 }
                return strings[Int(lhs.index)].utf8Precedes(strings[Int(rhs.index)])
            }
        }
        return keys.map { strings[Int($0.index)] }
    }

    /// The packed key of one id.
    @inline(__always)
    static func key(_ id: UnsafeBufferPointer<UInt8>, index: Int, stratumRank: UInt16) -> CanonicalSortKey {
        CanonicalSortKey(
            word0: packedWord(id, skip: 0), word1: packedWord(id, skip: 8), word2: packedWord(id, skip: 16),
            index: UInt32(truncatingIfNeeded: index), stratumRank: stratumRank,
            length: UInt16(clamping: id.count))
    }

    /// Copies the id of `key` to `target`: from the packed words when it fits in
    /// them, else from the input.
    @inline(__always)
    static func copyID(
        _ key: CanonicalSortKey, to target: UnsafeMutableRawPointer,
        bytes: UnsafeBufferPointer<UInt8>, offsets: UnsafeBufferPointer<Int>
    ) -> Int {
        let length = Int(key.length)
        if length <= keyBytes {
            var words = (key.word0.bigEndian, key.word1.bigEndian, key.word2.bigEndian)
            withUnsafeBytes(of: &words) { target.copyMemory(from: $0.baseAddress!, byteCount: length) }
            return length
        }
        let start = offsets[Int(key.index)], fullLength = offsets[Int(key.index) + 1] - start
        target.copyMemory(from: bytes.baseAddress! + start, byteCount: fullLength)
        return fullLength
    }

    /// Bytes `skip..<skip+8` of an id as a big-endian word, zero-padded.
    @inline(__always)
    private static func packedWord(_ id: UnsafeBufferPointer<UInt8>, skip: Int) -> UInt64 {
        if id.count >= skip + 8 {
            return UInt64(bigEndian: UnsafeRawPointer(id.baseAddress! + skip).loadUnaligned(as: UInt64.self))
        }
        var word: UInt64 = 0
        var position = skip
        while position < skip + 8 {
            word <<= 8
            if position < id.count { word |= UInt64(id[position]) }
            position += 1
        }
        return word
    }

    /// Compares the bytes after the packed prefix, then the lengths (−1, 0, 1).
    @inline(__always)
    private static func compareTails(
        _ lhs: CanonicalSortKey, _ rhs: CanonicalSortKey,
        bytes: UnsafeBufferPointer<UInt8>, offsets: UnsafeBufferPointer<Int>
    ) -> Int {
        if lhs.length <= keyBytes && rhs.length <= keyBytes {
            return lhs.length == rhs.length ? 0 : (lhs.length < rhs.length ? -1 : 1)
        }
        let lhsStart = offsets[Int(lhs.index)], lhsLength = offsets[Int(lhs.index) + 1] - lhsStart
        let rhsStart = offsets[Int(rhs.index)], rhsLength = offsets[Int(rhs.index) + 1] - rhsStart
        var offset = keyBytes
        while offset < lhsLength && offset < rhsLength {
            let left = bytes[lhsStart + offset], right = bytes[rhsStart + offset]
            if left != right { return left < right ? -1 : 1 }
            offset += 1
        }
        return lhsLength == rhsLength ? 0 : (lhsLength < rhsLength ? -1 : 1)
    }
}
