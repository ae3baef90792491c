/// Public holidays and 调休 working weekend days as published each year by the
/// 国务院办公厅 (关于…部分节假日安排的通知). Data, not logic: a later year is
/// added by the office through ``CalendarOverrides`` without a release, and
/// a new built-in year is one more entry here.
public enum BuiltInHolidays {
    /// One year's notice: inclusive holiday ranges and the listed working days.
    public struct Year: Sendable {
        public let year: Int
        public let holidays: [ClosedRange<CivilDate>]
        public let workdays: [CivilDate]
    }

    public static let years: [Year] = [
        Year(
            year: 2024,
            holidays: ranges(2024, [
                ("01-01", "01-01"), ("02-10", "02-17"), ("04-04", "04-06"), ("05-01", "05-05"),
                ("06-10", "06-10"), ("09-15", "09-17"), ("10-01", "10-07"),
            ]),
            workdays: dates(2024, ["02-04", "02-18", "04-07", "04-28", "05-11", "09-14", "09-29", "10-12"])
        ),
        Year(
            year: 2025,
            holidays: ranges(2025, [
                ("01-01", "01-01"), ("01-28", "02-04"), ("04-04", "04-06"), ("05-01", "05-05"),
                ("05-31", "06-02"), ("10-01", "10-08"),
            ]),
            workdays: dates(2025, ["01-26", "02-08", "04-27", "09-28", "10-11"])
        ),
        Year(
            year: 2026,
            holidays: ranges(2026, [
                ("01-01", "01-03"), ("02-15", "02-23"), ("04-04", "04-06"), ("05-01", "05-05"),
                ("06-19", "06-21"), ("09-25", "09-27"), ("10-01", "10-07"),
            ]),
            workdays: dates(2026, ["01-04", "02-14", "02-28", "05-09", "09-20", "10-10"])
        ),
    ]

    /// The built-in years as per-date overrides, the form the calendar looks up.
    public static var overrides: CalendarOverrides {
        var result = CalendarOverrides()
        for entry in years {
            result.coverYear(entry.year)
            for range in entry.holidays {
                for number in range.lowerBound.dayNumber...range.upperBound.dayNumber {
                    result.set(CivilDate(dayNumber: number), to: .restDay)
                }
            }
            for date in entry.workdays { result.set(date, to: .workday) }
        }
        return result
    }

    // The tables above are literals checked by tests, so a typo traps at once
    // rather than silently shifting a deadline.
    private static func date(_ year: Int, _ monthDay: String) -> CivilDate {
        guard let date = CivilDate("\(year)-\(monthDay)") else { preconditionFailure("bad built-in date \(monthDay)") }
        return date
    }

    private static func dates(_ year: Int, _ monthDays: [String]) -> [CivilDate] {
        monthDays.map { date(year, $0) }
    }

    private static func ranges(_ year: Int, _ pairs: [(String, String)]) -> [ClosedRange<CivilDate>] {
        pairs.map { date(year, $0.0)...date(year, $0.1) }
    }
}
