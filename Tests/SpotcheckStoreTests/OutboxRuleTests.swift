import FluentKit
import Foundation
import SQLKit
import SpotcheckCore
@testable import SpotcheckStore
import SpotcheckTestSupport
import Testing

/// Issue 17: each step someone else must act on writes, in its own transaction, exactly the
/// messages its rule names — for exactly the people it names, computed here independently from
/// the users table — and nothing for anyone else.
@Suite("Outbox: every step's messages")
struct OutboxRuleTests {
    static let office = AuditLog.Actor("office")
    static let day = CivilDate("2024-06-07")!

    /// Messages written since `after`, as (recipient, kind) pairs.
    static func newMessages(_ db: any Database, after: Int) async throws -> [MessageStore.Message] {
        try await MessageStore(db: db).all().filter { $0.id > after }
    }

    static func lastID(_ db: any Database) async throws -> Int { try await MessageStore(db: db).all().last?.id ?? 0 }

    static func admins(_ db: any Database, of departments: some Sequence<String>) async throws -> Set<String> {
        var names = Set<String>()
        for department in departments {
            let users = try await UserModel.query(on: db).join(DepartmentModel.self, on: \UserModel.$department.$id == \DepartmentModel.$id)
                .filter(DepartmentModel.self, \.$code == department).filter(\.$role == Role.deptAdmin.rawValue).filter(\.$active == true).all()
            names.formUnion(users.map(\.username))
        }
        return names
    }

    static func users(_ db: any Database, inspectorCodes codes: some Collection<String>) async throws -> Set<String> {
        let sql = db as! any SQLDatabase
        var names = Set<String>()
        for row in try await sql.select().columns("username", "inspector_code").from("users").where("active", .equal, true).all() {
            if let code = try row.decode(column: "inspector_code", as: String?.self), codes.contains(code) {
                names.insert(try row.decode(column: "username", as: String.self))
            }
        }
        return names
    }

    /// Gives every officer of the roster a login (the demo links only two per department, after
    /// the draw), so whoever the draw picks has somewhere to be told.
    static func loginForEveryOfficer(_ db: any Database) async throws {
        let sql = db as! any SQLDatabase
        var departments: [String: UUID] = [:]
        for department in try await DepartmentModel.query(on: db).all() { departments[department.code] = try department.requireID() }
        for row in try await sql.select().columns("code", "department_code").from("inspectors").all() {
            let code = try row.decode(column: "code", as: String.self), department = try row.decode(column: "department_code", as: String.self)
            guard let departmentID = departments[department] else { continue }
            try await sql.insert(into: "users")
                .columns("id", "username", "display_name", "password_hash", "role", "department_id", "active", "inspector_code")
                .values(SQLBind(UUID()), SQLBind("officer-\(code)"), SQLBind("检查员\(code)"), SQLBind("!"), SQLBind(Role.inspector.rawValue),
                        SQLBind(departmentID), SQLBind(true), SQLBind(code))
                .run()
        }
    }

    @Test("draw, 退回, inspector draw, 替换 and match message exactly the departments' admins and the drawn officers",
          arguments: TestDatabase.available)
    func taskSteps(database: TestDatabase) async throws {
        try await database.withStore { store in
            let db = store.db
            try await DemoSeed.seed(on: db, passwords: store.passwords, directory: true, task: false)
            try await Self.loginForEveryOfficer(db)
            let tasks = TaskStore(db: db)
            let created = try await tasks.create(DemoSeed.qinghePlan, actor: Self.office)
            _ = try await tasks.publish(String(created.id), actor: Self.office, today: Self.day)
            // Creating and publishing are the office's own steps: nobody else is messaged.
            #expect(try await MessageStore(db: db).all().isEmpty)

            // The draw: each department with dispatched enterprises — its admins, once each, with the deadline.
            _ = try await tasks.draw(String(created.id), entropy: "outbox-test", actor: Self.office, today: Self.day)
            let dispatches = try await tasks.dispatches(created.id)
            let departments = Set(dispatches.flatMap(\.departments))
            let drawMessages = try await Self.newMessages(db, after: 0)
            #expect(drawMessages.allSatisfy { $0.kind == .dispatched && $0.taskID == created.id })
            #expect(drawMessages.map(\.recipient).sorted() == (try await Self.admins(db, of: departments)).sorted())
            #expect(drawMessages.allSatisfy { $0.body.contains("2024年6月11日前确认") })
            for department in departments {
                let count = dispatches.filter { $0.departments.contains(department) }.count
                #expect(drawMessages.filter { $0.department == department }.allSatisfy { $0.body.contains("\(count) 户企业") })
            }

            // A 退回: the replacement's departments' admins hear of one more enterprise; nobody else.
            var mark = try await Self.lastID(db)
            let replacement = try await tasks.reject(String(created.id), uscc: dispatches[0].uscc, department: "scjg", reason: "已注销",
                                                     actor: .init("scjg-admin"), today: Self.day)
            let replaced = try #require(try await tasks.dispatches(created.id).first { $0.uscc == replacement })
            let rejectMessages = try await Self.newMessages(db, after: mark)
            #expect(rejectMessages.allSatisfy { $0.kind == .dispatched && $0.body.contains("递补 1 户") })
            #expect(Set(rejectMessages.map(\.recipient)) == (try await Self.admins(db, of: replaced.departments)))
            #expect(rejectMessages.count == (try await Self.admins(db, of: replaced.departments)).count)

            // Confirmations are a department's answer, not work for anyone else.
            mark = try await Self.lastID(db)
            for dispatch in try await tasks.dispatches(created.id) where dispatch.active {
                for department in dispatch.departments {
                    try await tasks.confirm(String(created.id), uscc: dispatch.uscc, department: department, actor: .init("\(department)-admin"))
                }
            }
            #expect(try await Self.newMessages(db, after: mark).isEmpty)

            // Each department's inspector draw: exactly the drawn officers who have a login.
            for plan in DemoSeed.qinghePlan.departments {
                mark = try await Self.lastID(db)
                let codes = try await tasks.drawInspectors(String(created.id), department: plan.department, actor: .init("\(plan.department)-admin"))
                let drawn = try await Self.newMessages(db, after: mark)
                #expect(drawn.count == codes.count)
                #expect(drawn.allSatisfy { $0.kind == .inspectorDrawn && $0.department == plan.department })
                #expect(drawn.map(\.recipient).sorted() == (try await Self.users(db, inspectorCodes: codes)).sorted())
            }
            let yjj = try await tasks.drawnInspectors(created.id, department: "yjj")
            mark = try await Self.lastID(db)
            let substitute = try await tasks.rejectInspector(String(created.id), code: yjj[0].code, department: "yjj", reason: "病假",
                                                             actor: .init("yjj-admin"))
            let substituted = try await Self.newMessages(db, after: mark)
            let substituteLogin = try await Self.users(db, inspectorCodes: [substitute])
            #expect(substituted.count == 1 && Set(substituted.map(\.recipient)) == substituteLogin)

            // Matching: every officer on a team (with a login), once, with their enterprise count.
            mark = try await Self.lastID(db)
            _ = try await tasks.match(String(created.id), actor: Self.office)
            let sql = db as! any SQLDatabase
            let members = try await sql.select().column("inspector_code").from("task_team_members").where("task_id", .equal, created.id).all()
                .map { try $0.decode(column: "inspector_code", as: String.self) }
            let teamMessages = try await Self.newMessages(db, after: mark)
            #expect(teamMessages.count == Set(members).count)
            #expect(teamMessages.allSatisfy { $0.kind == .teamAssigned })
            #expect(teamMessages.map(\.recipient).sorted() == (try await Self.users(db, inspectorCodes: members)).sorted())

            // Every message belongs to the audit event of its step, written in the same transaction.
            let events = Set(try await AuditEventModel.query(on: db).all().compactMap(\.id))
            for row in try await sql.select().column("event_id").from("messages").all() {
                #expect(events.contains(try row.decode(column: "event_id", as: Int.self)))
            }
        }
    }

    @Test("a step that fails writes no message", arguments: TestDatabase.available)
    func failedStepWritesNothing(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords, directory: true, task: false)
            let tasks = TaskStore(db: store.db)
            let created = try await tasks.create(DemoSeed.qinghePlan, actor: Self.office)
            _ = try await tasks.publish(String(created.id), actor: Self.office, today: Self.day)
            _ = try await tasks.draw(String(created.id), entropy: "first", actor: Self.office, today: Self.day)
            let before = try await MessageStore(db: store.db).all().count
            await #expect(throws: TaskTransitionError.self) {
                try await tasks.draw(String(created.id), entropy: "second", actor: Self.office, today: Self.day)
            }
            #expect(try await MessageStore(db: store.db).all().count == before)
        }
    }
}

extension OutboxRuleTests {
    static func teamMembers(_ db: any Database, task: Int, uscc: String, department: String? = nil) async throws -> Set<String> {
        let sql = db as! any SQLDatabase
        var codes: [String] = []
        for assignment in try await sql.select().columns("department_code", "team_index").from("task_assignments")
            .where("task_id", .equal, task).where("uscc", .equal, uscc).all() {
            let dept = try assignment.decode(column: "department_code", as: String.self)
            if let department, dept != department { continue }
            codes += try await sql.select().column("inspector_code").from("task_team_members").where("task_id", .equal, task)
                .where("department_code", .equal, dept).where("team_index", .equal, try assignment.decode(column: "team_index", as: Int.self))
                .all().map { try $0.decode(column: "inspector_code", as: String.self) }
        }
        return try await users(db, inspectorCodes: codes)
    }

    @Test("a visit proposal, its agreement, a submitted and an approved result and a transfer message exactly their people",
          arguments: TestDatabase.available)
    func fieldSteps(database: TestDatabase) async throws {
        try await database.withStore { store in
            let db = store.db
            try await DemoSeed.seed(on: db, passwords: store.passwords)
            let tasks = TaskStore(db: db)
            let task = try #require(try await tasks.find(DemoSeed.qingheDocumentNumber))
            let visits = VisitStore(db: db, clock: .fixed(CivilDate("2024-06-01")!))
            // A joint enterprise: the lead (yjj) proposes, the others are told; each accepts, and all are told it is agreed.
            var joint: (uscc: String, departments: [String])?
            for form in try await tasks.forms(taskID: task.id) {
                let departments = try await visits.departments(taskID: task.id, uscc: form.uscc)
                if departments.count >= 2, departments.contains("yjj") { joint = (form.uscc, departments); break }
            }
            let (uscc, departments) = try #require(joint)
            var mark = try await Self.lastID(db)
            let visit = try await visits.propose(taskID: task.id, uscc: uscc, department: "yjj",
                                                 .init(date: CivilDate("2024-06-04")!, halfDay: .morning, time: "09:30", place: "企业正门"),
                                                 actor: .init("yjj-01"))
            let proposed = try await Self.newMessages(db, after: mark)
            let others = try await Self.teamMembers(db, task: task.id, uscc: uscc).subtracting(try await Self.teamMembers(db, task: task.id, uscc: uscc, department: "yjj"))
            #expect(proposed.allSatisfy { $0.kind == .visitProposed && $0.body.contains("2024年6月4日上午 09:30") })
            #expect(proposed.map(\.recipient).sorted() == others.sorted())
            for department in departments where department != "yjj" {
                mark = try await Self.lastID(db)
                _ = try await visits.accept(visitID: visit.id, department: department, actor: .init("\(department)-admin"))
            }
            // Only the last acceptance makes it agreed: then every member of every team is told, once.
            let agreed = try await Self.newMessages(db, after: mark)
            #expect(agreed.allSatisfy { $0.kind == .visitAgreed })
            #expect(agreed.map(\.recipient).sorted() == (try await Self.teamMembers(db, task: task.id, uscc: uscc)).sorted())

            // A submitted result: the department's admins; approved: that department's team members.
            let (_, target, part) = try await ResultStoreTests.target(db)
            let results = ResultStore(db: db)
            mark = try await Self.lastID(db)
            try await results.saveDraft(taskID: task.id, uscc: target, department: part.department, input: ResultStoreTests.complete(part),
                                        actor: .init("\(part.department)-01"))
            #expect(try await Self.newMessages(db, after: mark).isEmpty) // a draft is nobody else's work yet
            try await results.submit(taskID: task.id, uscc: target, department: part.department, input: ResultStoreTests.complete(part),
                                     actor: .init("\(part.department)-01"))
            let submitted = try await Self.newMessages(db, after: mark)
            #expect(submitted.allSatisfy { $0.kind == .resultSubmitted })
            #expect(Set(submitted.map(\.recipient)) == (try await Self.admins(db, of: [part.department])))
            mark = try await Self.lastID(db)
            try await results.approve(taskID: task.id, uscc: target, department: part.department, actor: .init("\(part.department)-admin"))
            let approved = try await Self.newMessages(db, after: mark)
            #expect(approved.allSatisfy { $0.kind == .resultApproved })
            #expect(approved.map(\.recipient).sorted() == (try await Self.teamMembers(db, task: task.id, uscc: target, department: part.department)).sorted())

            // A transfer to another department: that department's admins; a disposition kept at home messages nobody.
            let receiving = part.department == "scjg" ? "yjj" : "scjg"
            mark = try await Self.lastID(db)
            try await DispositionStore(db: db).add(taskID: task.id, uscc: target, department: part.department, kind: .orderCorrection,
                                                   reason: "限期整改", decidedOn: CivilDate("2024-06-20")!, actor: .init("\(part.department)-admin"))
            #expect(try await Self.newMessages(db, after: mark).isEmpty)
            try await DispositionStore(db: db).add(taskID: task.id, uscc: target, department: part.department, kind: .transferDepartment,
                                                   targetDepartment: receiving, reason: "涉及食品经营许可", decidedOn: CivilDate("2024-06-20")!,
                                                   actor: .init("\(part.department)-admin"))
            let transferred = try await Self.newMessages(db, after: mark)
            #expect(transferred.allSatisfy { $0.kind == .dispositionTransferred && $0.body.contains("涉及食品经营许可") })
            #expect(Set(transferred.map(\.recipient)) == (try await Self.admins(db, of: [receiving])))
            #expect(transferred.count == (try await Self.admins(db, of: [receiving])).count)
        }
    }
}
