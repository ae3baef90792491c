import FluentKit
import Foundation
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
@testable import SpotcheckWorkflow
import Testing

/// The dashboards' 逾期 count is one SQL count; it must always equal the length of the overdue
/// list the deadline page reads result by result, for every reader and on every day.
@Suite("Overdue results counted in SQL")
struct OverdueCountTests {
    static func reader(_ role: Role, _ department: String) -> Principal {
        Principal(userID: UUID(), username: "\(department)-reader", displayName: department, role: role,
                  departmentID: UUID(), departmentCode: department, departmentName: department)
    }

    @Test("the count equals the deadline list's overdue rows (office, auditor, each department; June to September 2024)",
          arguments: TestDatabase.available)
    func countMatchesList(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords, results: true)
            let readers = [Self.reader(.officeAdmin, "office"), Self.reader(.auditor, "audit")]
                + ["yjj", "scjg", "swj", "xf"].map { Self.reader(.deptAdmin, $0) }
            var sawDraft = false, sawSubmitted = false, largest = 0
            // Fixed days, and each draft's deadline and the day after it (a draft turns overdue then).
            let task = try #require(try await TaskStore(db: store.db).find(DemoSeed.qingheDocumentNumber))
            let drafts = try await ResultStore(db: store.db).list(taskID: task.id).filter { $0.status == .draft }.compactMap(\.input.inspectionDate)
            #expect(!drafts.isEmpty)
            var days = Set(["2024-06-20", "2024-07-02", "2024-07-03", "2024-07-10", "2024-07-22", "2024-08-08", "2024-09-30"].compactMap { CivilDate($0) })
            for inspected in drafts {
                let due = ResultDeadline.due(inspectedOn: inspected)
                days.formUnion([due, CivilDate(dayNumber: due.dayNumber + 1)])
            }
            for day in days.sorted() {
                let workflow = Workflow(store: store, clock: .fixed(day))
                for reader in readers {
                    let list = try await workflow.resultDeadlines(for: reader).overdue
                    let count = try await workflow.overdueResultCount(for: reader)
                    #expect(count == list.count, "\(day) \(reader.departmentCode): counted \(count), listed \(list.count)")
                    sawDraft = sawDraft || list.contains { $0.result.status == .draft }
                    sawSubmitted = sawSubmitted || list.contains { $0.result.status == .submitted }
                    largest = max(largest, count)
                }
            }
            // The days chosen reach both kinds of overdue result, so the comparison means something.
            #expect(sawDraft && sawSubmitted && largest > 5)
        }
    }
}
