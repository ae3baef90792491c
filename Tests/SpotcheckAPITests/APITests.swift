import Foundation
import HTTPTypes
import SpotcheckAPI
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
import Testing

/// The JSON API end to end: bearer authentication, role and department isolation, CRUD through
/// the repositories (and so the audit log), and problem+json errors. Each test runs on SQLite
/// and, when configured, on PostgreSQL.
@Suite struct APITests {
    @Test(arguments: TestDatabase.available)
    func healthAnswersWithoutToken(database: TestDatabase) async throws {
        try await APITestHarness.run(on: database) { api in
            let response = try await api.get("/api/v1/health")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            #expect(response.json["status"] as? String == "ok")
            #expect(response.json["version"] as? String == SpotcheckCore.version)
            #expect(response.json["database"] as? String == (database == .sqlite ? "sqlite" : "postgresql"))
        }
    }

    @Test(arguments: TestDatabase.available)
    func meNeedsAValidToken(database: TestDatabase) async throws {
        try await APITestHarness.run(on: database) { api in
            let anonymous = try await api.get("/api/v1/me")
            anonymous.expectProblem(.unauthorized)
            #expect(anonymous.headers[.wwwAuthenticate] == "Bearer")

            try await api.get("/api/v1/me", token: "sct_" + String(repeating: "0", count: 64)).expectProblem(.unauthorized)

            // A browser session cookie is no credential for the API.
            try await api.call(.get, "/api/v1/me", headers: [.cookie: "spotcheck_session=whatever"]).expectProblem(.unauthorized)

            let token = try await api.token(for: "swj-01")
            let me = try await api.get("/api/v1/me", token: token)
            #expect(me.status == .ok)
            #expect(me.json["username"] as? String == "swj-01")
            #expect(me.json["role"] as? String == "inspector")
            #expect(me.json["roleLabel"] as? String == "检查人员")
            #expect(me.json["departmentCode"] as? String == "swj")
            #expect(me.json["departmentName"] as? String == "清河县商务局")
        }
    }

    @Test(arguments: TestDatabase.available)
    func tokensAreCreatedListedAndRevoked(database: TestDatabase) async throws {
        try await APITestHarness.run(on: database) { api in
            let bootstrap = try await api.token(for: "yjj-01")
            let created = try await api.call(.post, "/api/v1/me/tokens", token: bootstrap, json: #"{"name":"统计脚本"}"#)
            #expect(created.status == .created)
            let secret = try #require(created.json["token"] as? String)
            let id = try #require(created.json["id"] as? String)
            #expect(secret.hasPrefix("sct_"))
            #expect(created.json["name"] as? String == "统计脚本")

            #expect(try await api.get("/api/v1/me", token: secret).status == .ok)
            let listed = try await api.get("/api/v1/me/tokens", token: secret)
            #expect(listed.items.count == 2)
            #expect(listed.items.allSatisfy { $0["token"] == nil }, "secrets are never listed")
            #expect(listed.items.contains { $0["id"] as? String == id && $0["revoked"] as? Bool == false })

            // Another user cannot revoke it: someone else's token reads as not found.
            let stranger = try await api.token(for: "swj-01")
            try await api.call(.delete, "/api/v1/me/tokens/\(id)", token: stranger).expectProblem(.notFound)
            try await api.call(.delete, "/api/v1/me/tokens/not-a-uuid", token: stranger).expectProblem(.notFound)

            let revoked = try await api.call(.delete, "/api/v1/me/tokens/\(id)", token: bootstrap)
            #expect(revoked.status == .noContent)
            try await api.get("/api/v1/me", token: secret).expectProblem(.unauthorized)
            #expect(try await api.get("/api/v1/me", token: bootstrap).status == .ok)
            let after = try await api.get("/api/v1/me/tokens", token: bootstrap)
            #expect(after.items.contains { $0["id"] as? String == id && $0["revoked"] as? Bool == true && $0["revokedAt"] != nil })

            try await api.call(.post, "/api/v1/me/tokens", token: bootstrap, json: #"{"name":"   "}"#).expectProblem(.badRequest)
        }
    }

    @Test(arguments: TestDatabase.available)
    func officeManagesDepartmentsAndUsersWithAudit(database: TestDatabase) async throws {
        try await APITestHarness.run(on: database) { api in
            let office = try await api.token(for: "office")
            let before = try await api.auditCount()

            let created = try await api.call(.post, "/api/v1/departments", token: office, json: #"{"code":"zjj","name":"清河县住建局"}"#)
            #expect(created.status == .created, "\(created.text)")
            #expect(created.json["code"] as? String == "zjj")
            #expect(created.json["kind"] as? String == "department")
            #expect(try await api.auditCount() == before + 1)

            let renamed = try await api.call(.patch, "/api/v1/departments/zjj", token: office, json: #"{"name":"清河县住房和城乡建设局"}"#)
            #expect(renamed.status == .ok)
            #expect(renamed.json["name"] as? String == "清河县住房和城乡建设局")
            #expect(try await api.get("/api/v1/departments/zjj", token: office).json["name"] as? String == "清河县住房和城乡建设局")

            let user = try await api.call(.post, "/api/v1/users", token: office, json: """
                {"username":"zjj-01","displayName":"何志明","password":"zhujian2024","role":"inspector","departmentCode":"zjj","mobile":"13931900001"}
                """)
            #expect(user.status == .created, "\(user.text)")
            #expect(user.json["departmentCode"] as? String == "zjj")
            #expect(user.json["active"] as? Bool == true)
            #expect(user.json["password"] == nil && user.json["passwordHash"] == nil)

            let members = try await api.get("/api/v1/departments/zjj/users", token: office)
            #expect(members.items.map { $0["username"] as? String } == ["zjj-01"])
            #expect(members.json["total"] as? Int == 1)

            let disabled = try await api.call(.patch, "/api/v1/users/zjj-01", token: office, json: #"{"active":false,"displayName":"何志明（调离）"}"#)
            #expect(disabled.status == .ok)
            #expect(disabled.json["active"] as? Bool == false)
            #expect(disabled.json["displayName"] as? String == "何志明（调离）")

            // A department with users cannot go; once empty it can.
            try await api.call(.delete, "/api/v1/departments/zjj", token: office).expectProblem(.conflict)
            #expect(try await api.call(.delete, "/api/v1/users/zjj-01", token: office).status == .noContent)
            try await api.get("/api/v1/users/zjj-01", token: office).expectProblem(.notFound)
            #expect(try await api.call(.delete, "/api/v1/departments/zjj", token: office).status == .noContent)
            try await api.get("/api/v1/departments/zjj", token: office).expectProblem(.notFound)

            // create, update, create user, update user, delete user, delete department
            #expect(try await api.auditCount() == before + 6)
            let (events, _) = try await AuditLog.recent(on: api.store.db, page: 1, perPage: 6)
            #expect(events.allSatisfy { $0.actor == "office" })
            #expect(events.map(\.action) == ["delete", "delete", "update", "create", "update", "create"])
            #expect(try await AuditLog.verify(on: api.store.db).isIntact)
        }
    }

    @Test(arguments: TestDatabase.available)
    func departmentAdminSeesOnlyItsOwnDepartment(database: TestDatabase) async throws {
        try await APITestHarness.run(on: database) { api in
            let swj = try await api.token(for: "swj-admin")

            try await api.get("/api/v1/departments/yjj", token: swj).expectProblem(.forbidden)
            try await api.get("/api/v1/departments/yjj/users", token: swj).expectProblem(.forbidden)
            try await api.get("/api/v1/users/yjj-01", token: swj).expectProblem(.forbidden)
            // Unknown codes answer 403 too, so probing does not reveal which departments exist.
            try await api.get("/api/v1/departments/nosuch", token: swj).expectProblem(.forbidden)

            let own = try await api.get("/api/v1/departments/swj", token: swj)
            #expect(own.status == .ok)
            #expect(own.json["name"] as? String == "清河县商务局")
            let members = try await api.get("/api/v1/departments/swj/users", token: swj)
            #expect(members.status == .ok)
            #expect(Set(members.items.compactMap { $0["username"] as? String }) == ["swj-admin", "swj-01", "swj-02"])
            #expect(try await api.get("/api/v1/users/swj-01", token: swj).status == .ok)

            let listed = try await api.get("/api/v1/departments", token: swj)
            #expect(listed.items.compactMap { $0["code"] as? String } == ["swj"])

            try await api.get("/api/v1/users", token: swj).expectProblem(.forbidden)
            try await api.call(.post, "/api/v1/departments", token: swj, json: #"{"code":"x1","name":"X"}"#).expectProblem(.forbidden)
            try await api.call(.patch, "/api/v1/departments/swj", token: swj, json: #"{"name":"改名"}"#).expectProblem(.forbidden)
            try await api.call(.delete, "/api/v1/users/swj-01", token: swj).expectProblem(.forbidden)
        }
    }

    @Test(arguments: TestDatabase.available)
    func inspectorAndAuditorRoles(database: TestDatabase) async throws {
        try await APITestHarness.run(on: database) { api in
            let inspector = try await api.token(for: "yjj-01")
            try await api.get("/api/v1/users", token: inspector).expectProblem(.forbidden)
            try await api.get("/api/v1/departments", token: inspector).expectProblem(.forbidden)
            try await api.get("/api/v1/departments/yjj", token: inspector).expectProblem(.forbidden)
            #expect(try await api.get("/api/v1/me/tokens", token: inspector).status == .ok)

            let auditor = try await api.token(for: "auditor")
            let users = try await api.get("/api/v1/users?perPage=5&page=2", token: auditor)
            #expect(users.status == .ok)
            #expect(users.json["total"] as? Int == DemoSeed.accounts.count)
            #expect(users.json["page"] as? Int == 2)
            #expect(users.items.count == 5)
            let search = try await api.get("/api/v1/users?q=xf-", token: auditor)
            #expect(Set(search.items.compactMap { $0["username"] as? String }) == ["xf-admin", "xf-01", "xf-02"])
            let departments = try await api.get("/api/v1/departments", token: auditor)
            #expect(departments.items.count == DemoSeed.departments.count)
            #expect(departments.items.first?["code"] as? String == "office")
            #expect(try await api.get("/api/v1/departments/yjj/users", token: auditor).items.count == 3)
            try await api.call(.post, "/api/v1/users", token: auditor, json: #"{"username":"a","displayName":"A","password":"12345678","role":"inspector","departmentCode":"yjj"}"#)
                .expectProblem(.forbidden)
        }
    }

    @Test(arguments: TestDatabase.available)
    func conflictsAndInvalidInputAreProblems(database: TestDatabase) async throws {
        try await APITestHarness.run(on: database) { api in
            let office = try await api.token(for: "office")
            let before = try await api.auditCount()

            try await api.call(.post, "/api/v1/departments", token: office, json: #"{"code":"yjj","name":"重复"}"#).expectProblem(.conflict)
            try await api.call(.post, "/api/v1/users", token: office, json: """
                {"username":"yjj-01","displayName":"重复","password":"qinghe2024","role":"inspector","departmentCode":"yjj"}
                """).expectProblem(.conflict)

            // Broken rules the repositories check.
            try await api.call(.post, "/api/v1/departments", token: office, json: #"{"code":"Bad Code!","name":"X"}"#).expectProblem(.badRequest)
            try await api.call(.post, "/api/v1/departments", token: office, json: #"{"code":"ok1","name":"  "}"#).expectProblem(.badRequest)
            try await api.call(.post, "/api/v1/users", token: office, json: """
                {"username":"short","displayName":"密码太短","password":"123","role":"inspector","departmentCode":"yjj"}
                """).expectProblem(.badRequest)
            try await api.call(.post, "/api/v1/users", token: office, json: """
                {"username":"wrongplace","displayName":"办公室里的检查员","password":"qinghe2024","role":"inspector","departmentCode":"office"}
                """).expectProblem(.badRequest)
            try await api.call(.post, "/api/v1/users", token: office, json: """
                {"username":"nodept","displayName":"无部门","password":"qinghe2024","role":"inspector","departmentCode":"nosuch"}
                """).expectProblem(.notFound)
            try await api.call(.patch, "/api/v1/users/yjj-01", token: office, json: #"{}"#).expectProblem(.badRequest)
            try await api.call(.patch, "/api/v1/users/yjj-01", token: office, json: #"{"displayName":"新名字","password":"short"}"#).expectProblem(.badRequest)
            #expect(try await api.get("/api/v1/users/yjj-01", token: office).json["displayName"] as? String == "王志强", "no half change")
            try await api.call(.patch, "/api/v1/departments/yjj", token: office, json: #"{}"#).expectProblem(.badRequest)
            // The office cannot lock itself out.
            try await api.call(.delete, "/api/v1/users/office", token: office).expectProblem(.forbidden)
            try await api.call(.patch, "/api/v1/users/office", token: office, json: #"{"active":false}"#).expectProblem(.forbidden)
            try await api.call(.patch, "/api/v1/users/office", token: office, json: #"{"role":"auditor"}"#).expectProblem(.forbidden)
            try await api.get("/api/v1/users?q=" + String(repeating: "x", count: 101), token: office).expectProblem(.unprocessableContent)

            // Requests the contract rejects before a handler runs.
            try await api.call(.post, "/api/v1/departments", token: office, json: #"{"code":"x2""#).expectProblem(.badRequest)
            try await api.call(.post, "/api/v1/departments", token: office, json: #"{"name":"无代码"}"#).expectProblem(.badRequest)
            try await api.call(.post, "/api/v1/departments", token: office, json: #"{"code":"x3","name":"X","kind":"ministry"}"#).expectProblem(.badRequest)
            try await api.call(.post, "/api/v1/users", token: office, json: #"{"username":"r","displayName":"R","password":"qinghe2024","role":"boss","departmentCode":"yjj"}"#)
                .expectProblem(.badRequest)
            try await api.get("/api/v1/users?page=0", token: office).expectProblem(.unprocessableContent)
            try await api.get("/api/v1/users?perPage=1000", token: office).expectProblem(.unprocessableContent)
            try await api.get("/api/v1/users?page=abc", token: office).expectProblem(.badRequest)

            #expect(try await api.auditCount() == before, "nothing refused reaches the audit log")
        }
    }

    @Test(arguments: TestDatabase.available)
    func problemsReachClientsThatAskForJSON(database: TestDatabase) async throws {
        try await APITestHarness.run(on: database) { api in
            let office = try await api.token(for: "office")
            let accept: HTTPFields = [.accept: "application/json"]
            let missing = try await api.call(.get, "/api/v1/departments/nosuch", token: office, headers: accept)
            missing.expectProblem(.notFound)
            #expect(try await api.call(.get, "/api/v1/departments/yjj", token: office, headers: accept).status == .ok)
            try await api.call(.get, "/api/v1/me", headers: accept).expectProblem(.unauthorized)
            // A route that does not exist is a problem too, not an HTML page.
            try await api.get("/api/v1/nosuch", token: office).expectProblem(.notFound)
        }
    }

    /// Every operation of openapi.yaml has an access rule, and every rule names an operation of
    /// the document with its method and path, so `spotcheck routes` tells the truth.
    @Test func everyOperationHasAnAccessRule() throws {
        let specURL = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/SpotcheckAPI/openapi.yaml")
        let spec = try String(contentsOf: specURL, encoding: .utf8)
        var operations: Set<String> = []
        var path = ""
        for line in spec.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  /"), line.hasSuffix(":") { path = String(line.dropFirst(2).dropLast()) }
            if line.hasPrefix("    "), !line.hasPrefix("     "), let method = ["get", "post", "patch", "delete", "put"].first(where: { line == "    \($0):" }) {
                operations.insert("\(method.uppercased()) \(path)")
            }
            if line.contains("operationId:") {
                let id = line.split(separator: ":").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                #expect(APIAccess.rule(for: id) != nil, "operation \(id) has no access rule")
            }
        }
        #expect(operations.count == APIAccess.rules.count)
        #expect(Set(APIAccess.rules.map { "\($0.method) \($0.path)" }) == operations)
        #expect(APIAccess.rule(for: "getHealth") == .publicAccess)
        // Only the health check, what is published (一公开: item lists, published annual plans,
        // task notices, their records and candidate lists, public results and the feed) and the
        // public's own tips (submit, and the status by receipt) answer without a token.
        #expect(APIAccess.rules.filter { $0.access == .publicAccess }.map(\.operationID) == [
            "getHealth", "listPublicItems", "submitPublicTip", "getPublicTipStatus", "getPublicAnnualPlan", "listPublicTasks", "getPublicTask", "getPublicTaskRecord",
            "getPublicTaskCandidates", "searchPublicResults", "getPublicityFeed", "getPublicityFeedCSV",
        ])
        #expect(APIAccess.rules.filter { $0.access == .publicAccess }.allSatisfy { $0.path == "/health" || $0.path.hasPrefix("/public/") })
    }
}
