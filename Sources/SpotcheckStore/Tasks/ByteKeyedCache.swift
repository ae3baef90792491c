/// Values worked out once per distinct short byte string (a tag combination as stored) and
/// looked up per row without making a `String` of the row's bytes.
///
/// Why: publication asks "is this tag combination in scope, and for which departments" a
/// million times over a few dozen distinct answers; hashing a fresh string per row was a
/// visible part of reading the directory.
struct ByteKeyedCache<Value> {
    private var buckets: [UInt64: [(key: [UInt8], value: Value)]] = [:]
    /// The last key hit, checked first: rows of one combination often come together.
    private var last: (key: [UInt8], value: Value)?

    /// The value for `key`, computing it with `make` the first time the key is seen.
    mutating func value(for key: UnsafeBufferPointer<UInt8>, make: (UnsafeBufferPointer<UInt8>) throws -> Value) rethrows -> Value {
        if let last, last.key.elementsEqual(key) { return last.value }
        let hash = Self.fnv1a(key)
        if let hit = buckets[hash]?.first(where: { $0.key.elementsEqual(key) }) {
            last = hit
            return hit.value
        }
        let entry = (key: Array(key), value: try make(key))
        buckets[hash, default: []].append(entry)
        last = entry
        return entry.value
    }

    /// 64-bit FNV-1a: enough to spread a few hundred keys; equality is always checked on the bytes.
    private static func fnv1a(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
