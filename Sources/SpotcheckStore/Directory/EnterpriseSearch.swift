import SQLKit
import SpotcheckCore

/// What a public search box asks for: enterprises by name or by 统一社会信用代码. A whole, valid
/// code is looked up by equality, so the index on the code answers it; anything else is a
/// literal substring of the name or of the code.
struct EnterpriseSearch {
    /// The words typed, split at any whitespace (a full-width space too): "恒安 加油站" finds
    /// 恒安加油站 and 恒安北加油站, as people type names they half remember.
    let terms: [String]
    var text: String { terms.joined(separator: " ") }

    /// nil when `text` has no words: no filter at all.
    init?(_ text: String) {
        let terms = text.split(whereSeparator: \.isWhitespace).map(String.init)
        guard !terms.isEmpty else { return nil }
        self.terms = terms
    }

    /// The code the words spell exactly (spaces dropped, any case), when it is a valid one.
    var exactCode: String? {
        let code = USCC.normalized(terms.joined())
        return USCC.isValid(code) ? code : nil
    }

    /// The condition on the enterprise's name and code columns: the exact code when the words
    /// are one (read off the index), else every word in the name or in the code.
    func condition(name: any SQLExpression, uscc: any SQLExpression) -> any SQLExpression {
        if let exactCode { return SQLBinaryExpression(uscc, .equal, SQLBind(exactCode)) }
        let each: [any SQLExpression] = terms.map { term in
            SQLGroupExpression(SQLBinaryExpression(
                SQLContains(column: name, text: term), .or, SQLContains(column: uscc, text: USCC.normalized(term))))
        }
        return each.dropFirst().reduce(each[0]) { SQLBinaryExpression($0, .and, $1) }
    }
}
