import Foundation
import SpotcheckAPI
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
import Testing

/// DELETE of an item or inspector a published task uses answers 409 `…/in-use`; PUT `…/retired`
/// retires an item (issue 13 item 7).
@Suite("API: items and inspectors of published tasks")
struct APIFrozenDirectoryTests {
    @Test("delete refused with in-use; an item is retired and reinstated", arguments: TestDatabase.available)
    func refusedAndRetired(database: TestDatabase) async throws {
        try await APITestHarness.run(on: database) { api in
            let tasks = TaskStore(db: api.store.db)
            let task = try #require(try await tasks.find(DemoSeed.qingheDocumentNumber))
            let code = try #require(task.plan.departments.first { $0.department == "yjj" }?.itemCodes.first)
            let drawn = try #require(try await tasks.drawnInspectors(task.id, department: "yjj").first)
            let yjj = try await api.token(for: "yjj-admin")

            let item = try await api.call(.delete, "/api/v1/departments/yjj/items/\(code)", token: yjj)
            item.expectProblem(.conflict, type: .inUse)
            #expect((item.json["detail"] as? String)?.contains(DemoSeed.qingheDocumentNumber) == true)
            try await api.call(.delete, "/api/v1/inspectors/\(drawn.code)", token: yjj).expectProblem(.conflict, type: .inUse)

            let retired = try await api.call(.put, "/api/v1/departments/yjj/items/\(code)/retired", token: yjj, json: #"{"retired":true}"#)
            #expect(retired.status == .ok && retired.json["retired"] as? Bool == true, "\(retired.status) \(retired.text)")
            #expect(try await api.get("/api/v1/departments/yjj/items/\(code)", token: yjj).json["retired"] as? Bool == true)
            let listed = try await api.get("/api/v1/departments/yjj/items", token: yjj).items.first { $0["code"] as? String == code }
            #expect(listed?["retired"] as? Bool == true)
            let back = try await api.call(.put, "/api/v1/departments/yjj/items/\(code)/retired", token: yjj, json: #"{"retired":false}"#)
            #expect(back.status == .ok && back.json["retired"] as? Bool == false)
            try await api.call(.put, "/api/v1/departments/yjj/items/\(code)/retired", token: try await api.token(for: "scjg-admin"),
                               json: #"{"retired":true}"#).expectProblem(.forbidden)
        }
    }
}
