import FluentKit
import Foundation
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
@testable import SpotcheckWorkflow
import Testing

/// 全部确认 as one use case: one transaction, one audit event, all or nothing, the department
/// rule checked in the workflow layer, and once only under parallel callers.
@Suite("Confirm all in the workflow layer")
struct ConfirmAllTests {
    static let day = CivilDate("2024-06-07")!
    static let clock = WorkClock.fixed(day)

    static func admin(_ department: String) -> Principal {
        Principal(userID: UUID(), username: "\(department)-admin", displayName: "\(department) 管理员", role: .deptAdmin,
                  departmentID: UUID(), departmentCode: department, departmentName: department)
    }

    /// A Qinghe task drawn and waiting for confirmations.
    static func drawnTask(_ workflow: Workflow) async throws -> TaskInfo {
        let tasks = TaskStore(db: workflow.store.db)
        try await DemoSeed.seed(on: workflow.store.db, passwords: workflow.store.passwords, directory: true, task: false)
        let office = AuditLog.Actor("office")
        let created = try await tasks.create(DemoSeed.qinghePlan, actor: office)
        _ = try await tasks.publish(String(created.id), actor: office, today: day)
        return try await tasks.draw(String(created.id), entropy: "2024-06-07-witness-1", actor: office, today: day)
    }

    static func confirmAllEvents(_ db: any Database, task: TaskInfo) async throws -> [AuditEventModel] {
        try await AuditEventModel.query(on: db).filter(\.$action == "confirm-all").filter(\.$entityID == String(task.id)).all()
    }

    @Test("confirms exactly the department's pending dispatches with one audit event; a second call finds none",
          arguments: TestDatabase.available)
    func confirmsPending(database: TestDatabase) async throws {
        try await database.withStore { store in
            let workflow = Workflow(store: store, clock: Self.clock)
            let task = try await Self.drawnTask(workflow)
            let tasks = TaskStore(db: store.db)
            let id = TaskID(task.id)
            // One enterprise confirmed singly first: confirm-all must leave it alone and count the rest.
            let mine = try await tasks.dispatches(task.id, department: "yjj").filter(\.active)
            #expect(mine.count > 2)
            try await workflow.confirm(task: id, enterprise: USCC(rawValue: mine[0].uscc), department: DepartmentCode(rawValue: "yjj"),
                                       by: Self.admin("yjj"))

            let count = try await workflow.confirmAll(task: id, department: DepartmentCode(rawValue: "yjj"), by: Self.admin("yjj"))
            #expect(count == mine.count - 1)
            let after = try await tasks.dispatches(task.id, department: "yjj").filter(\.active)
            #expect(after.allSatisfy { $0.decision == .confirmed })
            #expect(try await tasks.pendingConfirmations(task.id)["yjj"] == 0)
            // Other departments untouched.
            #expect(try await tasks.pendingConfirmations(task.id)["scjg"] ?? 0 > 0)
            let events = try await Self.confirmAllEvents(store.db, task: task)
            #expect(events.count == 1)
            #expect(events.first?.actor == "yjj-admin")
            #expect(try await workflow.confirmAll(task: id, department: DepartmentCode(rawValue: "yjj"), by: Self.admin("yjj")) == 0)
            #expect(try await Self.confirmAllEvents(store.db, task: task).count == 1)
        }
    }

    @Test("another department's admin is refused by the workflow layer and nothing is written",
          arguments: TestDatabase.available)
    func otherDepartmentRefused(database: TestDatabase) async throws {
        try await database.withStore { store in
            let workflow = Workflow(store: store, clock: Self.clock)
            let task = try await Self.drawnTask(workflow)
            await #expect(throws: AccessRefusal.forbidden("只能为本部门（scjg）操作，不能代其他部门操作")) {
                try await workflow.confirmAll(task: TaskID(task.id), department: DepartmentCode(rawValue: "yjj"), by: Self.admin("scjg"))
            }
            // A department outside the task (its own, so the first rule passes) is refused too.
            await #expect(throws: AccessRefusal.forbidden("本部门未参与此任务，无权查看")) {
                try await workflow.confirmAll(task: TaskID(task.id), department: DepartmentCode(rawValue: "zzz"), by: Self.admin("zzz"))
            }
            #expect(try await TaskStore(db: store.db).pendingConfirmations(task.id)["yjj"] ?? 0 > 0)
            #expect(try await Self.confirmAllEvents(store.db, task: task).isEmpty)
        }
    }

    @Test("confirm-all before the draw is a state conflict", arguments: TestDatabase.available)
    func refusedBeforeDraw(database: TestDatabase) async throws {
        try await database.withStore { store in
            let workflow = Workflow(store: store, clock: Self.clock)
            try await DemoSeed.seed(on: store.db, passwords: store.passwords, directory: true, task: false)
            let created = try await TaskStore(db: store.db).create(DemoSeed.qinghePlan, actor: .init("office"))
            _ = try await TaskStore(db: store.db).publish(String(created.id), actor: .init("office"), today: Self.day)
            await #expect(throws: TaskTransitionError(from: .published, action: "确认或退回企业")) {
                try await workflow.confirmAll(task: TaskID(created.id), department: DepartmentCode(rawValue: "yjj"), by: Self.admin("yjj"))
            }
        }
    }

    @Test("parallel confirm-all callers: the dispatches are confirmed once, with one audit event",
          arguments: TestDatabase.available)
    func parallelCallers(database: TestDatabase) async throws {
        try await database.withStore { store in
            let workflow = Workflow(store: store, clock: Self.clock)
            let task = try await Self.drawnTask(workflow)
            let pending = try await TaskStore(db: store.db).pendingConfirmations(task.id)["yjj"] ?? 0
            let counts = await withTaskGroup(of: Int?.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        try? await workflow.confirmAll(task: TaskID(task.id), department: DepartmentCode(rawValue: "yjj"), by: Self.admin("yjj"))
                    }
                }
                return await group.reduce(into: [Int?]()) { $0.append($1) }
            }
            // Every caller that answered saw either all of them or none left.
            #expect(counts.compactMap { $0 }.sorted().last == pending)
            #expect(counts.compactMap { $0 }.filter { $0 != 0 }.count == 1)
            #expect(try await Self.confirmAllEvents(store.db, task: task).count == 1)
            #expect(try await TaskStore(db: store.db).pendingConfirmations(task.id)["yjj"] == 0)
        }
    }
}
