import FluentKit
import SpotcheckCore
@testable import SpotcheckStore
import SpotcheckTestSupport
import Testing

/// Task lists page in SQL (issue 14 item 4): the department and state filters and the page are
/// applied by the database, and the draw record is not read for a list.
@Suite("Task list paged in SQL")
struct TaskListTests {
    static let office = AuditLog.Actor("office")

    static func plan(_ number: String, departments: [String]) -> TaskPlan {
        var plan = DemoSeed.qinghePlan
        plan.documentNumber = number
        plan.departments = plan.departments.filter { departments.contains($0.department) }
        plan.leadDepartment = departments[0]
        return plan
    }

    @Test("filters by participating department and state, counts the total and pages", arguments: TestDatabase.available)
    func pagedFilters(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords, directory: true, task: false)
            let tasks = TaskStore(db: store.db)
            let all = try await tasks.create(Self.plan("清应急〔2024〕1号", departments: ["yjj", "scjg", "swj", "xf"]), actor: Self.office)
            let two = try await tasks.create(Self.plan("清应急〔2024〕2号", departments: ["yjj", "scjg"]), actor: Self.office)
            let three = try await tasks.create(Self.plan("清应急〔2024〕3号", departments: ["yjj"]), actor: Self.office)
            _ = try await tasks.publish(String(two.id), actor: Self.office, today: CivilDate("2024-05-20")!)
            _ = try await tasks.draw(String(two.id), entropy: "2024-05-27-witness-1-2", actor: Self.office, today: CivilDate("2024-05-27")!)
            #expect(try await tasks.require(String(two.id)).recordJSON?.isEmpty == false)

            let xf = try await tasks.list(department: "xf")
            #expect(xf.total == 1 && xf.tasks.map(\.id) == [all.id])
            let scjg = try await tasks.list(department: "scjg")
            #expect(scjg.total == 2 && scjg.tasks.map(\.id) == [two.id, all.id])
            // A code that is a prefix of another is a whole token, not a substring match.
            #expect(try await tasks.list(department: "yj").total == 0)

            let firstPage = try await tasks.list(page: 1, perPage: 2)
            #expect(firstPage.total == 3 && firstPage.tasks.map(\.id) == [three.id, two.id])
            let secondPage = try await tasks.list(page: 2, perPage: 2)
            #expect(secondPage.total == 3 && secondPage.tasks.map(\.id) == [all.id])

            let drawn = try await tasks.list(states: [.confirming])
            #expect(drawn.total == 1 && drawn.tasks.first?.id == two.id)
            #expect(try await tasks.list(states: [.draft], department: "xf").tasks.map(\.id) == [all.id])
            #expect(try await tasks.list(states: []).total == 0)
            // The list leaves the record out (the drawn task has one, checked above).
            #expect(firstPage.tasks.allSatisfy { $0.recordJSON == nil })
        }
    }
}

@Suite("文号 brackets normalised in the store")
struct DocumentNumberStoreTests {
    @Test("a 文号 typed with [ ] is stored with 〔〕, found either way, and a second one is a duplicate",
          arguments: TestDatabase.available)
    func bracketsNormalised(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords, directory: true, task: false)
            let tasks = TaskStore(db: store.db)
            var plan = DemoSeed.qinghePlan
            plan.documentNumber = "清双随机办[2024]77号"
            let created = try await tasks.create(plan, actor: .init("t"))
            #expect(created.documentNumber == "清双随机办〔2024〕77号")
            #expect(try await tasks.find("清双随机办[2024]77号")?.id == created.id)
            plan.documentNumber = "清双随机办【2024】77号"
            await #expect(throws: StoreError.self) { try await tasks.create(plan, actor: .init("t")) }
        }
    }
}

@Suite("Planning messages name departments")
struct PlanningMessageTests {
    @Test("publishing with more inspectors than a department has names the department, not its code",
          arguments: TestDatabase.available)
    func publishNamesTheDepartment(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords, directory: true, task: false)
            let tasks = TaskStore(db: store.db)
            var plan = DemoSeed.qinghePlan
            let index = try #require(plan.departments.firstIndex { $0.department == "xf" })
            plan.departments[index].inspectorCount = 99
            let created = try await tasks.create(plan, actor: .init("t"))
            do {
                _ = try await tasks.publish(String(created.id), actor: .init("t"))
                Issue.record("publishing with 99 inspectors of 消防 should fail")
            } catch let error as StoreError {
                let message = error.description
                #expect(message.contains("清河县消防救援大队") && message.contains("99"), "\(message)")
                #expect(!message.contains("部门 xf") && !message.contains(" xf "), "\(message)")
            }
            #expect(try await tasks.require(String(created.id)).state == .draft, "nothing was published")
        }
    }
}
