import FluentKit
import Foundation
import SQLKit
import SpotcheckCore
@testable import SpotcheckStore
import SpotcheckTestSupport
import Testing

/// What the store reads back: never a default for a value that does not decode (issue 13 item 15),
/// and a department's dispatches matched by its exact code (item 14).
@Suite("Stored values read back exactly")
struct StoredValueTests {
    static func sql(_ store: StoreDatabase) -> any SQLDatabase { store.db as! any SQLDatabase }

    /// Runs `read` and returns the CorruptStoredValue it must throw.
    static func corrupt(_ read: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) async -> CorruptStoredValue? {
        do {
            try await read()
            Issue.record("read a corrupt value without an error", sourceLocation: sourceLocation)
        } catch let error as CorruptStoredValue {
            return error
        } catch {
            Issue.record("expected CorruptStoredValue, got \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }

    @Test("an unknown task state is an error naming the row, not a draft that could be deleted", arguments: TestDatabase.available)
    func unknownTaskState(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords, directory: true, task: false)
            let tasks = TaskStore(db: store.db)
            let task = try await tasks.create(DemoSeed.qinghePlan, actor: .init("office"))
            try await Self.sql(store).update("tasks").set("state", to: "bogus").where("id", .equal, task.id).run()

            let error = await Self.corrupt { _ = try await tasks.require(String(task.id)) }
            #expect(error == CorruptStoredValue(entity: "tasks", id: String(task.id), column: "state", value: "bogus"))
            #expect(error?.description.contains("id=\(task.id)") == true)
            _ = await Self.corrupt { _ = try await tasks.list() }
            _ = await Self.corrupt { try await tasks.deleteDraft(String(task.id), actor: .init("office")) }
            #expect(try await Self.sql(store).select().column("id").from("tasks").where("id", .equal, task.id).first() != nil)

            // A plan that is not JSON is corrupt too, not a malformed request (DecodingError → 400).
            try await Self.sql(store).update("tasks").set("state", to: TaskState.draft.rawValue).set("plan", to: "{not json")
                .where("id", .equal, task.id).run()
            #expect(await Self.corrupt { _ = try await tasks.require(String(task.id)) }?.column == "plan")
        }
    }

    @Test("an unknown role, department kind or enterprise class is an error, not a guess", arguments: TestDatabase.available)
    func unknownAccountAndDirectoryValues(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords, directory: true, task: false)
            let sql = Self.sql(store)
            try await sql.update("users").set("role", to: "superuser").where("username", .equal, "yjj-01").run()
            let user = try #require(try await UserRepository(db: store.db, passwords: store.passwords).find(username: "yjj-01"))
            // Not read as 检查人员 (or anything else): the login that needs its role fails.
            #expect(await Self.corrupt { _ = try UserRepository.principal(of: user) }
                == CorruptStoredValue(entity: "users", id: "yjj-01", column: "role", value: "superuser"))

            try await sql.update("departments").set("kind", to: "ministry").where("code", .equal, "swj").run()
            #expect(await Self.corrupt {
                _ = try await DepartmentRepository(db: store.db).all().map { try $0.departmentKind }
            }?.column == "kind")

            let enterprise = try #require(try await EnterpriseDirectory(db: store.db).search(.init(), page: 1, perPage: 1).records.first)
            try await sql.update("enterprises").set("risk_class", to: "Z").where("uscc", .equal, enterprise.uscc).run()
            #expect(await Self.corrupt { _ = try await EnterpriseDirectory(db: store.db).find(uscc: enterprise.uscc) }
                == CorruptStoredValue(entity: "enterprises", id: enterprise.uscc, column: "risk_class", value: "Z"))
        }
    }

    @Test("a stored draw record that does not decode is an error, not a task that was never drawn", arguments: TestDatabase.available)
    func corruptDrawRecord(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords)
            let tasks = TaskStore(db: store.db)
            let task = try await tasks.require(DemoSeed.qingheDocumentNumber)
            #expect(try task.record != nil)
            try await Self.sql(store).update("tasks").set("record", to: "{\"truncated").where("id", .equal, task.id).run()
            let broken = try await tasks.require(String(task.id))
            #expect(await Self.corrupt { _ = try broken.record }?.column == "record")
            #expect(await Self.corrupt { _ = try broken.publicRecord }?.column == "record")
        }
    }

    @Test("an unknown result status or unparsable date is an error, not a draft or today", arguments: TestDatabase.available)
    func unknownResultStatusAndDates(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords)
            let (task, uscc, part) = try await ResultStoreTests.target(store.db)
            let results = ResultStore(db: store.db)
            try await results.submit(taskID: task.id, uscc: uscc, department: part.department, input: ResultStoreTests.complete(part),
                                     actor: .init("\(part.department)-01"))
            let sql = Self.sql(store)
            func row() -> SQLUpdateBuilder {
                sql.update("inspection_results")
            }
            try await row().set("status", to: "bogus").where("task_id", .equal, task.id).where("uscc", .equal, uscc).run()
            let status = await Self.corrupt { _ = try await results.find(taskID: task.id, uscc: uscc, department: part.department) }
            #expect(status == CorruptStoredValue(entity: "inspection_results", id: "\(task.id)/\(uscc)/\(part.department)",
                                                 column: "status", value: "bogus"))
            _ = await Self.corrupt { _ = try await results.progress() }
            // Not approvable as if it were submitted, not overwritable as if it were a draft.
            _ = await Self.corrupt { try await results.approve(taskID: task.id, uscc: uscc, department: part.department, actor: .init("a")) }

            try await row().set("status", to: InspectionResult.Status.submitted.rawValue).set("due_date", to: "2024-02-30")
                .where("task_id", .equal, task.id).where("uscc", .equal, uscc).run()
            #expect(await Self.corrupt { _ = try await results.list(taskID: task.id) }?.column == "due_date")

            // A dispatch's confirmation deadline that does not parse is not today.
            try await sql.update("task_enterprises").set("confirm_by", to: "soon").where("task_id", .equal, task.id)
                .where("uscc", .equal, uscc).run()
            #expect(await Self.corrupt { _ = try await TaskStore(db: store.db).dispatches(task.id) }?.column == "confirm_by")
        }
    }

    @Test("a disposition's unknown status or bad decision date, an inspector's unknown status: errors", arguments: TestDatabase.available)
    func dispositionsAndInspectors(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords)
            let (task, uscc, part) = try await ResultStoreTests.target(store.db)
            let dispositions = DispositionStore(db: store.db)
            let id = try await dispositions.add(taskID: task.id, uscc: uscc, department: part.department, kind: .orderCorrection,
                                                reason: "未公示年报", decidedOn: CivilDate("2024-06-20")!, actor: .init("admin"))
            let sql = Self.sql(store)
            try await sql.update("dispositions").set("decided_on", to: "").where("id", .equal, id).run()
            #expect(await Self.corrupt { _ = try await dispositions.find(id: id) } == CorruptStoredValue(
                entity: "dispositions", id: String(id), column: "decided_on", value: ""))
            try await sql.update("dispositions").set("decided_on", to: "2024-06-20").set("status", to: "closed?")
                .where("id", .equal, id).run()
            #expect(await Self.corrupt { _ = try await dispositions.list(taskID: task.id) }?.column == "status")

            let inspector = try #require(try await InspectorRoster(db: store.db).list(department: part.department).first)
            try await sql.update("inspectors").set("status", to: "retired?").where("code", .equal, inspector.code).run()
            #expect(await Self.corrupt { _ = try await InspectorRoster(db: store.db).list(department: part.department) } == CorruptStoredValue(
                entity: "inspectors", id: inspector.code, column: "status", value: "retired?"))
        }
    }

    @Test("departments a_b and a-b never see each other's dispatches (no LIKE wildcards)", arguments: TestDatabase.available)
    func exactDepartmentMatch(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords)
            let tasks = TaskStore(db: store.db)
            let task = try #require(try await tasks.find(DemoSeed.qingheDocumentNumber))
            let day = CivilDate("2024-06-07")!
            let rows: [(String, [String])] = [
                ("TEST0000000000000A", ["a_b"]), ("TEST0000000000000B", ["a-b"]), ("TEST0000000000000C", ["yjj", "a-b"]),
                ("TEST0000000000000D", ["xa_b"]), ("TEST0000000000000E", ["a_bc", "a%b"]), ("TEST0000000000000F", ["a_b", "scjg"]),
            ]
            try await tasks.insertDispatches(taskID: task.id, rows.enumerated().map { index, row in
                TaskStore.DispatchRow(uscc: row.0, stratum: "B", origin: .selected, seq: 10_000 + index, depts: row.1)
            }, today: day, confirmBy: day)

            #expect(try await tasks.dispatches(task.id, department: "a_b").map(\.uscc) == ["TEST0000000000000A", "TEST0000000000000F"])
            #expect(try await tasks.dispatches(task.id, department: "a-b").map(\.uscc) == ["TEST0000000000000B", "TEST0000000000000C"])
            #expect(try await tasks.dispatches(task.id, department: "a%b").map(\.uscc) == ["TEST0000000000000E"])
            #expect(try await tasks.dispatches(task.id, department: "a").isEmpty)
            #expect(try await tasks.dispatches(task.id, department: "_").isEmpty)
            // Every department still sees its own dispatches of the demo task (the lists add up).
            let all = try await tasks.dispatches(task.id)
            for code in ["yjj", "scjg"] {
                let mine = try await tasks.dispatches(task.id, department: code).map(\.uscc)
                #expect(mine == all.filter { $0.departments.contains(code) }.map(\.uscc))
                #expect(!mine.isEmpty)
            }
        }
    }
}
