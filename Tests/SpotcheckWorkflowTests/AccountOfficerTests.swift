import FluentKit
import Foundation
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
@testable import SpotcheckWorkflow
import Testing

/// An inspector account acts as one roster officer (执法证号): that link is what puts the officer's
/// inspections, visits and agenda on the account's pages. The office sets it when it creates or
/// edits the account; only its own department's officers, one account per officer.
@Suite("Inspector accounts and their officers")
struct AccountOfficerTests {
    static let office = AnnualPlanTests.office

    @Test("linked on creation and on edit, refused across departments, twice, or on a non-inspector; the link follows role and department changes",
          arguments: TestDatabase.available)
    func link(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords)
            let workflow = Workflow(store: store, clock: .fixed(CivilDate("2024-06-01")!))
            let officers = try await workflow.officersForAccounts(by: Self.office)
            let taken = try #require(officers.first { $0.account == "yjj-01" })
            let free = try #require(officers.first { $0.officer.dept == "yjj" && $0.account == nil })
            let scjgOfficer = try #require(officers.first { $0.officer.dept == "scjg" && $0.account == nil })
            await #expect(throws: AccessRefusal.self) { try await workflow.officersForAccounts(by: AnnualPlanTests.admin("yjj")) }

            func create(_ username: String, role: Role = .inspector, code: String?) async throws -> UserModel {
                try await workflow.createUser(.init(username: username, displayName: "新检查员", password: "qinghe2024-new", role: role,
                                                    departmentCode: "yjj", inspectorCode: code), by: Self.office)
            }
            func refusal(_ body: () async throws -> Void) async -> String {
                do { try await body(); return "" } catch let error as StoreError { return error.description } catch { return "\(error)" }
            }
            #expect(await refusal { _ = try await create("yjj-09", code: scjgOfficer.officer.code) }.contains("不属于"))
            #expect(await refusal { _ = try await create("yjj-09", code: taken.officer.code) }.contains("已由账号「yjj-01」使用"))
            #expect(await refusal { _ = try await create("yjj-09", role: .deptAdmin, code: free.officer.code) }.contains("只有检查人员账号"))
            #expect(await refusal { _ = try await create("yjj-09", code: "NO-SUCH-CODE") }.contains("不在执法检查人员名录中"))
            #expect(try await UserRepository(db: store.db).find(username: "yjj-09") == nil)

            let created = try await create("yjj-09", code: free.officer.code)
            #expect(created.inspectorCode == free.officer.code)
            let principal = Principal(userID: try created.requireID(), username: "yjj-09", displayName: "新检查员", role: .inspector,
                                      departmentID: created.$department.id, departmentCode: "yjj", departmentName: "清河县应急管理局")
            #expect(try await workflow.inspectorCode(of: principal) == free.officer.code)
            let event = try await AuditEventModel.query(on: store.db).filter(\.$entity == "user").filter(\.$entityID == "yjj-09").first()
            #expect(event?.afterJSON?.contains(free.officer.code) == true)

            // Moving the account to another department, or making it an admin, while linked is refused by name.
            #expect(await refusal { _ = try await workflow.updateUser("yjj-09", change: .init(departmentCode: "scjg"), password: nil, by: Self.office) }
                .contains("不属于清河县市场监督管理局"))
            #expect(await refusal { _ = try await workflow.updateUser("yjj-09", change: .init(role: .deptAdmin), password: nil, by: Self.office) }
                .contains("只有检查人员账号"))
            // Moved together with another officer: fine. Unlinked with "".
            let moved = try await workflow.updateUser("yjj-09", change: .init(departmentCode: "scjg", inspectorCode: scjgOfficer.officer.code),
                                                      password: nil, by: Self.office)
            #expect(moved.inspectorCode == scjgOfficer.officer.code)
            let unlinked = try await workflow.updateUser("yjj-09", change: .init(inspectorCode: ""), password: nil, by: Self.office)
            #expect(unlinked.inspectorCode == nil)
            #expect(try await workflow.officersForAccounts(by: Self.office).first { $0.officer.code == scjgOfficer.officer.code }?.account == nil)
        }
    }
}
