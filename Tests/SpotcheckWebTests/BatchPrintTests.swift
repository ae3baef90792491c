import Foundation
import HummingbirdTesting
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
@testable import SpotcheckWeb
import Testing

/// Print like paper (issue 15): the whole task's or one department's 一企一表 as one document,
/// every page named after its enterprise through a named page.
@Suite("Batch print of 一企一表")
struct BatchPrintTests {
    @Test("the whole task and one department print as one document; each form gets its named page", arguments: TestDatabase.available)
    func batch(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            let tasks = TaskStore(db: store.db)
            let task = try await tasks.require(DemoSeed.qingheDocumentNumber)
            let forms = try await tasks.forms(taskID: task.id)
            var office = WebSession(client: client)
            _ = try await office.login("office")
            let list = String(buffer: try await office.get("/tasks/\(task.id)/forms").body)
            #expect(list.contains("/tasks/\(task.id)/print-forms\"") && list.contains("/tasks/\(task.id)/print-forms?department=xf"))
            let all = String(buffer: try await office.get("/tasks/\(task.id)/print-forms").body)
            #expect(all.components(separatedBy: "<article class=\"sheet page-e").count - 1 == forms.count)
            let xfCount = forms.filter { $0.teams.contains { $0.department == "xf" } }.count
            let xf = String(buffer: try await office.get("/tasks/\(task.id)/print-forms?department=xf").body)
            #expect(xf.components(separatedBy: "<article class=\"sheet page-e").count - 1 == xfCount && xfCount < forms.count)
            #expect(xf.contains("/tasks/\(task.id)/print-forms.css?department=xf"))
            let css = try await office.get("/tasks/\(task.id)/print-forms.css?department=xf")
            #expect(css.headers[.contentType]?.hasPrefix("text/css") == true)
            let text = String(buffer: css.body)
            let first = try #require(forms.first { $0.teams.contains { $0.department == "xf" } })
            #expect(text.contains(".page-e0 { page: e0; }") && text.contains("@page e0 { @top-left { content: \"\(first.name)（\(first.uscc)）"))
            // An inspector prints only the forms of their own teams.
            var inspector = WebSession(client: client)
            _ = try await inspector.login("xf-01")
            let own = String(buffer: try await inspector.get("/tasks/\(task.id)/print-forms").body)
            #expect(own.components(separatedBy: "<article class=\"sheet page-e").count - 1 < forms.count)
        }
    }

    @Test("a name cannot end the CSS string or the stylesheet")
    func cssEscaping() {
        let escaped = InspectionFormController.cssString("甲\"乙\\丙</style>\n")
        #expect(escaped == "\"甲\\\"乙\\\\丙\\3c /style\\3e \\a \"")
    }
}
