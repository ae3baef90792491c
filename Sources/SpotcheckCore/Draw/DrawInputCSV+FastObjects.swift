/// A fast path for the objects file the platform itself writes when a task is published.
///
/// Why: a live task's draw rereads its frozen `objects.csv` — up to a million lines — and the
/// general reader builds a `String` per field and an array per row. Files in the exact shape
/// the platform writes (header `uscc,stratum,depts`, no quotes, no carriage returns, three
/// fields per line) are read here byte by byte straight into the candidate builder. Anything
/// else — and any line this path is unsure of — goes to the general reader, so results and
/// error messages are exactly the general reader's.
extension DrawInputCSV {
    static let platformObjectsHeader = Array("uscc,stratum,depts\n".utf8)

    /// The list, or nil when the text is not in the platform's exact shape.
    static func fastObjects(_ text: String) -> EnterpriseList? {
        var text = text
        return text.withUTF8 { bytes -> EnterpriseList? in
            guard bytes.starts(with: platformObjectsHeader),
                  !bytes.contains(UInt8(ascii: "\"")), !bytes.contains(UInt8(ascii: "\r")) else { return nil }
            var builder = CandidateListBuilder(capacity: bytes.count / 28)
            var departments: [[String]] = []
            departments.reserveCapacity(bytes.count / 28)
            var strata: [[UInt8]: UInt32] = [:]
            var deptLists: [[UInt8]: [String]] = [:]
            var lineStart = platformObjectsHeader.count
            while lineStart < bytes.count {
                var lineEnd = lineStart
                while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
                defer { lineStart = lineEnd + 1 }
                if lineEnd == lineStart { continue }  // blank line, as the general reader skips it
                var commas: [Int] = []
                for index in lineStart..<lineEnd where bytes[index] == UInt8(ascii: ",") { commas.append(index) }
                guard commas.count == 2 else { return nil }
                let id = UnsafeBufferPointer(rebasing: bytes[lineStart..<commas[0]])
                let stratum = Array(bytes[(commas[0] + 1)..<commas[1]])
                let depts = Array(bytes[(commas[1] + 1)..<lineEnd])
                guard !id.isEmpty, !stratum.isEmpty, !CandidateList.hasControlCharacter(id),
                      !CandidateList.hasControlCharacter(stratum) else { return nil }
                let number: UInt32
                if let known = strata[stratum] {
                    number = known
                } else {
                    number = builder.stratumNumber(for: String(decoding: stratum, as: UTF8.self))
                    strata[stratum] = number
                }
                builder.append(id: id, stratum: number)
                if let list = deptLists[depts] {
                    departments.append(list)
                } else {
                    let list = String(decoding: depts, as: UTF8.self).split(separator: ";")
                        .map { String($0).trimmedForDraw() }.filter { !$0.isEmpty }
                    deptLists[depts] = list
                    departments.append(list)
                }
            }
            guard builder.count > 0 else { return nil }
            return try? EnterpriseList(builder, departments: departments)
        }
    }
}
