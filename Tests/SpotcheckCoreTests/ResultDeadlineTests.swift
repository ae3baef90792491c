import SpotcheckCore
import Testing

@Suite("Result publication deadlines")
struct ResultDeadlineTests {
    // domain.md's examples, each across a holiday or 调休 boundary.
    @Test("20 working days after the inspection", arguments: [
        ("2024-09-20", "2024-10-23"), ("2024-09-13", "2024-10-17"), ("2024-12-20", "2025-01-20"),
        ("2025-09-19", "2025-10-23"), ("2026-02-06", "2026-03-12"),
    ])
    func due(inspected: String, due: String) {
        #expect(ResultDeadline.due(inspectedOn: CivilDate(inspected)!) == CivilDate(due)!)
    }

    @Test("the last overdue inspection date: its deadline has passed, the next day's has not, across 2024–2026")
    func lastOverdueInspection() {
        var day = CivilDate("2024-01-01")!.dayNumber
        while day <= CivilDate("2026-12-31")!.dayNumber {
            let today = CivilDate(dayNumber: day)
            let cutoff = ResultDeadline.lastOverdueInspection(on: today)
            #expect(ResultDeadline.due(inspectedOn: cutoff) < today)
            #expect(ResultDeadline.due(inspectedOn: CivilDate(dayNumber: cutoff.dayNumber + 1)) >= today)
            day += 1
        }
    }

    @Test("a stored deadline wins over the one counted from the inspection date")
    func storedOrCounted() {
        let inspected = CivilDate("2024-09-20")!
        #expect(ResultDeadline.due(stored: nil, inspectedOn: inspected) == CivilDate("2024-10-23")!)
        #expect(ResultDeadline.due(stored: CivilDate("2024-10-01")!, inspectedOn: inspected) == CivilDate("2024-10-01")!)
        #expect(ResultDeadline.due(stored: nil, inspectedOn: nil) == nil)
    }

    @Test("problem categories")
    func problems() {
        #expect(!ResultCategory.noProblem.isProblem)
        #expect(ResultCategory.pendingFollowUp.isProblem)
        #expect(ResultCategory.allCases.count == 10)
    }
}
