import Foundation
import HTTPTypes
import HummingbirdTesting
import SQLKit
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
import Testing

/// The item and inspector pages refuse to delete what a published task uses (409 naming the
/// task) and retire it instead, after a confirmation that says what follows (issue 13 item 7).
@Suite("Retiring instead of deleting on the directory pages")
struct FrozenDirectoryPageTests {
    static func html(_ response: TestResponse) -> String { String(buffer: response.body) }

    @Test("a used item: delete → 409 naming the task; 停用 after confirmation; shown as 已停用", arguments: TestDatabase.available)
    func item(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            let task = try #require(try await TaskStore(db: store.db).find(DemoSeed.qingheDocumentNumber))
            let plan = try #require(task.plan.departments.first { $0.department == "yjj" })
            let code = try #require(plan.itemCodes.first)
            var yjj = WebSession(client: client)
            _ = try await yjj.login("yjj-admin")
            let token = try await yjj.sessionCSRF()

            let refused = try await yjj.post("/departments/yjj/items/\(code)/delete", form: ["_csrf": token])
            #expect(refused.status == .conflict)
            #expect(Self.html(refused).contains(DemoSeed.qingheDocumentNumber) && Self.html(refused).contains("停用"))
            #expect(try await ItemList(db: store.db).find(department: "yjj", code: code) != nil)

            let confirm = try await yjj.get("/departments/yjj/items/\(code)/retire")
            #expect(confirm.status == .ok)
            #expect(Self.html(confirm).contains("不能再列入新的抽查任务") && Self.html(confirm).contains("确认停用"))
            let retired = try await yjj.post("/departments/yjj/items/\(code)/retire", form: ["_csrf": token])
            #expect(retired.status == .seeOther)
            #expect(try await ItemList(db: store.db).isRetired(department: "yjj", code: code))
            let list = Self.html(try await yjj.get("/departments/yjj/items"))
            #expect(list.contains("已停用") && list.contains("/departments/yjj/items/\(code)/reinstate"))

            // The office's new-task form no longer offers it.
            var office = WebSession(client: client)
            _ = try await office.login("office")
            let form = Self.html(try await office.get("/tasks/new"))
            #expect(!form.contains("value=\"\(code)\""))
            // Nor does the department's published 抽查事项清单, which lists what it checks now.
            var anonymous = WebSession(client: client)
            let published = Self.html(try await anonymous.get("/public/items/yjj"))
            #expect(!published.contains(code))

            #expect(try await yjj.post("/departments/yjj/items/\(code)/reinstate", form: ["_csrf": token]).status == .seeOther)
            #expect(try await ItemList(db: store.db).isRetired(department: "yjj", code: code) == false)
        }
    }

    @Test("a drawn inspector: delete → 409; 停用 sets 离岗 and the task keeps the name", arguments: TestDatabase.available)
    func inspector(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            let tasks = TaskStore(db: store.db)
            let task = try #require(try await tasks.find(DemoSeed.qingheDocumentNumber))
            let drawn = try #require(try await tasks.drawnInspectors(task.id, department: "yjj").first { $0.active })
            var yjj = WebSession(client: client)
            _ = try await yjj.login("yjj-admin")
            let token = try await yjj.sessionCSRF()

            let refused = try await yjj.post("/departments/yjj/inspectors/\(drawn.code)/delete", form: ["_csrf": token])
            #expect(refused.status == .conflict && Self.html(refused).contains(DemoSeed.qingheDocumentNumber))

            let page = Self.html(try await yjj.get("/departments/yjj/inspectors/\(drawn.code)"))
            #expect(page.contains("/departments/yjj/inspectors/\(drawn.code)/retire"))
            let confirm = Self.html(try await yjj.get("/departments/yjj/inspectors/\(drawn.code)/retire"))
            #expect(confirm.contains("不再参加新的抽取") && confirm.contains("确认停用"))
            #expect(try await yjj.post("/departments/yjj/inspectors/\(drawn.code)/retire", form: ["_csrf": token]).status == .seeOther)
            #expect(try await InspectorRoster(db: store.db).find(code: drawn.code)?.status == .departed)
            #expect(try await tasks.drawnInspectors(task.id, department: "yjj").first { $0.code == drawn.code }?.name == drawn.name)
        }
    }
}

/// A stored value that does not decode is a server fault, never a default (issue 13 item 15).
@Suite("Corrupt stored values on the pages")
struct CorruptStoredValuePageTests {
    @Test("a task whose stored state is unknown: 500 with the request id, nothing internal shown", arguments: TestDatabase.available)
    func unknownTaskState(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            let task = try #require(try await TaskStore(db: store.db).find(DemoSeed.qingheDocumentNumber))
            try await (store.db as! any SQLDatabase).update("tasks").set("state", to: "bogus").where("id", .equal, task.id).run()
            var office = WebSession(client: client)
            _ = try await office.login("office")
            let page = try await office.get("/tasks/\(task.id)")
            #expect(page.status == .internalServerError)
            let html = String(buffer: page.body)
            let requestID = try #require(page.headers[HTTPField.Name("X-Request-Id")!])
            #expect(html.contains("请求编号：\(requestID)"))
            #expect(!html.contains("bogus") && !html.contains("草稿"))
        }
    }
}
