import Crypto

/// A frozen candidate list in canonical order (spec §3): by stratum, then by id,
/// comparing UTF-8 bytes.
///
/// Why frozen and flat: the draw is a function of exactly this order, so it is
/// computed once, checked for duplicates, and kept as one byte buffer plus
/// offsets. Ten million ids then cost about 200 MB instead of ten million
/// `String` objects, and digests stream straight from the buffer.
public struct CandidateList: Sendable {
    /// One stratum (or department) and the canonical positions of its candidates.
    public struct Stratum: Sendable, Equatable {
        /// The stratum or department code.
        public let name: String
        /// Canonical positions of the stratum's candidates in the whole list.
        public let range: Range<Int>
        /// Number of candidates in the stratum (`n` in the record).
        public var count: Int { range.count }
    }

    /// Strata in canonical order (byte order of their codes).
    public let strata: [Stratum]
    /// Input index of each canonical position, to carry attributes (such as an
    /// enterprise's departments) along with the sort.
    public let inputIndex: ContiguousArray<UInt32>
    let bytes: ContiguousArray<UInt8>
    let offsets: ContiguousArray<Int>

    /// Number of candidates in all strata.
    public var count: Int { inputIndex.count }

    /// Freezes a list of candidates.
    public init(_ candidates: [Candidate]) throws(DrawError) {
        var builder = CandidateListBuilder(capacity: candidates.count)
        for candidate in candidates { builder.append(candidate) }
        try self.init(builder)
    }

    /// Freezes the candidates of a builder: validates, sorts, refuses duplicates.
    public init(_ builder: CandidateListBuilder) throws(DrawError) {
        let names = builder.stratumNames
        for name in names {
            if name.isEmpty {
                let first = builder.strata.firstIndex { names[Int($0)].isEmpty } ?? 0
                throw DrawError.emptyStratum(id: Self.string(builder.bytes, builder.offsets, first))
            }
            if Self.hasControlCharacter(name.utf8) { throw DrawError.invalidCharacter(field: "stratum", value: name) }
        }
        let byName = names.indices.sorted { names[$0].utf8Precedes(names[$1]) }
        var rankOfNumber = [UInt32](repeating: 0, count: names.count)
        for (rank, number) in byName.enumerated() { rankOfNumber[number] = UInt32(rank) }

        let count = builder.count
        let strata = builder.strata
        var order = ContiguousArray<UInt32>(repeating: 0, count: count)
        var bucketStarts = [Int](repeating: 0, count: names.count + 1)
        try builder.bytes.withUnsafeBufferPointer { (bytes) throws(DrawError) in
            try builder.offsets.withUnsafeBufferPointer { (offsets) throws(DrawError) in
                for index in 0..<count {
                    let start = offsets[index], end = offsets[index + 1]
                    if start == end { throw DrawError.emptyID(stratum: names[Int(strata[index])]) }
                    if Self.hasControlCharacter(UnsafeBufferPointer(rebasing: bytes[start..<end])) {
                        throw DrawError.invalidCharacter(field: "id", value: Self.string(bytes, offsets, index))
                    }
                }
                let keys = CanonicalSort.sortedKeys(bytes: bytes, offsets: offsets) { rankOfNumber[Int(strata[$0])] }
                for position in keys.indices {
                    if position > 0, CanonicalSort.sameID(keys[position - 1], keys[position], bytes: bytes, offsets: offsets) {
                        throw DrawError.duplicateCandidate(id: Self.string(bytes, offsets, Int(keys[position].index)))
                    }
                    bucketStarts[Int(keys[position].stratumRank) + 1] += 1
                }
                for rank in 0..<names.count { bucketStarts[rank + 1] += bucketStarts[rank] }
                // Globally sorted by id, so distributing stably into strata keeps each sorted.
                var cursor = bucketStarts
                for key in keys {
                    order[cursor[Int(key.stratumRank)]] = key.index
                    cursor[Int(key.stratumRank)] += 1
                }
            }
        }
        var sortedBytes = ContiguousArray<UInt8>()
        sortedBytes.reserveCapacity(builder.bytes.count)
        var sortedOffsets = ContiguousArray<Int>()
        sortedOffsets.reserveCapacity(count + 1)
        sortedOffsets.append(0)
        builder.bytes.withUnsafeBufferPointer { bytes in
            for index in order {
                let start = builder.offsets[Int(index)], end = builder.offsets[Int(index) + 1]
                sortedBytes.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
                sortedOffsets.append(sortedBytes.count)
            }
        }
        self.bytes = sortedBytes
        self.offsets = sortedOffsets
        self.inputIndex = order
        self.strata = byName.enumerated().compactMap { rank, number in
            let range = bucketStarts[rank]..<bucketStarts[rank + 1]
            return range.isEmpty ? nil : Stratum(name: names[number], range: range)
        }
    }

    /// The id at a canonical position.
    public func id(at position: Int) -> String {
        Self.string(bytes, offsets, position)
    }

    /// The ids of a stratum in canonical order.
    public func ids(in stratum: Stratum) -> [String] {
        stratum.range.map { id(at: $0) }
    }

    /// The stratum with code `name`, if it has candidates.
    public func stratum(named name: String) -> Stratum? {
        strata.first { $0.name == name }
    }

    /// Canonical position of `id` within `stratum` (binary search on bytes).
    public func position(of id: String, in stratum: Stratum) -> Int? {
        let needle = Array(id.utf8)
        return bytes.withUnsafeBufferPointer { bytes -> Int? in
            var low = stratum.range.lowerBound, high = stratum.range.upperBound
            while low < high {
                let middle = (low + high) / 2
                let candidate = UnsafeBufferPointer(rebasing: bytes[offsets[middle]..<offsets[middle + 1]])
                if candidate.elementsEqual(needle) { return middle }
                if candidate.lexicographicallyPrecedes(needle) { low = middle + 1 } else { high = middle }
            }
            return nil
        }
    }

    /// The stratum and canonical position of `id`, searching every stratum.
    public func locate(_ id: String) -> (stratum: Stratum, position: Int)? {
        for stratum in strata {
            if let position = position(of: id, in: stratum) { return (stratum, position) }
        }
        return nil
    }

    /// Hex SHA-256 of the lines `id \t stratum \n` of the stratum, in canonical order.
    ///
    /// Streams through a fixed buffer: no line is ever built as a string.
    public func digest(of stratum: Stratum) -> String {
        var hasher = SHA256()
        let suffix = [UInt8(ascii: "\t")] + Array(stratum.name.utf8) + [UInt8(ascii: "\n")]
        let chunkSize = 1 << 16
        var chunk = [UInt8]()
        chunk.reserveCapacity(chunkSize + 256)
        bytes.withUnsafeBufferPointer { bytes in
            for position in stratum.range {
                chunk.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[offsets[position]..<offsets[position + 1]]))
                chunk.append(contentsOf: suffix)
                if chunk.count >= chunkSize {
                    hasher.update(data: chunk)
                    chunk.removeAll(keepingCapacity: true)
                }
            }
        }
        hasher.update(data: chunk)
        return Hex.encode(hasher.finalize())
    }

    static func hasControlCharacter<Bytes: Sequence>(_ bytes: Bytes) -> Bool where Bytes.Element == UInt8 {
        bytes.contains { $0 < 0x20 || $0 == 0x7f }
    }

    static func string(_ bytes: ContiguousArray<UInt8>, _ offsets: ContiguousArray<Int>, _ index: Int) -> String {
        bytes.withUnsafeBufferPointer { buffer in
            String(decoding: UnsafeBufferPointer(rebasing: buffer[offsets[index]..<offsets[index + 1]]), as: UTF8.self)
        }
    }

    static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ offsets: UnsafeBufferPointer<Int>, _ index: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[offsets[index]..<offsets[index + 1]]), as: UTF8.self)
    }
}
