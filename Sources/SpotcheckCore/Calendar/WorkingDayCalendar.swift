/// The Chinese working-day calendar used for every deadline (publication
/// within 20 working days, confirmation within 1, 经营异常 decisions within 10).
///
/// A date is a working day if it is a listed 调休 working day, or a
/// Monday–Friday outside every holiday. Years without a notice fall back to
/// the plain week; ``isCovered(year:)`` lets callers warn about that.
public struct WorkingDayCalendar: Sendable {
    public let overrides: CalendarOverrides

    /// Built-in notices (2024–2026) plus `extra`, whose entries win on conflict.
    public init(overrides extra: CalendarOverrides = CalendarOverrides()) {
        self.overrides = BuiltInHolidays.overrides.merging(extra)
    }

    /// Exactly `overrides`, without the built-in years (for tests and for a
    /// database that stores the full list itself).
    public init(onlyOverrides: CalendarOverrides) {
        self.overrides = onlyOverrides
    }

    /// The built-in calendar.
    public static let standard = WorkingDayCalendar()

    public func isWorkingDay(_ date: CivilDate) -> Bool {
        isWorkingDay(dayNumber: date.dayNumber)
    }

    /// Whether a holiday notice is known for `year` (built in or supplied).
    public func isCovered(year: Int) -> Bool {
        overrides.coveredYears.contains(year)
    }

    /// The date `count` working days after `date`, counting from the next day:
    /// with `count` = 1 the next working day. `count` = 0 returns `date`
    /// unchanged; a negative `count` walks back to the `|count|`-th working day
    /// before `date`.
    public func addWorkingDays(_ count: Int, to date: CivilDate) -> CivilDate {
        var number = date.dayNumber
        var remaining = abs(count)
        let step = count >= 0 ? 1 : -1
        while remaining > 0 {
            number += step
            if isWorkingDay(dayNumber: number) { remaining -= 1 }
        }
        return CivilDate(dayNumber: number)
    }

    /// Working days in the half-open interval (`start`, `end`]: the inverse of
    /// ``addWorkingDays(_:to:)`` (`workingDaysBetween(d, addWorkingDays(n, to: d)) == n`
    /// for n ≥ 0). Negative when `end` is before `start`.
    public func workingDaysBetween(_ start: CivilDate, _ end: CivilDate) -> Int {
        let (from, to) = (start.dayNumber, end.dayNumber)
        if to < from { return -workingDaysBetween(end, start) }
        var count = 0
        var number = from + 1
        while number <= to {
            if isWorkingDay(dayNumber: number) { count += 1 }
            number += 1
        }
        return count
    }

    /// Number of working days in a calendar year (2024 = 251, 2025 = 248, 2026 = 248).
    public func workingDayCount(inYear year: Int) -> Int {
        guard let first = CivilDate(year: year, month: 1, day: 1),
              let last = CivilDate(year: year, month: 12, day: 31) else { return 0 }
        return workingDaysBetween(first.adding(days: -1), last)
    }

    private func isWorkingDay(dayNumber: Int) -> Bool {
        if let kind = overrides.kinds[dayNumber] { return kind == .workday }
        let offset = (dayNumber + 3) % 7
        let weekday = (offset < 0 ? offset + 7 : offset) + 1
        return weekday <= 5
    }
}
