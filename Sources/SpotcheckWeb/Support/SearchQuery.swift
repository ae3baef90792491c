import Foundation
import Hummingbird
import SpotcheckCore

/// The `q` of a search box (enterprise name or 统一社会信用代码): read as the browser sent it
/// (a GET form's `+` is a space, not a plus), spaces collapsed and trimmed, and refused with 400
/// when longer than a search box allows or carrying control characters, rather than cut short
/// silently.
enum SearchQuery {
    static func text(_ request: Request) throws -> String {
        try text(of: "q", in: request) ?? ""
    }

    /// The parameters of a GET form, decoded as the browser encoded them (`+` as a space) by the
    /// one form parser; `request.uri.queryParameters` would keep the `+`.
    static func fields(_ request: Request) throws -> FormFields {
        try FormFields(parsing: request.uri.query ?? "")
    }

    /// One parameter of a GET form, whitespace collapsed to single spaces and trimmed; nil when
    /// absent.
    static func text(of name: String, in request: Request) throws -> String? {
        guard let raw = try fields(request).first(name) else { return nil }
        let text = raw.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        try TextInput.check(text, field: "查询内容", limit: .search)
        return text
    }

    /// `path` with the search kept, for the pager's links.
    static func link(_ path: String, text: String) -> String {
        text.isEmpty ? path : path + "?q=" + (text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
    }
}
