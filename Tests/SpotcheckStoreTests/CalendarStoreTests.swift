import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
import Testing

@Suite("Stored holiday lists")
struct CalendarStoreTests {
    @Test("an imported year changes deadlines; a bad file changes nothing", arguments: TestDatabase.available)
    func importYear(database: TestDatabase) async throws {
        try await database.withStore { store in
            let calendars = CalendarStore(db: store.db)
            // 2027 is not built in: 2027-02-08 (Mon) is a plain working day until the list is imported.
            #expect(try await calendars.calendar().isWorkingDay(CivilDate("2027-02-08")!))
            let csv = "date,kind\n2027-02-06,休息日\n2027-02-07,工作日\n2027-02-08,休息日\n2027-02-09,休息日\n"
            let (years, entries) = try await calendars.importCSV(csv, actor: .init("office"))
            #expect(years == [2027] && entries == 4)
            let calendar = try await calendars.calendar()
            #expect(!calendar.isWorkingDay(CivilDate("2027-02-08")!))
            #expect(calendar.isWorkingDay(CivilDate("2027-02-07")!))  // a 调休 Sunday
            #expect(calendar.isCovered(year: 2027))
            // Friday 2027-02-05 + 1 working day skips the stored holiday to Sunday 2027-02-07 (调休).
            #expect(calendar.addWorkingDays(1, to: CivilDate("2027-02-05")!) == CivilDate("2027-02-07")!)
            // Built-in years still apply.
            #expect(!calendar.isWorkingDay(CivilDate("2024-06-10")!))
            await #expect(throws: StoreError.self) {
                try await calendars.importCSV("date,kind\n2027-13-01,休息日\n", actor: .init("office"))
            }
            #expect(try await calendars.overrides().entries.count == 4)
            // Re-importing a year replaces it whole.
            try await calendars.importCSV("date,kind\n2027-02-08,休息日\n", actor: .init("office"))
            #expect(try await calendars.overrides().entries.count == 1)
            #expect(try await AuditLog.verify(on: store.db).isIntact)
        }
    }
}
