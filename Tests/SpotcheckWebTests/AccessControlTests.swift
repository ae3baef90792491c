import FluentKit
import Foundation
import HummingbirdTesting
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
import SpotcheckWeb
import Testing

@Suite("Roles and department isolation on pages")
struct AccessControlTests {
    @Test("a 商务局 admin gets 403 on 应急管理局 data but reads its own", arguments: TestDatabase.available)
    func departmentIsolation(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, _ in
            var web = WebSession(client: client)
            _ = try await web.login("swj-admin")
            let foreign = try await web.get("/departments/yjj")
            #expect(foreign.status == .forbidden)
            let html = String(buffer: foreign.body)
            #expect(html.contains("无权"))
            #expect(!html.contains("王志强"))  // a yjj inspector's name must not leak
            let own = try await web.get("/departments/swj")
            #expect(own.status == .ok)
            #expect(String(buffer: own.body).contains("吴国庆"))
            // Changing another department is refused too, even with a valid CSRF token.
            let token = try await web.sessionCSRF()
            let edit = try await web.post("/departments/yjj/edit", form: ["name": "被改", "_csrf": token])
            #expect(edit.status == .forbidden)
        }
    }

    @Test("routes refuse roles they do not declare", arguments: TestDatabase.available)
    func roleChecks(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            var inspector = WebSession(client: client)
            _ = try await inspector.login("yjj-01")
            #expect(try await inspector.get("/users").status == .forbidden)
            #expect(try await inspector.get("/audit").status == .forbidden)
            #expect(try await inspector.get("/departments").status == .forbidden)
            #expect(try await inspector.get("/dashboard").status == .ok)

            var auditor = WebSession(client: client)
            _ = try await auditor.login("auditor")
            #expect(try await auditor.get("/users").status == .ok)
            #expect(try await auditor.get("/audit").status == .ok)
            #expect(try await auditor.get("/users/new").status == .forbidden)
            let token = try await auditor.sessionCSRF()
            let create = try await auditor.post("/departments", form: ["code": "zz", "name": "审计不能建", "_csrf": token])
            #expect(create.status == .forbidden)
            #expect(try await DepartmentRepository(db: store.db).find(code: "zz") == nil)

            var anonymous = WebSession(client: client)
            let redirect = try await anonymous.get("/users")
            #expect(redirect.status == .seeOther)
            #expect(redirect.headers[.location]?.hasPrefix("/login?next=") == true)
        }
    }

    @Test("office admin creates a user through the form and it is audited", arguments: TestDatabase.available)
    func officeCreatesUser(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            var web = WebSession(client: client)
            _ = try await web.login("office")
            let token = try await web.sessionCSRF()
            let before = try await AuditEventModel.query(on: store.db).count()
            let bad = try await web.post("/users", form: ["username": "new1", "displayName": "新人", "role": "inspector", "department": "xf", "password": "short", "_csrf": token])
            #expect(bad.status == .badRequest)
            #expect(String(buffer: bad.body).contains("密码至少 8 位"))
            let good = try await web.post("/users", form: ["username": "new1", "displayName": "新人", "role": "inspector", "department": "xf", "password": "long-enough-1", "_csrf": token])
            #expect(good.status == .seeOther)
            #expect(try await UserRepository(db: store.db, passwords: store.passwords).find(username: "new1")?.$department.value?.code == "xf")
            #expect(try await AuditEventModel.query(on: store.db).count() == before + 1)
            #expect(try await AuditLog.verify(on: store.db).isIntact)
        }
    }
}
