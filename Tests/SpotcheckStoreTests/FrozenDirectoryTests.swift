import FluentKit
import Foundation
import SQLKit
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
import Testing

/// Items and inspectors that published tasks use stay (issue 13 item 7): deleting them is refused,
/// naming the tasks, and they are retired (停用) instead — out of future drafts and draws, while
/// every published form keeps their names.
@Suite("Items and inspectors of published tasks are frozen")
struct FrozenDirectoryTests {
    static let office = AuditLog.Actor("office")

    /// The StoreError.inUse `body` must throw, as text.
    static func inUse(_ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) async -> String {
        do {
            try await body()
            Issue.record("expected a refusal", sourceLocation: sourceLocation)
        } catch let error as StoreError {
            if case .inUse = error { return error.description }
            Issue.record("expected StoreError.inUse, got \(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("expected StoreError.inUse, got \(error)", sourceLocation: sourceLocation)
        }
        return ""
    }

    @Test("an item of a published task cannot be deleted; retired, it leaves new drafts and the form keeps it",
          arguments: TestDatabase.available)
    func items(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords)
            let tasks = TaskStore(db: store.db)
            let task = try #require(try await tasks.find(DemoSeed.qingheDocumentNumber))
            let plan = try #require(task.plan.departments.first { !$0.itemCodes.isEmpty })
            let items = ItemList(db: store.db)
            let summary = try #require(try await tasks.forms(taskID: task.id).first { $0.teams.contains { $0.department == plan.department } })
            func formItems() async throws -> [String] {
                try await tasks.form(taskID: task.id, uscc: summary.uscc).departments
                    .first { $0.department == plan.department }?.items.map(\.code) ?? []
            }
            // An item this enterprise's 一企一表 lists (the form shows the items whose scope fits it).
            let before = try await formItems()
            let code = try #require(before.first)
            #expect(plan.itemCodes.contains(code))
            let events = try await AuditEventModel.query(on: store.db).count()

            let refusal = await Self.inUse { try await items.delete(department: plan.department, code: code, actor: Self.office) }
            #expect(refusal.contains(DemoSeed.qingheDocumentNumber) && refusal.contains("停用"))
            #expect(try await items.find(department: plan.department, code: code) != nil)
            #expect(try await formItems() == before)
            #expect(try await AuditEventModel.query(on: store.db).count() == events)

            // Retired: audited once, out of the draft choices and refused in a new plan; the form keeps it.
            #expect(try await items.setRetired(department: plan.department, code: code, retired: true, actor: Self.office))
            #expect(try await items.setRetired(department: plan.department, code: code, retired: true, actor: Self.office) == false)
            #expect(try await AuditEventModel.query(on: store.db).filter(\.$action == "retire").count() == 1)
            #expect(try await items.isRetired(department: plan.department, code: code))
            #expect(try await items.list(department: plan.department, includeRetired: false).allSatisfy { $0.code != code })
            #expect(try await items.list(department: plan.department).contains { $0.code == code })
            #expect(try await formItems() == before)
            var next = DemoSeed.qinghePlan
            next.documentNumber = "清双随机办〔2024〕99号"
            do {
                _ = try await tasks.create(next, actor: Self.office)
                Issue.record("a plan with a retired item was accepted")
            } catch let error as TaskPlanInvalid {
                #expect(error.problems.contains { $0.message.contains("\(code) 已停用") })
            }

            // Reinstated, it may be planned again.
            try await items.setRetired(department: plan.department, code: code, retired: false, actor: Self.office)
            #expect(try await tasks.create(next, actor: Self.office).state == .draft)

            // An item no published task uses is deleted as before (a draft does not hold it).
            let spare = InspectionItemRecord(dept: plan.department, code: "SPARE-1", name: "备用事项", legalBasis: "《条例》第一条",
                                             methods: [.onSite])
            try await items.create(spare, actor: Self.office)
            try await items.delete(department: plan.department, code: "SPARE-1", actor: Self.office)
            #expect(try await items.find(department: plan.department, code: "SPARE-1") == nil)
        }
    }

    @Test("an inspector of a published task cannot be deleted; retired (离岗), out of draws, the task keeps name and phone",
          arguments: TestDatabase.available)
    func inspectors(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords)
            let tasks = TaskStore(db: store.db)
            let task = try #require(try await tasks.find(DemoSeed.qingheDocumentNumber))
            let drawn = try #require(try await tasks.drawnInspectors(task.id).first { $0.active })
            #expect(drawn.name != drawn.code)
            let roster = InspectorRoster(db: store.db)

            let refusal = await Self.inUse { try await roster.delete(code: drawn.code, department: drawn.department, actor: Self.office) }
            #expect(refusal.contains(DemoSeed.qingheDocumentNumber) && refusal.contains(drawn.name))
            #expect(try await tasks.drawnInspectors(task.id).first { $0.code == drawn.code } == drawn)

            // Frozen into the published list but never drawn: still the task's, still refused.
            let frozen = try await tasks.snapshot(task.id, .inspectors).split(separator: "\n").dropFirst()
                .map { $0.split(separator: ",").map(String.init) }
            let drawnCodes = Set(try await tasks.drawnInspectors(task.id).map(\.code))
            if let notDrawn = frozen.first(where: { !drawnCodes.contains($0[0]) }) {
                _ = await Self.inUse { try await roster.delete(code: notDrawn[0], department: notDrawn[1], actor: Self.office) }
            }

            let retired = try await roster.setRetired(code: drawn.code, department: drawn.department, retired: true, actor: Self.office)
            #expect(retired.status == .departed)
            let eligible = try await tasks.eligibleInspectors(department: drawn.department, periodEnd: task.plan.periodEnd)
            #expect(!eligible.contains { $0.code == drawn.code })
            let after = try #require(try await tasks.drawnInspectors(task.id).first { $0.code == drawn.code })
            #expect(after.name == drawn.name && after.mobile == drawn.mobile)
            #expect(try await AuditEventModel.query(on: store.db).filter(\.$action == "retire").filter(\.$entityID == drawn.code).count() == 1)
            #expect(try await roster.setRetired(code: drawn.code, department: drawn.department, retired: false, actor: Self.office).status == .onDuty)

            // An inspector no published task knows is deleted as before.
            let newcomer = InspectorRecord(code: "13050000000001", name: "新同事", dept: drawn.department, certificateExpiry: CivilDate("2030-01-01"))
            try await roster.create(newcomer, actor: Self.office)
            try await roster.delete(code: newcomer.code, department: drawn.department, actor: Self.office)
            #expect(try await roster.find(code: newcomer.code) == nil)
        }
    }
}
