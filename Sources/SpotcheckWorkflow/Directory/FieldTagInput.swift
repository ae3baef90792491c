import SpotcheckCore
import SpotcheckStore

/// Field tags typed by a person (the API's lists, a form's boxes): each must be a standard tag
/// or one the record already carries (an earlier import may have accepted a local one).
public enum FieldTagInput {
    public static func parse(_ values: [String], field: String, alsoAccepting existing: [FieldTag]) throws -> [FieldTag] {
        let vocabulary = FieldTagVocabulary.standard.adding(existing)
        var tags: [FieldTag] = []
        for value in values {
            let tag = FieldTag(value.trimmingCharacters(in: .whitespacesAndNewlines))
            if tag.rawValue.isEmpty || tags.contains(tag) { continue }
            guard vocabulary.contains(tag) else {
                let known = vocabulary.tags.map(\.rawValue).joined(separator: "、")
                throw StoreError.invalid("\(field)：未知标签 \(tag.rawValue)（可用：\(known)）")
            }
            tags.append(tag)
        }
        return tags
    }
}
