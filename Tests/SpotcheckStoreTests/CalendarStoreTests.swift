import FluentKit
import Foundation
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

    @Test("single days are added, changed and removed one at a time, audited, over built-in and imported years", arguments: TestDatabase.available)
    func singleDays(database: TestDatabase) async throws {
        try await database.withStore { store in
            let calendars = CalendarStore(db: store.db)
            let office = AuditLog.Actor("office")
            func events() async throws -> [AuditEventModel] { try await AuditEventModel.query(on: store.db).sort(\.$id).all() }
            let thursday = CivilDate("2027-05-06")!
            let started = Date()

            // A new day: stored with who and when, the calendar follows, one "create" event.
            #expect(try await calendars.setDay(thursday, to: .restDay, actor: office))
            #expect(try await !calendars.calendar().isWorkingDay(thursday))
            let stored = try await calendars.storedDays(year: 2027)
            #expect(stored.map(\.date) == [thursday] && stored.first?.kind == .restDay && stored.first?.updatedBy == "office")
            let updatedAt = try #require(stored.first?.updatedAt)
            #expect(abs(updatedAt.timeIntervalSince(started)) < 60)
            #expect(try await calendars.storedYears() == [2027])
            var log = try await events()
            #expect(log.count == 1 && log.last?.action == "create" && log.last?.entity == "calendar" && log.last?.entityID == "2027-05-06")

            // The same kind again changes nothing and writes no event.
            #expect(try await !calendars.setDay(thursday, to: .restDay, actor: office))
            #expect(try await events().count == 1)

            // Changing the kind is an "update" that records the previous kind.
            #expect(try await calendars.setDay(thursday, to: .workday, actor: .init("office2")))
            #expect(try await calendars.calendar().isWorkingDay(thursday))
            #expect(try await calendars.storedDays(year: 2027).first?.updatedBy == "office2")
            log = try await events()
            #expect(log.last?.action == "update" && log.last?.beforeJSON?.contains("休息日") == true && log.last?.afterJSON?.contains("工作日") == true)

            // A built-in year may be overridden too, and removing the stored day restores the notice.
            let dragonBoat = CivilDate("2024-06-10")!
            #expect(try await !calendars.calendar().isWorkingDay(dragonBoat))
            try await calendars.setDay(dragonBoat, to: .workday, actor: office)
            #expect(try await calendars.calendar().isWorkingDay(dragonBoat))
            #expect(try await calendars.calendar().workingDayCount(inYear: 2024) == 252)
            try await calendars.removeDay(dragonBoat, actor: office)
            #expect(try await !calendars.calendar().isWorkingDay(dragonBoat))
            #expect(try await calendars.calendar().workingDayCount(inYear: 2024) == 251)
            #expect(try await events().last?.action == "delete")

            // Removing a day nothing is stored for is refused and leaves no event.
            let count = try await events().count
            await #expect(throws: StoreError.notFound(entity: "录入的日期", key: "2024-06-10")) {
                try await calendars.removeDay(dragonBoat, actor: office)
            }
            #expect(try await events().count == count)

            // An import replaces its year whole, single edits included; other years stay.
            try await calendars.setDay(CivilDate("2028-01-03")!, to: .restDay, actor: office)
            try await calendars.importCSV("date,kind\n2027-02-08,休息日\n", actor: office)
            #expect(try await calendars.storedDays(year: 2027).map(\.date.description) == ["2027-02-08"])
            #expect(try await calendars.storedYears() == [2027, 2028])
            try await calendars.setDay(CivilDate("2027-02-09")!, to: .restDay, actor: office)
            #expect(try await calendars.storedDays(year: 2027).count == 2)
            try await calendars.clear(year: 2027, actor: office)
            #expect(try await calendars.storedDays(year: 2027).isEmpty)
            #expect(try await calendars.storedYears() == [2028])
            #expect(try await AuditLog.verify(on: store.db).isIntact)
        }
    }
}
