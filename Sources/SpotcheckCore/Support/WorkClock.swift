import Foundation

/// Where "now" comes from. Passed in (the server and the CLI use ``system``; tests a ``fixed``
/// instant) so that deadlines, overdue lists and rendered dates are the same in every run of a test.
public struct WorkClock: Sendable {
    public let now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date) { self.now = now }

    public static let system = WorkClock { Date() }

    /// Always `instant`.
    public static func fixed(_ instant: Date) -> WorkClock { WorkClock { instant } }

    /// Noon China Standard Time of `day`: a fixed clock for tests that think in calendar days.
    public static func fixed(_ day: CivilDate) -> WorkClock {
        let instant = day.startOfDayInChina.addingTimeInterval(12 * 3600)
        return WorkClock { instant }
    }

    /// Today in China Standard Time: deadlines count in the offices' working days, whatever the
    /// server's own time zone is.
    public var today: CivilDate { CivilDate(chinaDayOf: now()) }
}

extension CivilDate {
    /// China Standard Time (UTC+8, no daylight saving).
    static let chinaCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!
        return calendar
    }()

    /// The calendar day of `date` in China Standard Time.
    public init(chinaDayOf date: Date) {
        let parts = CivilDate.chinaCalendar.dateComponents([.year, .month, .day], from: date)
        self = CivilDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }

    /// Midnight China Standard Time at the start of this day.
    public var startOfDayInChina: Date {
        CivilDate.chinaCalendar.date(from: DateComponents(year: year, month: month, day: day))!
    }
}
