import SQLKit
import SpotcheckCore

/// What a public search box asks for: enterprises by name or by 统一社会信用代码. A whole, valid
/// code is looked up by equality, so the index on the code answers it; anything else is a
/// literal substring of the name or of the code.
struct EnterpriseSearch {
    let text: String

    /// nil when `text` is empty after trimming: no filter at all.
    init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        self.text = trimmed
    }

    /// The code `text` names exactly, upper-cased as codes are stored, when it is a valid one.
    var exactCode: String? {
        let code = USCC.normalized(text)
        return USCC.isValid(code) ? code : nil
    }

    /// The condition on the enterprise's name and code columns.
    func condition(name: any SQLExpression, uscc: any SQLExpression) -> any SQLExpression {
        if let exactCode { return SQLBinaryExpression(uscc, .equal, SQLBind(exactCode)) }
        return SQLGroupExpression(SQLBinaryExpression(
            SQLContains(column: name, text: text), .or, SQLContains(column: uscc, text: USCC.normalized(text))))
    }
}
