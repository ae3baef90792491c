import SQLKit

/// `column LIKE '%text%' ESCAPE '!'` with the searched text taken literally: `%` and `_` typed in
/// a search box (and `_` is legal in names and codes) match themselves instead of acting as
/// wildcards, on SQLite and PostgreSQL alike. The text travels as a bound parameter.
struct SQLContains: SQLExpression {
    let column: any SQLExpression
    let text: String

    /// `!` rather than a backslash: its literal reads the same under every dialect and setting.
    static let escape: Character = "!"

    /// The LIKE pattern matching any value that contains `text`.
    static func pattern(_ text: String) -> String {
        var pattern = "%"
        for character in text {
            if character == escape || character == "%" || character == "_" { pattern.append(escape) }
            pattern.append(character)
        }
        return pattern + "%"
    }

    func serialize(to serializer: inout SQLSerializer) {
        column.serialize(to: &serializer)
        serializer.write(" LIKE ")
        SQLBind(Self.pattern(text)).serialize(to: &serializer)
        serializer.write(" ESCAPE '\(Self.escape)'")
    }
}
