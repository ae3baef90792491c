import SpotcheckCore

/// Accumulates the scanned candidates as the frozen `objects.csv` text and, at the same time,
/// as a candidate list for the digests and the draw, so publication never parses its own output.
///
/// Rows arrive as bytes (``ActiveEnterpriseRow``) and are appended as bytes: a million
/// enterprises become one text and one id buffer without a `String` per enterprise.
struct CandidateCollector {
    /// The departments of a tag combination, with their `objects.csv` cell made once.
    struct Departments {
        let list: [String]
        let cell: [UInt8]
        init(_ list: [String]) {
            self.list = list
            cell = Array(list.joined(separator: ";").utf8)
        }
    }

    /// The frozen `objects.csv` text, the candidates and the departments of each, in arrival order.
    struct Result {
        var text: String
        var builder: CandidateListBuilder
        var departments: [[String]]
        var count: Int { departments.count }
    }

    private var text: [UInt8] = Array("uscc,stratum,depts\n".utf8)
    private var builder = CandidateListBuilder(capacity: 1 << 12)
    /// Strata seen so far with their interned numbers; a directory has a handful.
    private var strata: [(name: [UInt8], number: UInt32)] = []
    private var departments: [[String]] = []

    init() { text.reserveCapacity(1 << 20) }

    mutating func append(uscc: UnsafeBufferPointer<UInt8>, stratum: UnsafeBufferPointer<UInt8>, departments: Departments) {
        text.append(contentsOf: uscc)
        text.append(UInt8(ascii: ","))
        text.append(contentsOf: stratum)
        text.append(UInt8(ascii: ","))
        text.append(contentsOf: departments.cell)
        text.append(UInt8(ascii: "\n"))
        builder.append(id: uscc, stratum: number(of: stratum))
        self.departments.append(departments.list)
    }

    private mutating func number(of stratum: UnsafeBufferPointer<UInt8>) -> UInt32 {
        if let known = strata.first(where: { $0.name.elementsEqual(stratum) }) { return known.number }
        let number = builder.stratumNumber(for: String(decoding: stratum, as: UTF8.self))
        strata.append((Array(stratum), number))
        return number
    }

    var result: Result { Result(text: String(decoding: text, as: UTF8.self), builder: builder, departments: departments) }
}
