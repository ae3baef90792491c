import Foundation
import SpotcheckCore

/// Tag cells (`危险化学品;工贸`) → known ``FieldTag``s, for enterprises and items.
///
/// Works on UTF-8 bytes against the vocabulary's byte forms: hashing or
/// comparing non-ASCII Swift strings goes through Unicode normalisation, which
/// made tag checking the most expensive column of a million-row import. The
/// vocabulary is small (a dozen tags), so a linear byte comparison wins.
struct TagMatcher {
    private let entries: [(bytes: [UInt8], tag: FieldTag, alone: [FieldTag])]
    private let vocabularyList: String

    init(_ vocabulary: FieldTagVocabulary) {
        entries = vocabulary.tags.map { (Array($0.rawValue.utf8), $0, [$0]) }
        vocabularyList = vocabulary.tags.map(\.rawValue).joined(separator: "、")
    }

    /// Known tags in cell order without repeats; each unknown one is an issue.
    func parse<Column: ImportColumn>(_ text: String, column: Column, issues: inout RowIssues<Column>) -> [FieldTag] {
        guard !text.isEmpty else { return [] }
        var text = text
        return text.withUTF8 { bytes -> [FieldTag] in
            // The common cell holds exactly one known tag: share a prebuilt array.
            if let index = match(bytes) { return entries[index].alone }
            var tags: [FieldTag] = []
            var seen: [Int] = []
            CellParsers.forEachListItem(in: bytes) { piece in
                guard let index = match(piece) else {
                    issues.add(column, "未知标签 \(String(decoding: piece, as: UTF8.self))（可用：\(vocabularyList)）")
                    return
                }
                if !seen.contains(index) {
                    seen.append(index)
                    tags.append(entries[index].tag)
                }
            }
            return tags
        }
    }

    /// Index of the entry with exactly these bytes: length first, then memcmp.
    private func match(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        for (index, entry) in entries.enumerated() where entry.bytes.count == bytes.count {
            let equal = entry.bytes.withUnsafeBufferPointer { memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }
            if equal { return index }
        }
        return nil
    }
}
