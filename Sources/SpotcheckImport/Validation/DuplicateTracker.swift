/// Remembers the first line of every code in a file to report duplicates.
///
/// On a million-row import a `[String: Int]` cost a third of the validation
/// time: SipHash over the string, byte comparisons on every probe, rehashing
/// as it grew. Codes of up to 18 characters from the USCC alphabet — every
/// 统一社会信用代码 and all-digit 执法证号 — are packed 5 bits a character,
/// together with their line, into one 16-byte slot of a flat open-addressing
/// table, so an insert is one multiply and usually one cache miss. Other codes
/// fall back to a dictionary.
struct DuplicateTracker {
    private var table = PackedCodeTable()
    private var other: [String: Int] = [:]

    mutating func reserveCapacity(_ count: Int) {
        table.reserveCapacity(count)
    }

    /// The line where `code` appeared before, or nil after recording `line` for it.
    mutating func earlierLine(of code: String, line: Int) -> Int? {
        if let key = PackedCode(code), let packedLine = UInt32(exactly: line) {
            return table.insertOrFind(key, line: packedLine).map(Int.init)
        }
        if let earlier = other[code] { return earlier }
        other[code] = line
        return nil
    }
}

/// Up to 18 characters of `0-9 A-H J-N P-R T U W-Y`, each stored as its value
/// + 1 (1…31) in base 32, so no digit is 0 and codes of different lengths differ.
/// Characters 1–12 go in `high` (60 bits), 13–18 in the low 30 bits of `low`.
struct PackedCode {
    let high: UInt64
    let low: UInt64

    /// Byte → USCC value + 1, or 0 for bytes outside the alphabet.
    private static let digitTable: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256)
        for (value, byte) in "0123456789ABCDEFGHJKLMNPQRTUWXY".utf8.enumerated() { table[Int(byte)] = UInt8(value + 1) }
        return table
    }()

    init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    init?(_ code: String) {
        var code = code
        guard let packed = code.withUTF8({ Self.pack($0) }) else { return nil }
        self = packed
    }

    private static func pack(_ bytes: UnsafeBufferPointer<UInt8>) -> PackedCode? {
        guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
        return digitTable.withUnsafeBufferPointer { table -> PackedCode? in
            var high: UInt64 = 0
            var low: UInt64 = 0
            for index in 0..<bytes.count {
                let digit = UInt64(table[Int(bytes[index])])
                guard digit != 0 else { return nil }
                if index < 12 { high = high << 5 | digit } else { low = low << 5 | digit }
            }
            return PackedCode(high: high, low: low)
        }
    }

    var mixed: UInt64 {
        (high ^ (low &* 0xC2B2_AE3D_27D4_EB4F)) &* 0x9E37_79B9_7F4A_7C15
    }
}

/// Linear-probing table of packed codes; each slot holds the code and, in the
/// top 32 bits of `low`, the line it was first seen on. `high == 0` marks an
/// empty slot (every code has a first character, so its `high` is not 0).
struct PackedCodeTable {
    private struct Slot {
        var high: UInt64
        var low: UInt64
    }

    private static let codeBits: UInt64 = (1 << 30) - 1
    private var slots: [Slot] = []
    private var count = 0
    private var shift: UInt64 = 64

    mutating func reserveCapacity(_ expected: Int) {
        var capacity = 16
        while capacity < expected * 2 { capacity <<= 1 }
        if capacity > slots.count { resize(to: capacity) }
    }

    /// Inserts `key` with `line`, or returns the line it already has.
    mutating func insertOrFind(_ key: PackedCode, line: UInt32) -> UInt32? {
        if (count + 1) * 2 > slots.count { resize(to: max(16, slots.count * 2)) }
        let shift = self.shift
        let found: UInt32? = slots.withUnsafeMutableBufferPointer { slots in
            let mask = slots.count - 1
            var index = Int(truncatingIfNeeded: key.mixed >> shift)
            while true {
                let slot = slots[index]
                if slot.high == 0 {
                    slots[index] = Slot(high: key.high, low: key.low | UInt64(line) << 32)
                    return nil
                }
                if slot.high == key.high && slot.low & Self.codeBits == key.low { return UInt32(slot.low >> 32) }
                index = (index + 1) & mask
            }
        }
        if found == nil { count += 1 }
        return found
    }

    private mutating func resize(to capacity: Int) {
        let old = slots
        slots = [Slot](repeating: Slot(high: 0, low: 0), count: capacity)
        shift = UInt64(64 - capacity.trailingZeroBitCount)
        count = 0
        for slot in old where slot.high != 0 {
            _ = insertOrFind(PackedCode(high: slot.high, low: slot.low & Self.codeBits), line: UInt32(slot.low >> 32))
        }
    }
}
