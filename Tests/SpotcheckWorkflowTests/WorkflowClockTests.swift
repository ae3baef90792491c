import Foundation
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
import SpotcheckWorkflow
import Testing

/// The times the store writes come from the workflow's clock, not the machine's: a test that
/// fixes "now" sees it as the publication, draw and dispatch times (issue 14 item 5).
@Suite("Store times follow the workflow's clock")
struct WorkflowClockTests {
    static let day = CivilDate("2024-06-03")!
    static let instant = CivilDate("2024-06-03")!.startOfDayInChina.addingTimeInterval(9.5 * 3600)

    static let office = Principal(userID: UUID(), username: "office", displayName: "县双随机办", role: .officeAdmin,
                                  departmentID: UUID(), departmentCode: "office", departmentName: "县双随机办")

    @Test("publish and draw are stamped with the fixed clock, and dispatches dated by it", arguments: TestDatabase.available)
    func stampsFollowTheClock(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords, directory: true, task: false)
            let workflow = Workflow(store: store, clock: .fixed(Self.instant))
            let created = try await workflow.createTask(DemoSeed.qinghePlan, origin: .offPlan(reason: "时钟测试"), by: Self.office)
            let id = TaskID(created.id)
            let published = try await workflow.publish(id, by: Self.office)
            #expect(published.publishedAt == Self.instant)
            let drawn = try await workflow.draw(id, entropy: "2024-06-03-witness", by: Self.office)
            #expect(drawn.drawnAt == Self.instant)
            let dispatches = try await workflow.dispatches(task: id, department: nil, for: Self.office).dispatches
            #expect(!dispatches.isEmpty)
            #expect(dispatches.allSatisfy { $0.dispatchedOn == Self.day })
            // Re-read from the database: what was stored, not what was returned.
            let stored = try await workflow.task(TaskReference(String(created.id)), for: Self.office)
            #expect(stored.publishedAt == Self.instant && stored.drawnAt == Self.instant)
        }
    }
}
