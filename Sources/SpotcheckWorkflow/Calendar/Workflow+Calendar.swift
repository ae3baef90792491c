import Foundation
import SpotcheckCore
import SpotcheckImport
import SpotcheckStore

/// 工作日日历: the office enters the State Council's holidays and 调休 working days for the years
/// the release does not know, and corrects single days; every deadline reads the same stored rows.
extension Workflow {
    /// The year asked for, or the current year in China when none is; a year outside 1900–2200 is
    /// refused rather than silently replaced by another.
    public func calendarYear(_ text: String?) throws -> Int {
        guard let text, !text.isEmpty else { return today.year }
        guard let year = Int(text), Self.calendarYears.contains(year) else {
            throw StoreError.invalid("无效年份 \(text)（应为四位数字，例如 2027）")
        }
        return year
    }

    /// The years a calendar entry may name.
    public static let calendarYears = 1900...2200

    /// What the calendar of `year` consists of: the days the office stored (they win over the
    /// built-in notice), whether the release knows the year, and the years that have stored days.
    public struct CalendarYear: Sendable {
        public let year: Int
        public let storedDays: [CalendarStore.StoredDay]
        public let storedYears: [Int]
        /// The built-in State Council notice's entries of the year (empty for a year the release does not know).
        public let builtInDays: [(date: CivilDate, kind: CalendarOverrides.DayKind)]
        public var isBuiltIn: Bool { BuiltInHolidays.years.contains { $0.year == year } }
    }

    public func calendar(year: Int, for principal: Principal) async throws -> CalendarYear {
        try RoleGate.office.check(principal)
        guard Self.calendarYears.contains(year) else { throw StoreError.invalid("无效年份 \(year)（应为 1900 至 2200 之间）") }
        let calendars = CalendarStore(db: db)
        let builtIn = BuiltInHolidays.overrides.entries.filter { $0.date.year == year }.map { (date: $0.date, kind: $0.kind) }
        return CalendarYear(year: year, storedDays: try await calendars.storedDays(year: year),
                            storedYears: try await calendars.storedYears(), builtInDays: builtIn)
    }

    /// Stores `kind` for `date` (adding or changing the day). False when it was stored so already
    /// (nothing written, nothing audited).
    @discardableResult
    public func setCalendarDay(_ date: CivilDate, to kind: CalendarOverrides.DayKind, by principal: Principal) async throws -> Bool {
        try RoleGate.office.check(principal)
        guard Self.calendarYears.contains(date.year) else { throw StoreError.invalid("无效日期 \(date)（年份应在 1900 至 2200 之间）") }
        return try await CalendarStore(db: db).setDay(date, to: kind, actor: Self.actor(principal))
    }

    /// Removes the stored day (the built-in notice or the plain week applies again); not found
    /// when nothing is stored for it.
    public func removeCalendarDay(_ date: CivilDate, by principal: Principal) async throws {
        try RoleGate.office.check(principal)
        try await CalendarStore(db: db).removeDay(date, actor: Self.actor(principal))
    }

    /// Removes a year's stored days. A year with nothing stored is not found: a stale page or a
    /// repeated call must not leave an audit event for clearing nothing.
    public func clearCalendarYear(_ year: Int, by principal: Principal) async throws {
        try RoleGate.office.check(principal)
        let calendars = CalendarStore(db: db)
        guard try await !calendars.storedDays(year: year).isEmpty else {
            throw StoreError.notFound(entity: "录入的节假日安排", key: "\(year) 年")
        }
        try await calendars.clear(year: year, actor: Self.actor(principal))
    }

    /// Imports the State Council's list (the CSV of `spotcheck calendar import`): every year the
    /// file names is replaced whole, all or nothing. Throws `CalendarOverrides.ParseError` with
    /// every bad line before anything is written, and `StoreError.invalid` for a file without dates.
    public func importCalendar(file data: Data, by principal: Principal) async throws -> (years: [Int], entries: Int) {
        try RoleGate.office.check(principal)
        let text: String
        do {
            text = try TextDecoding.decode(data).text
        } catch {
            throw StoreError.invalid("文件无法读取：\(error)")
        }
        return try await importCalendar(csv: text, by: principal)
    }

    public func importCalendar(csv text: String, by principal: Principal) async throws -> (years: [Int], entries: Int) {
        try RoleGate.office.check(principal)
        let parsed = try CalendarOverrides.parseCSV(text)
        guard !parsed.coveredYears.isEmpty else { throw StoreError.invalid("文件中没有日期，未写入任何数据") }
        return try await CalendarStore(db: db).importCSV(text, actor: Self.actor(principal))
    }
}
