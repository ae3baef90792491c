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

    @Test("problem categories")
    func problems() {
        #expect(!ResultCategory.noProblem.isProblem)
        #expect(ResultCategory.pendingFollowUp.isProblem)
        #expect(ResultCategory.allCases.count == 10)
    }
}
