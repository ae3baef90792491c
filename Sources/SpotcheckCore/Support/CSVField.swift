/// How one field is written into every CSV the product exports (directory exports, statistics,
/// the publicity feed, templates): RFC 4180 quoting, and a field that a spreadsheet would run
/// as a formula made inert.
///
/// A cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage return is taken by Excel, WPS
/// and LibreOffice as the start of a formula (`=HYPERLINK(…)`, `@SUM(…)`, `+cmd|' /C calc'!A0`),
/// so an enterprise name typed by anyone could run in the office's spreadsheet. Such a field gets
/// a leading apostrophe, which spreadsheets show as text and do not display (OWASP's advice).
/// The draw protocol's own files (objects.csv and the others) are not written with this: their
/// bytes are specified and digested.
public enum CSVField {
    /// The field as text a spreadsheet will not evaluate.
    public static func neutralised(_ field: String) -> String {
        guard let first = field.utf8.first else { return field }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D: return "'" + field
        default: return field
        }
    }

    /// The field neutralised, then quoted when it holds a comma, quote, CR or LF or starts or
    /// ends with a space (which readers may trim), inner quotes doubled.
    public static func escaped(_ field: String) -> String {
        let value = neutralised(field)
        let needsQuotes = value.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
            || value.utf8.first == 0x20 || value.utf8.last == 0x20
        guard needsQuotes else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
