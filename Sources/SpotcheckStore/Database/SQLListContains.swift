import SQLKit

/// `column` holds codes joined by `;` and contains `code` as a whole token: a plain substring
/// search on `';' || column || ';'` with each dialect's own function (`strpos` on PostgreSQL,
/// `instr` on SQLite), never LIKE, where `_` (legal in a code) is a wildcard.
struct SQLListContains: SQLExpression {
    let column: String
    let code: String

    func serialize(to serializer: inout SQLSerializer) {
        let function = serializer.dialect.name == "postgresql" ? "strpos" : "instr"
        serializer.write("\(function)(';' || ")
        SQLColumn(column).serialize(to: &serializer)
        serializer.write(" || ';', ")
        SQLBind(";" + code + ";").serialize(to: &serializer)
        serializer.write(") > 0")
    }
}
