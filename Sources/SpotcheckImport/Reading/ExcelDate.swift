import SpotcheckCore

/// Excel stores dates as day counts ("serial numbers"). Kept in one place
/// because the 1900 system carries Lotus 1-2-3's phantom 1900-02-29.
public enum ExcelDate {
    /// 1899-12-30: serial 0 in the (post-February-1900) 1900 system.
    static let epoch1900 = CivilDate(year: 1899, month: 12, day: 30)!.dayNumber
    static let epoch1904 = CivilDate(year: 1904, month: 1, day: 1)!.dayNumber

    /// The date for a serial number; the fractional (time) part is dropped.
    /// Nil outside Excel's range (1 … 2 958 465, i.e. up to 9999-12-31).
    public static func date(fromSerial serial: Double, uses1904: Bool = false) -> CivilDate? {
        guard serial.isFinite, serial >= (uses1904 ? 0 : 1), serial < 2_958_466 else { return nil }
        let days = Int(serial.rounded(.down))
        if uses1904 { return CivilDate(dayNumber: epoch1904 + days) }
        // Serials 1…59 are before the phantom leap day, so they are one day later than the formula says.
        return CivilDate(dayNumber: epoch1900 + days + (days < 60 ? 1 : 0))
    }

    /// The serial number of `date` in the 1900 system (what our writer emits).
    public static func serial(of date: CivilDate) -> Int {
        let days = date.dayNumber - epoch1900
        return days < 61 ? days - 1 : days
    }

    /// Whether a number format code shows a date: it names years or days, or
    /// months without hours/seconds (`m` alone is ambiguous with minutes).
    /// Quoted literals, `[...]` sections (colours, locales) and escapes are ignored.
    static func isDateFormat(_ code: String) -> Bool {
        var plain = ""
        var inQuote = false
        var inBracket = false
        var escape = false
        for character in code.lowercased() {
            if escape { escape = false; continue }
            switch character {
            case "\\": escape = true
            case "\"": inQuote.toggle()
            case "[" where !inQuote: inBracket = true
            case "]" where !inQuote: inBracket = false
            default: if !inQuote && !inBracket { plain.append(character) }
            }
        }
        if plain.contains("y") || plain.contains("d") { return true }
        return plain.contains("m") && !plain.contains("h") && !plain.contains("s")
    }

    /// Built-in number formats that are dates (14–17, 22, 27–36 and 50–58 are
    /// the CJK locale dates Chinese Excel uses). 18–21 and 45–47 are times.
    static func isBuiltInDateFormat(_ id: Int) -> Bool {
        (14...17).contains(id) || id == 22 || (27...36).contains(id) || (50...58).contains(id)
    }
}
