import Testing
@testable import SpotcheckCore

@Suite("工作日日历")
struct WorkingDayCalendarTests {
    let calendar = WorkingDayCalendar.standard

    private func date(_ text: String) -> CivilDate { CivilDate(text)! }

    @Test("working days per year", arguments: [(2024, 251), (2025, 248), (2026, 248)])
    func yearTotals(year: Int, expected: Int) {
        #expect(calendar.workingDayCount(inYear: year) == expected)
    }

    @Test("publication deadline: 20 working days after completion", arguments: [
        ("2024-09-20", "2024-10-23"),
        ("2024-09-13", "2024-10-17"),
        ("2024-12-20", "2025-01-20"),
        ("2025-09-19", "2025-10-23"),
        ("2026-02-06", "2026-03-12"),
    ])
    func publicationDeadline(completed: String, due: String) {
        #expect(calendar.addWorkingDays(20, to: date(completed)) == date(due))
        #expect(calendar.workingDaysBetween(date(completed), date(due)) == 20)
    }

    @Test func dragonBoatFestival2024() {
        #expect(!calendar.isWorkingDay(date("2024-06-10")))  // Monday, 端午
        #expect(calendar.isWorkingDay(date("2024-06-07")))
        #expect(calendar.addWorkingDays(1, to: date("2024-06-07")) == date("2024-06-11"))
    }

    @Test func nationalDay() {
        for day in 1...7 { #expect(!calendar.isWorkingDay(CivilDate(year: 2024, month: 10, day: day)!)) }
        #expect(calendar.isWorkingDay(date("2024-09-29")))  // Sunday worked before 国庆
        #expect(calendar.addWorkingDays(1, to: date("2024-09-30")) == date("2024-10-08"))
        #expect(!calendar.isWorkingDay(date("2025-10-08")))  // 2025: eight days with 中秋
        #expect(calendar.isWorkingDay(date("2025-10-11")))
    }

    @Test func adjustedSaturdayIsAWorkingDay() {
        #expect(date("2024-10-12").weekday == 6)
        #expect(calendar.isWorkingDay(date("2024-10-12")))
        #expect(!calendar.isWorkingDay(date("2024-10-19")))
    }

    @Test func zeroAndNegativeCounts() {
        #expect(calendar.addWorkingDays(0, to: date("2024-10-05")) == date("2024-10-05"))
        #expect(calendar.addWorkingDays(-1, to: date("2024-10-08")) == date("2024-09-30"))
        #expect(calendar.workingDaysBetween(date("2024-10-23"), date("2024-09-20")) == -20)
    }

    @Test func uncoveredYearsFallBackToWeekdays() {
        #expect(calendar.isCovered(year: 2025))
        #expect(!calendar.isCovered(year: 2027))
        #expect(calendar.isWorkingDay(date("2027-10-01")))  // Friday; no notice known
        #expect(!calendar.isWorkingDay(date("2027-10-02")))
    }

    @Test func overridesFromCSV() throws {
        let csv = "\u{FEFF}date,kind,备注\n2027-10-01,休息日,国庆\n2027-10-09,工作日\n2027-01-01,holiday\n\n2027-02-06,workday\n"
        let overrides = try CalendarOverrides.parseCSV(csv)
        let extended = WorkingDayCalendar(overrides: overrides)
        #expect(extended.isCovered(year: 2027))
        #expect(!extended.isWorkingDay(date("2027-10-01")))
        #expect(extended.isWorkingDay(date("2027-10-09")))
        #expect(extended.isWorkingDay(date("2027-02-06")))
        #expect(extended.workingDayCount(inYear: 2024) == 251)  // built-ins kept
        let reparsed = try CalendarOverrides.parseCSV(overrides.csvText())
        #expect(reparsed == overrides)
    }

    @Test func overridesReportEveryBadLine() {
        let csv = "date,kind\n2027-13-01,休息日\n2027-10-02,放假\n2027-10-03,调班\n2027-10-02,工作日\nnonsense\n"
        #expect(throws: CalendarOverrides.ParseError.self) { try CalendarOverrides.parseCSV(csv) }
        do {
            _ = try CalendarOverrides.parseCSV(csv)
        } catch {
            #expect(error.issues.map(\.line) == [2, 4, 5, 6])
            #expect(error.issues[0].description == "第 2 行：日期 — 无效日期 2027-13-01（应为 yyyy-MM-dd）")
            #expect(error.issues[1].description.contains("调班"))
            #expect(error.issues[2].description == "第 5 行：日期 — 2027-10-02 与第 3 行矛盾")
        }
    }

    @Test func civilDateBasics() {
        #expect(CivilDate("2024-02-29") != nil)
        #expect(CivilDate("2025-02-29") == nil)
        #expect(CivilDate("2024-9-20") == nil)
        #expect(CivilDate("2024-09-20x") == nil)
        #expect(date("1970-01-01").weekday == 4)
        #expect(date("2024-09-20").weekday == 5)
        #expect(date("2000-03-01").dayNumber - date("2000-02-28").dayNumber == 2)
        #expect(CivilDate(dayNumber: date("1900-03-01").dayNumber) == date("1900-03-01"))
        #expect(date("2024-01-05").description == "2024-01-05")
        for number in stride(from: -800_000, to: 800_000, by: 997) {
            #expect(CivilDate(dayNumber: number).dayNumber == number)
        }
    }
}
