import Foundation
import Hummingbird
import SpotcheckCore

/// The `q` of a public search box (enterprise name or 统一社会信用代码): trimmed, and refused with
/// 400 when longer than a search box allows or carrying control characters, rather than cut
/// short silently.
enum SearchQuery {
    static func text(_ request: Request) throws -> String {
        let text = (request.uri.queryParameters.get("q") ?? "").trimmingCharacters(in: .whitespaces)
        try TextInput.check(text, field: "查询内容", limit: .search)
        return text
    }

    /// `path` with the search kept, for the pager's links.
    static func link(_ path: String, text: String) -> String {
        text.isEmpty ? path : path + "?q=" + (text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
    }
}
