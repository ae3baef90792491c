import Foundation
import Hummingbird

/// An `application/x-www-form-urlencoded` body as ordered name/value pairs: the one form parser
/// of the web layer. The input guard, the CSRF check and every handler read a form through it;
/// fixed forms decode into a `Decodable` type with ``decode(_:)``, the task form (a variable set
/// of per-department fields such as `items_yjj`) reads the pairs.
struct FormFields {
    var pairs: [(name: String, value: String)]

    /// `+` is a space; a malformed percent escape is refused (400), never guessed at.
    init(parsing body: String) throws {
        pairs = try body.split(separator: "&", omittingEmptySubsequences: true).compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try Self.decoded(parts[0])
            guard !name.isEmpty else { return nil }
            return (name, parts.count > 1 ? try Self.decoded(parts[1]) : "")
        }
    }

    static func decoded(_ text: Substring) throws -> String {
        guard let value = text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding else {
            throw HTTPError(.badRequest, message: "提交的内容编码有误（百分号转义不完整），请刷新页面后重试")
        }
        return value
    }

    /// The form of `request`, read within the request's body cap (`BodyLimitMiddleware`).
    static func read(_ request: Request, context: some PageRequestContext) async throws -> FormFields {
        var request = request
        let body = try await request.collectBody(upTo: context.bodyLimit)
        return try FormFields(parsing: String(buffer: body))
    }

    func first(_ name: String) -> String? { pairs.first { $0.name == name }?.value }
    func text(_ name: String) -> String { (first(name) ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
    func all(_ name: String) -> [String] { pairs.filter { $0.name == name }.map(\.value) }

    /// The fields as a `Decodable` form type of `String`, `String?` and `[String]?` properties:
    /// `name[]` fields (checkbox groups) become arrays, any other name its first value. A required
    /// field that is missing is a `DecodingError`, which pages answer with 400.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        var object: [String: Any] = [:]
        for (name, value) in pairs {
            if name.hasSuffix("[]") {
                let key = String(name.dropLast(2))
                object[key] = ((object[key] as? [String]) ?? []) + [value]
            } else if object[name] == nil {
                object[name] = value
            }
        }
        return try JSONDecoder().decode(T.self, from: JSONSerialization.data(withJSONObject: object))
    }
}

/// Reads an `application/x-www-form-urlencoded` body into a Decodable form type.
func decodeForm<T: Decodable>(_ type: T.Type, from request: Request, context: some PageRequestContext) async throws -> T {
    try await FormFields.read(request, context: context).decode(T.self)
}
