import FluentKit
import Foundation
import SQLKit
import SpotcheckCore
@testable import SpotcheckStore
import SpotcheckTestSupport
import Testing

/// Every once-only step raced by several callers at once (issue 13 item 6): exactly one wins,
/// exactly one audit event is written, the losers are refused with the state as it is now, and
/// the task never ends in a state no single step could produce (检查中 with a cancel reason).
@Suite("Task steps raced by parallel callers")
struct TaskConcurrencyTests {
    static let office = AuditLog.Actor("office")
    static let day = CivilDate("2024-06-07")!
    static let callers = 8

    /// Runs `callers` copies of `step` at once (caller index as argument) and returns each outcome.
    static func race(_ callers: Int = Self.callers, _ step: @escaping @Sendable (Int) async throws -> Void) async -> [(any Error)?] {
        await withTaskGroup(of: (Int, (any Error)?).self) { group in
            for index in 0..<callers {
                group.addTask {
                    do {
                        try await step(index)
                        return (index, nil)
                    } catch {
                        return (index, error)
                    }
                }
            }
            var outcomes = [(any Error)?](repeating: nil, count: callers)
            for await (index, error) in group { outcomes[index] = error }
            return outcomes
        }
    }

    static func events(_ db: any Database, action: String, entityID: String) async throws -> [AuditEventModel] {
        try await AuditEventModel.query(on: db).filter(\.$action == action).filter(\.$entityID == entityID).all()
    }

    /// A losing step is refused as a conflict (409), never as a server fault.
    static func isConflict(_ error: (any Error)?) -> Bool {
        switch error {
        case is TaskTransitionError: true
        case let error as StoreError:
            if case .conflict = error { true } else { false }
        default: false
        }
    }

    /// A Qinghe task moved on to `state` (published, confirming or inspectorsDrawn).
    static func task(_ db: any Database, upTo state: TaskState) async throws -> TaskInfo {
        let tasks = TaskStore(db: db)
        let created = try await tasks.create(DemoSeed.qinghePlan, actor: office)
        let id = String(created.id)
        _ = try await tasks.publish(id, actor: office, today: day)
        if state == .published { return try await tasks.require(id) }
        _ = try await tasks.draw(id, entropy: "2024-06-07-witness-1", actor: office, today: day)
        if state == .confirming { return try await tasks.require(id) }
        for dispatch in try await tasks.dispatches(created.id) where dispatch.active {
            for dept in dispatch.departments {
                try await tasks.confirm(id, uscc: dispatch.uscc, department: dept, actor: .init("\(dept)-admin"))
            }
        }
        for plan in DemoSeed.qinghePlan.departments {
            try await tasks.drawInspectors(id, department: plan.department, actor: .init("\(plan.department)-admin"))
        }
        let task = try await tasks.require(id)
        #expect(task.state == .inspectorsDrawn)
        return task
    }

    @Test("cancel racing start: one wins, one state event, never 检查中 with a cancel reason", arguments: TestDatabase.available)
    func cancelVersusStart(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords)
            let tasks = TaskStore(db: store.db)
            let task = try #require(try await tasks.find(DemoSeed.qingheDocumentNumber))
            #expect(task.state == .matched)
            let before = try await Self.events(store.db, action: "state", entityID: String(task.id)).count

            let outcomes = await Self.race { index in
                if index.isMultiple(of: 2) {
                    _ = try await tasks.cancel(String(task.id), reason: "上级通知暂停 \(index)", actor: Self.office)
                } else {
                    _ = try await tasks.startInspection(String(task.id), actor: Self.office)
                }
            }
            #expect(outcomes.filter { $0 == nil }.count == 1)
            #expect(outcomes.compactMap { $0 }.allSatisfy(Self.isConflict), "\(outcomes.compactMap { $0 })")
            let after = try await tasks.require(String(task.id))
            #expect(try await Self.events(store.db, action: "state", entityID: String(task.id)).count == before + 1)
            switch after.state {
            case .cancelled: #expect(after.cancelReason?.hasPrefix("上级通知暂停") == true)
            case .inspecting: #expect(after.cancelReason == nil)
            default: Issue.record("unexpected state \(after.state)")
            }
        }
    }

    @Test("cancel racing match: one cancel, at most one match, and a match only before the cancel", arguments: TestDatabase.available)
    func cancelVersusMatch(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords, directory: true, task: false)
            let tasks = TaskStore(db: store.db)
            let task = try await Self.task(store.db, upTo: .inspectorsDrawn)
            let outcomes = await Self.race { index in
                if index.isMultiple(of: 2) {
                    _ = try await tasks.cancel(String(task.id), reason: "取消 \(index)", actor: Self.office)
                } else {
                    _ = try await tasks.match(String(task.id), actor: Self.office)
                }
            }
            // A matched task may still be cancelled, so a match followed by one cancel is a legal
            // outcome; two cancels, two matches or a match after the cancel are not.
            let cancels = outcomes.indices.filter { $0.isMultiple(of: 2) && outcomes[$0] == nil }
            let matches = outcomes.indices.filter { !$0.isMultiple(of: 2) && outcomes[$0] == nil }
            #expect(cancels.count == 1 && matches.count <= 1)
            #expect(outcomes.compactMap { $0 }.allSatisfy(Self.isConflict), "\(outcomes.compactMap { $0 })")
            let after = try await tasks.require(String(task.id))
            #expect(after.state == .cancelled && after.cancelReason == "取消 \(cancels.first ?? -1)")
            #expect(try await Self.events(store.db, action: "match", entityID: String(task.id)).count == matches.count)
            let teams = try await (store.db as! any SQLDatabase).select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from("task_team_members").where("task_id", .equal, task.id).first()?.decode(column: "n", as: Int.self) ?? 0
            #expect((teams > 0) == (matches.count == 1))
            #expect((after.matchedAt != nil) == (matches.count == 1))
            let states = try await Self.events(store.db, action: "state", entityID: String(task.id)).compactMap(\.afterJSON)
            #expect(states.filter { $0.contains(TaskState.cancelled.label) }.count == 1)
        }
    }

    @Test("draws with different entropy: one runs, and the stored entropy is the audited one", arguments: TestDatabase.available)
    func drawsWithDifferentEntropy(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords, directory: true, task: false)
            let tasks = TaskStore(db: store.db)
            let task = try await Self.task(store.db, upTo: .published)
            let outcomes = await Self.race { index in
                _ = try await tasks.draw(String(task.id), entropy: "witness-\(index)", actor: Self.office, today: Self.day)
            }
            #expect(outcomes.filter { $0 == nil }.count == 1)
            #expect(outcomes.compactMap { $0 }.allSatisfy(Self.isConflict), "\(outcomes.compactMap { $0 })")
            let winner = try #require(outcomes.firstIndex { $0 == nil })
            let after = try await tasks.require(String(task.id))
            #expect(after.state == .confirming && after.entropy == "witness-\(winner)")
            let entropyEvents = try await Self.events(store.db, action: "entropy", entityID: String(task.id))
            let drawEvents = try await Self.events(store.db, action: "draw", entityID: String(task.id))
            #expect(entropyEvents.count == 1 && drawEvents.count == 1)
            #expect(entropyEvents.first?.afterJSON?.contains("witness-\(winner)") == true)
            #expect(drawEvents.first?.afterJSON?.contains("witness-\(winner)") == true)
            #expect(try after.record?.entropy == "witness-\(winner)")
        }
    }

    @Test("the same entropy entered twice at once draws once", arguments: TestDatabase.available)
    func drawsWithTheSameEntropy(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords, directory: true, task: false)
            let tasks = TaskStore(db: store.db)
            let task = try await Self.task(store.db, upTo: .published)
            let outcomes = await Self.race(4) { _ in
                _ = try await tasks.draw(String(task.id), entropy: "witness", actor: Self.office, today: Self.day)
            }
            #expect(outcomes.filter { $0 == nil }.count == 1)
            #expect(outcomes.compactMap { $0 }.allSatisfy(Self.isConflict), "\(outcomes.compactMap { $0 })")
            #expect(try await Self.events(store.db, action: "draw", entityID: String(task.id)).count == 1)
            let freeze = try #require(task.freeze)
            #expect(try await tasks.dispatches(task.id).count == freeze.quotaCount)
        }
    }

    @Test("parallel confirmations of one enterprise by its department: one decision, one event", arguments: TestDatabase.available)
    func parallelConfirm(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords, directory: true, task: false)
            let tasks = TaskStore(db: store.db)
            let task = try await Self.task(store.db, upTo: .confirming)
            let dispatch = try #require(try await tasks.dispatches(task.id).first)
            let department = try #require(dispatch.departments.first)
            let outcomes = await Self.race { _ in
                try await tasks.confirm(String(task.id), uscc: dispatch.uscc, department: department, actor: .init("\(department)-admin"))
            }
            #expect(outcomes.filter { $0 == nil }.count == 1)
            #expect(outcomes.compactMap { $0 }.allSatisfy(Self.isConflict), "\(outcomes.compactMap { $0 })")
            let confirms = try await Self.events(store.db, action: "confirm", entityID: String(task.id))
            #expect(confirms.count == 1)
            let decisions = try await (store.db as! any SQLDatabase).select().column("decision").from("task_confirmations")
                .where("task_id", .equal, task.id).where("uscc", .equal, dispatch.uscc).all()
            #expect(decisions.count == 1)
        }
    }

    @Test("parallel approvals of one result: one approval, one event", arguments: TestDatabase.available)
    func parallelApprove(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords)
            let (task, uscc, part) = try await ResultStoreTests.target(store.db)
            let results = ResultStore(db: store.db)
            try await results.submit(taskID: task.id, uscc: uscc, department: part.department, input: ResultStoreTests.complete(part),
                                     actor: .init("\(part.department)-01"))
            let outcomes = await Self.race { index in
                try await results.approve(taskID: task.id, uscc: uscc, department: part.department, actor: .init("admin-\(index)"))
            }
            #expect(outcomes.filter { $0 == nil }.count == 1)
            #expect(outcomes.compactMap { $0 }.allSatisfy(Self.isConflict), "\(outcomes.compactMap { $0 })")
            let key = "\(task.id)/\(uscc)/\(part.department)"
            let approvals = try await Self.events(store.db, action: "approve-result", entityID: key)
            #expect(approvals.count == 1)
            let winner = try #require(outcomes.firstIndex { $0 == nil })
            let approved = try #require(try await results.find(taskID: task.id, uscc: uscc, department: part.department))
            #expect(approved.status == .approved && approved.approvedBy == "admin-\(winner)")
            #expect(try await AuditLog.verify(on: store.db).isIntact)
        }
    }

    @Test("a step that lost the race cannot write: the state update is conditional on the state read", arguments: TestDatabase.available)
    func staleStateCannotWrite(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords)
            let tasks = TaskStore(db: store.db)
            let task = try #require(try await tasks.find(DemoSeed.qingheDocumentNumber))
            _ = try await tasks.startInspection(String(task.id), actor: Self.office)
            // A cancel that read 已匹配 before the start committed: its write must find nothing to change.
            await #expect(throws: TaskTransitionError(from: .inspecting, action: "取消任务")) {
                try await tasks.setState(task, .cancelled, action: "取消任务", actor: Self.office, extra: ["cancel_reason": "过时的读取"])
            }
            let after = try await tasks.require(String(task.id))
            #expect(after.state == .inspecting && after.cancelReason == nil)
        }
    }
}
