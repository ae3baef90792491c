import Foundation
import SpotcheckCore
import SpotcheckStore

/// The working-day calendar page's view model: twelve month grids and the year's special days,
/// each day saying whether its kind comes from the built-in notice or from a stored entry.
struct CalendarFormat {
    let year: Int
    /// Built-in notices with the stored rows on top: what every deadline uses.
    let effective: WorkingDayCalendar
    let builtIn = BuiltInHolidays.overrides
    let stored: [Int: CalendarStore.StoredDay]

    /// `storedDays` are the year's stored rows, put over the built-in notice by the same
    /// `WorkingDayCalendar(overrides:)` as ``CalendarStore/calendar()``, so the page counts what
    /// the deadlines count.
    init(year: Int, storedDays: [CalendarStore.StoredDay]) {
        self.year = year
        self.effective = WorkingDayCalendar(overrides: CalendarOverrides(storedDays.map { ($0.date, $0.kind) }))
        self.stored = Dictionary(storedDays.map { ($0.date.dayNumber, $0) }, uniquingKeysWith: { _, last in last })
    }

    static let weekdayNames = ["一", "二", "三", "四", "五", "六", "日"]
    static let monthNames = ["一月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月", "十一月", "十二月"]

    /// How a date differs from the plain Monday–Friday week (nil: it does not).
    enum Mark {
        case holiday  // a listed rest day: 法定节假日 on a weekday, or a weekend inside a holiday
        case swappedWorkday  // 调休上班 on a weekend
    }

    func mark(_ date: CivilDate) -> Mark? {
        switch effective.overrides.kind(of: date) {
        case .restDay?: return .holiday
        case .workday? where date.isWeekend: return .swappedWorkday
        default: return nil
        }
    }

    var workingDayCount: Int { effective.workingDayCount(inYear: year) }

    /// Rest days that fall on a Monday–Friday: the days the notice actually takes off work.
    var weekdayHolidayCount: Int { days.filter { !$0.isWeekend && effective.overrides.kind(of: $0) == .restDay }.count }
    var swappedWorkdayCount: Int { days.filter { mark($0) == .swappedWorkday }.count }

    var isBuiltInYear: Bool { builtIn.coveredYears.contains(year) }

    private var days: [CivilDate] {
        guard let first = CivilDate(year: year, month: 1, day: 1), let last = CivilDate(year: year, month: 12, day: 31) else { return [] }
        return (first.dayNumber...last.dayNumber).map(CivilDate.init(dayNumber:))
    }

    /// Twelve grids, weeks starting on Monday as Chinese wall calendars do.
    func months() -> [[String: Any]] {
        let blank: [String: Any] = ["day": ""]
        return (1...12).map { month -> [String: Any] in
            let length = CivilDate.daysInMonth(year: year, month: month)
            let first = CivilDate(year: year, month: month, day: 1)!
            var cells = Array(repeating: blank, count: first.weekday - 1)
            var working = 0
            for day in 1...length {
                let date = CivilDate(year: year, month: month, day: day)!
                if effective.isWorkingDay(date) { working += 1 }
                cells.append(cell(date))
            }
            cells += Array(repeating: blank, count: (7 - cells.count % 7) % 7)
            let weeks = stride(from: 0, to: cells.count, by: 7).map { start -> [String: Any] in ["days": Array(cells[start..<start + 7])] }
            return ["name": Self.monthNames[month - 1], "weeks": weeks, "workingDays": working]
        }
    }

    private func cell(_ date: CivilDate) -> [String: Any] {
        var classes: [String] = []
        var data: [String: Any] = ["day": String(date.day)]
        switch mark(date) {
        case .holiday?:
            classes.append("holiday")
            data["mark"] = "休"
        case .swappedWorkday?:
            classes.append("swap")
            data["mark"] = "班"
        case nil:
            if date.isWeekend { classes.append("weekend") }
        }
        if stored[date.dayNumber] != nil { classes.append("stored") }
        data["class"] = classes.joined(separator: " ")
        data["title"] = "\(date) 星期\(Self.weekdayNames[date.weekday - 1]) \(effective.isWorkingDay(date) ? "工作日" : "休息日")"
        return data
    }

    /// Every date of the year that the built-in notice or a stored row names, with its source.
    func specialDays() -> [[String: Any]] {
        days.filter { builtIn.kind(of: $0) != nil || stored[$0.dayNumber] != nil }.map { date -> [String: Any] in
            let kind = effective.overrides.kind(of: date)!
            var row: [String: Any] = [
                "date": date.description, "dateText": date.chineseText, "weekday": "星期" + Self.weekdayNames[date.weekday - 1],
                "kind": kind.rawValue, "meaning": meaning(date, kind), "isRest": kind == .restDay,
            ]
            if let entry = stored[date.dayNumber] {
                row["stored"] = true
                row["updatedBy"] = entry.updatedBy
                row["updatedAt"] = DisplayDate.format(entry.updatedAt)
                if let original = builtIn.kind(of: date) {
                    row["overrides"] = original == entry.kind ? "与内置相同" : "覆盖内置（原为\(original.rawValue)）"
                }
            }
            return row
        }
    }

    private func meaning(_ date: CivilDate, _ kind: CalendarOverrides.DayKind) -> String {
        switch (kind, date.isWeekend) {
        case (.restDay, false): "法定节假日（工作日放假）"
        case (.restDay, true): "节假日期间的周末"
        case (.workday, true): "调休上班"
        case (.workday, false): "工作日（与平常相同）"
        }
    }
}
