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
        precondition(names.count <= Int(UInt16.max) && builder.count < Int(UInt32.max), "list too large")
        for name in names {
            if name.isEmpty {
                let first = builder.strata.firstIndex { names[Int($0)].isEmpty } ?? 0
                throw DrawError.emptyStratum(id: Self.string(builder.bytes, builder.offsets, first))
            }
            if Self.hasControlCharacter(name.utf8) { throw DrawError.invalidCharacter(field: "stratum", value: name) }
        }
        let byName = names.indices.sorted { names[$0].utf8Precedes(names[$1]) }
        var rankOfNumber = [UInt16](repeating: 0, count: names.count)
        for (rank, number) in byName.enumerated() { rankOfNumber[number] = UInt16(rank) }

        let frozen = try builder.bytes.withUnsafeBufferPointer { (bytes) throws(DrawError) in
            try builder.offsets.withUnsafeBufferPointer { (offsets) throws(DrawError) in
                try Self.freeze(bytes, offsets, builder.strata, names: names, rankOfNumber: rankOfNumber)
            }
        }
        self.bytes = frozen.bytes
        self.offsets = frozen.offsets
        self.inputIndex = frozen.inputIndex
        self.strata = byName.enumerated().compactMap { rank, number in
            let range = frozen.starts[rank]..<frozen.starts[rank + 1]
            return range.isEmpty ? nil : Stratum(name: names[number], range: range)
        }
    }

    /// Validates, sorts by id, refuses duplicates, and writes the canonical list
    /// (by stratum, then id) straight from the sorted keys.
    private static func freeze(
        _ bytes: UnsafeBufferPointer<UInt8>, _ offsets: UnsafeBufferPointer<Int>, _ strata: ContiguousArray<UInt32>,
        names: [String], rankOfNumber: [UInt16]
    ) throws(DrawError) -> (bytes: ContiguousArray<UInt8>, offsets: ContiguousArray<Int>, inputIndex: ContiguousArray<UInt32>, starts: [Int]) {
        let count = strata.count
        var keys = ContiguousArray<CanonicalSortKey>()
        keys.reserveCapacity(count)
        for index in 0..<count {
            let id = UnsafeBufferPointer(rebasing: bytes[offsets[index]..<offsets[index + 1]])
            if id.isEmpty { throw DrawError.emptyID(stratum: names[Int(strata[index])]) }
            if hasControlCharacter(id) { throw DrawError.invalidCharacter(field: "id", value: string(bytes, offsets, index)) }
            keys.append(CanonicalSort.key(id, index: index, stratumRank: rankOfNumber[Int(strata[index])]))
        }
        CanonicalSort.sort(&keys, bytes: bytes, offsets: offsets)

        // Count candidates and bytes per stratum, refusing duplicates on the way.
        var starts = [Int](repeating: 0, count: names.count + 1)
        var byteStarts = [Int](repeating: 0, count: names.count + 1)
        for position in keys.indices {
            let key = keys[position]
            if position > 0, CanonicalSort.sameID(keys[position - 1], key, bytes: bytes, offsets: offsets) {
                throw DrawError.duplicateCandidate(id: string(bytes, offsets, Int(key.index)))
            }
            starts[Int(key.stratumRank) + 1] += 1
            // The key's own length avoids a random read of `offsets` for every id.
            let length = key.length < UInt16.max ? Int(key.length) : offsets[Int(key.index) + 1] - offsets[Int(key.index)]
            byteStarts[Int(key.stratumRank) + 1] += length
        }
        for rank in 0..<names.count {
            starts[rank + 1] += starts[rank]
            byteStarts[rank + 1] += byteStarts[rank]
        }

        // Globally sorted by id, so distributing stably into strata keeps each sorted.
        var cursor = starts, byteCursor = byteStarts
        var newOffsets = ContiguousArray<Int>(unsafeUninitializedCapacity: count + 1) { buffer, initialized in
            buffer[0] = 0
            initialized = count + 1  // every other element is written by the scatter below
        }
        var inputIndex = ContiguousArray<UInt32>(unsafeUninitializedCapacity: count) { _, initialized in
            initialized = count  // written by the scatter below
        }
        let newBytes = newOffsets.withUnsafeMutableBufferPointer { newOffsets in
            inputIndex.withUnsafeMutableBufferPointer { inputIndex in
                ContiguousArray<UInt8>(unsafeUninitializedCapacity: bytes.count) { target, initialized in
                    for key in keys {
                        let rank = Int(key.stratumRank)
                        let position = cursor[rank]
                        byteCursor[rank] += CanonicalSort.copyID(
                            key, to: UnsafeMutableRawPointer(target.baseAddress! + byteCursor[rank]),
                            bytes: bytes, offsets: offsets)
                        newOffsets[position + 1] = byteCursor[rank]
                        inputIndex[position] = key.index
                        cursor[rank] = position + 1
                    }
                    initialized = bytes.count
                }
            }
        }
        return (newBytes, newOffsets, inputIndex, starts)
    }

    /// The id at a canonical position.
    public func id(at position: Int) -> String {
        Self.string(bytes, offsets, position)
    }

    /// The ids at distinct canonical `positions`, in the order given.
    ///
    /// Why not `positions.map(id(at:))`: the positions of a draw are shuffled,
    /// and reading ids at random from a buffer of hundreds of megabytes misses
    /// the TLB for almost every id. Large requests are served by walking the
    /// buffer in ascending order and placing each string in its slot.
    public func ids(at positions: [Int]) -> [String] {
        guard positions.count >= 4_096, let low = positions.min(), let high = positions.max(),
              high - low < 8 * positions.count
        else { return positions.map(id(at:)) }
        var slots = [Int32](repeating: -1, count: high - low + 1)
        for (slot, position) in positions.enumerated() {
            precondition(slots[position - low] < 0, "positions must be distinct")
            slots[position - low] = Int32(slot)
        }
        return [String](unsafeUninitializedCapacity: positions.count) { buffer, initialized in
            for (offset, slot) in slots.enumerated() where slot >= 0 {
                (buffer.baseAddress! + Int(slot)).initialize(to: id(at: low + offset))
            }
            initialized = positions.count
        }
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
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 8)
        defer { chunk.deallocate() }
        bytes.withUnsafeBufferPointer { bytes in
            offsets.withUnsafeBufferPointer { offsets in
                suffix.withUnsafeBytes { suffix in
                    var used = 0
                    for position in stratum.range {
                        let start = offsets[position], length = offsets[position + 1] - start
                        if used + length + suffix.count > chunkSize {
                            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: chunk[0..<used]))
                            used = 0
                        }
                        if length + suffix.count > chunkSize {
                            // An id longer than the chunk (never in practice): hash it directly.
                            hasher.update(bufferPointer: UnsafeRawBufferPointer(start: bytes.baseAddress! + start, count: length))
                            hasher.update(bufferPointer: suffix)
                            continue
                        }
                        (chunk.baseAddress! + used).copyMemory(from: bytes.baseAddress! + start, byteCount: length)
                        (chunk.baseAddress! + used + length).copyMemory(from: suffix.baseAddress!, byteCount: suffix.count)
                        used += length + suffix.count
                    }
                    hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: chunk[0..<used]))
                }
            }
        }
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
