import Foundation
import Hummingbird
import HummingbirdTesting
import SnapshotTesting
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
import SpotcheckWeb
import SpotcheckWorkflow
import Testing

/// Whole pages, byte for byte (issue 14 item 8): each role's dashboard and task list, and the
/// task page in every state a task passes through, rendered by the real application with the
/// clock fixed to 2024年6月20日, on SQLite. A change to a page shows up here as a diff to review;
/// `SNAPSHOT_TESTING_RECORD=all scripts/test.sh --filter PageSnapshotTests` re-records after an
/// intended change. The `contains` checks of the other page tests stay where they state a rule.
@Suite("Whole-page snapshots")
struct PageSnapshotTests {
    static let day = CivilDate("2024-06-20")!
    static let office = AuditLog.Actor("office")
    /// The demo's secret, so every run publishes the same commitment.
    static let secret = Array(repeating: UInt8(7), count: 32)

    /// What changes from run to run and says nothing about the page: CSRF tokens, and instants
    /// the store stamps with the real time (written "YYYY-MM-DD HH:MM" on today's real date).
    static func normalized(_ html: String) -> String {
        var text = html.replacingOccurrences(of: #"name="_csrf" value="[^"]*""#, with: #"name="_csrf" value="…""#, options: .regularExpression)
        text = text.replacingOccurrences(of: #"<meta name="csrf-token" content="[^"]*""#, with: #"<meta name="csrf-token" content="…""#,
                                         options: .regularExpression)
        let realToday = WorkClock.system.today.chineseText
        text = text.replacingOccurrences(of: realToday + #" \d{2}:\d{2}"#, with: "（当时）", options: .regularExpression)
        return text
    }

    /// One task per state before the demo's matched one, each moved on by the store with fixed inputs.
    static func tasksInEachState(_ store: StoreDatabase) async throws -> [(TaskState, Int)] {
        let tasks = TaskStore(db: store.db)
        var made: [(TaskState, Int)] = []
        for (index, target) in [TaskState.draft, .published, .confirming, .cancelled].enumerated() {
            var plan = DemoSeed.qinghePlan
            plan.documentNumber = "清快照〔2024〕\(index + 1)号"
            let created = try await tasks.create(plan, actor: office, now: day.startOfDayInChina)
            let id = String(created.id)
            if target != .draft {
                _ = try await tasks.publish(id, actor: office, today: CivilDate("2024-06-03")!, secret: secret)
            }
            if target == .confirming {
                _ = try await tasks.draw(id, entropy: "2024-06-05-witness-1-2", actor: office, today: CivilDate("2024-06-05")!)
            }
            if target == .cancelled { _ = try await tasks.cancel(id, reason: "上级通知调整抽查范围，本任务取消", actor: office) }
            made.append((target, created.id))
        }
        return made
    }

    @Test("each role's dashboard and task list, and the task page in each state, render as recorded")
    func pages() async throws {
        try await TestDatabase.sqlite.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords)
            let states = try await Self.tasksInEachState(store)
            var configuration = WebConfiguration()
            configuration.clock = .fixed(Self.day)
            let app = try await buildApplication(store: store, configuration: configuration)
            try await app.test(.router) { client in
                for username in ["office", "auditor", "yjj-admin", "yjj-01"] {
                    var session = WebSession(client: client)
                    #expect(try await session.login(username).status == .seeOther)
                    for (path, name) in [("/dashboard", "dashboard"), ("/tasks", "tasks")] {
                        let page = try await session.get(path)
                        #expect(page.status == .ok, "\(username) \(path)")
                        assertSnapshot(of: Self.normalized(String(buffer: page.body)), as: .lines, named: "\(username)-\(name)")
                    }
                }
                var office = WebSession(client: client)
                _ = try await office.login("office")
                // The demo task (已匹配) and one per earlier state, as the office sees them.
                for (state, id) in [(TaskState.matched, 1)] + states {
                    let page = try await office.get("/tasks/\(id)")
                    #expect(page.status == .ok, "task \(id)")
                    assertSnapshot(of: Self.normalized(String(buffer: page.body)), as: .lines, named: "task-\(String(describing: state))")
                }
                // A department admin's view of a task waiting for its confirmations.
                var yjj = WebSession(client: client)
                _ = try await yjj.login("yjj-admin")
                let confirming = try #require(states.first { $0.0 == .confirming }?.1)
                let page = try await yjj.get("/tasks/\(confirming)")
                assertSnapshot(of: Self.normalized(String(buffer: page.body)), as: .lines, named: "task-confirming-yjj-admin")
            }
        }
    }
}
