import FluentKit
import Foundation
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
import Testing

@Suite("Departments, users, sessions and tokens")
struct AccountRepositoryTests {
    let actor = AuditLog.Actor("tester")

    @Test("department and user CRUD with validation", arguments: TestDatabase.available)
    func crud(database: TestDatabase) async throws {
        try await database.withStore { store in
            let departments = DepartmentRepository(db: store.db)
            let users = UserRepository(db: store.db, passwords: store.passwords)
            _ = try await departments.create(code: "office", name: "办公室", kind: .office, actor: actor)
            _ = try await departments.create(code: "yjj", name: "应急管理局", kind: .department, actor: actor)
            await #expect(throws: StoreError.duplicate(entity: "部门代码", key: "yjj")) {
                _ = try await departments.create(code: "yjj", name: "重复", kind: .department, actor: actor)
            }
            await #expect(throws: StoreError.self) { _ = try await departments.create(code: "YJJ!", name: "x", kind: .department, actor: actor) }

            let user = try await users.create(.init(username: "wang", displayName: "王", password: "secret-123", role: .inspector, departmentCode: "yjj"), actor: actor)
            #expect(user.passwordHash.hasPrefix("$2"))
            #expect(user.passwordHash != "secret-123")
            await #expect(throws: StoreError.self) {
                _ = try await users.create(.init(username: "li", displayName: "李", password: "short", role: .inspector, departmentCode: "yjj"), actor: actor)
            }
            await #expect(throws: StoreError.self) {
                _ = try await users.create(.init(username: "boss", displayName: "错", password: "long-enough", role: .officeAdmin, departmentCode: "yjj"), actor: actor)
            }
            // A department with members cannot be deleted.
            await #expect(throws: StoreError.self) { try await departments.delete(code: "yjj", actor: actor) }

            let updated = try await users.update(username: "wang", change: .init(displayName: "王志强", mobile: "13900000000"), actor: actor)
            #expect(updated.displayName == "王志强")
            try await users.delete(username: "wang", actor: actor)
            #expect(try await users.find(username: "wang") == nil)
            try await departments.delete(code: "yjj", actor: actor)
            #expect(try await departments.find(code: "yjj") == nil)

            // Every change above left one audit event, and the chain is intact.
            let report = try await AuditLog.verify(on: store.db)
            #expect(report.isIntact)
            #expect(report.checked == 6)
        }
    }

    @Test("a department holding users, inspectors, items or tasks is kept, with what holds it named; its kind changes only when its users fit",
          arguments: TestDatabase.available)
    func departmentHoldings(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords, directory: true, task: true)
            let departments = DepartmentRepository(db: store.db)
            let events = try await AuditEventModel.query(on: store.db).count()

            var refusal = ""
            do { try await departments.delete(code: "swj", actor: actor) } catch let StoreError.invalid(reason) { refusal = reason }
            #expect(refusal.contains("个用户") && refusal.contains("名执法检查人员") && refusal.contains("项抽查事项"), "\(refusal)")
            #expect(refusal.contains("清双随机办〔2024〕21号"), "\(refusal)")
            #expect(try await departments.find(code: "swj") != nil)

            // yjj's users are department admins and inspectors: it cannot become the office.
            var kindRefusal = ""
            do {
                _ = try await departments.update(code: "yjj", name: nil, kind: .office, actor: actor)
            } catch let StoreError.invalid(reason) { kindRefusal = reason }
            #expect(kindRefusal.hasPrefix("不能更改部门类型：用户 yjj-") && kindRefusal.contains("必须属于业务部门"), "\(kindRefusal)")
            #expect(try await departments.find(code: "yjj")?.departmentKind == .department)
            #expect(try await AuditEventModel.query(on: store.db).count() == events)

            // An empty department changes kind and is deleted.
            _ = try await departments.create(code: "tmp", name: "临时部门", kind: .department, actor: actor)
            #expect(try await departments.update(code: "tmp", name: nil, kind: .office, actor: actor).departmentKind == .office)
            try await departments.delete(code: "tmp", actor: actor)
            #expect(try await departments.find(code: "tmp") == nil)
        }
    }

    @Test("a failed change writes no audit event", arguments: TestDatabase.available)
    func failedChangeLeavesNoEvent(database: TestDatabase) async throws {
        try await database.withStore { store in
            _ = try await DepartmentRepository(db: store.db).create(code: "yjj", name: "应急管理局", kind: .department, actor: actor)
            await #expect(throws: StoreError.self) {
                _ = try await UserRepository(db: store.db, passwords: store.passwords).create(.init(username: "x", displayName: "X", password: "long-enough", role: .inspector, departmentCode: "nope"), actor: actor)
            }
            #expect(try await AuditEventModel.query(on: store.db).count() == 1)
            #expect(try await UserModel.query(on: store.db).count() == 0)
        }
    }

    @Test("sessions survive a reopen and end on logout or password change", arguments: TestDatabase.available)
    func sessions(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords)
            let user = try #require(try await UserRepository(db: store.db, passwords: store.passwords).find(username: "yjj-admin"))
            let sessions = SessionRepository(db: store.db)
            let started = try await sessions.start(for: user)
            let resolved = try #require(try await sessions.resolve(token: started.token))
            #expect(resolved.principal.departmentCode == "yjj")
            #expect(resolved.principal.role == .deptAdmin)
            #expect(try await sessions.resolve(token: "wrong") == nil)
            // Expired sessions are refused.
            #expect(try await sessions.resolve(token: started.token, now: Date().addingTimeInterval(SessionRepository.lifetime + 1)) == nil)
            let second = try await sessions.start(for: user)
            try await UserRepository(db: store.db, passwords: store.passwords).setPassword(username: "yjj-admin", password: "new-password-1", actor: actor)
            #expect(try await sessions.resolve(token: second.token) == nil)
        }
    }

    @Test("API tokens resolve until revoked, and only the owner revokes", arguments: TestDatabase.available)
    func tokens(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords)
            let ownerUser = try #require(try await UserRepository(db: store.db, passwords: store.passwords).find(username: "swj-admin"))
            let otherUser = try #require(try await UserRepository(db: store.db, passwords: store.passwords).find(username: "yjj-admin"))
            let owner = try #require(try UserRepository.principal(of: ownerUser))
            let other = try #require(try UserRepository.principal(of: otherUser))
            let tokens = APITokenRepository(db: store.db)
            let (token, secret) = try await tokens.create(name: "脚本", for: owner)
            #expect(try await tokens.resolve(secret: secret)?.username == "swj-admin")
            await #expect(throws: StoreError.self) { try await tokens.revoke(id: try token.requireID(), by: other) }
            try await tokens.revoke(id: try token.requireID(), by: owner)
            #expect(try await tokens.resolve(secret: secret) == nil)
        }
    }

    @Test("demo seeding is idempotent", arguments: TestDatabase.available)
    func demoSeed(database: TestDatabase) async throws {
        try await database.withStore { store in
            #expect(try await DemoSeed.seed(on: store.db, passwords: store.passwords))
            #expect(try await DemoSeed.seed(on: store.db, passwords: store.passwords) == false)
            #expect(try await DepartmentModel.query(on: store.db).count() == DemoSeed.departments.count)
            #expect(try await UserModel.query(on: store.db).count() == DemoSeed.accounts.count)
            let codes = try await DepartmentRepository(db: store.db).all().map(\.code)
            #expect(Set(codes) == ["office", "yjj", "scjg", "swj", "xf"])
        }
    }
}
