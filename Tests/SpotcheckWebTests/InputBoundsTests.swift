import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
import SpotcheckWeb
import Testing

/// Hostile numbers, texts and bodies: each answers 4xx with a Chinese reason and the server
/// stays up (issue 13 items 1 and 2).
@Suite("Bounded inputs and bodies on pages")
struct InputBoundsTests {
    static let hugePage = "9223372036854775807"

    @Test("a page number that would overflow the offset is 400, anonymous and logged in", arguments: TestDatabase.available)
    func overflowingPage(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, _ in
            var anonymous = WebSession(client: client)
            for path in ["/public/results", "/public/tasks"] {
                let response = try await anonymous.get("\(path)?page=\(Self.hugePage)")
                #expect(response.status == .badRequest, "\(path)")
                #expect(String(buffer: response.body).contains("页码须为 1 至"), "\(path)")
            }
            var office = WebSession(client: client)
            _ = try await office.login("office")
            for path in ["/tasks", "/enterprises", "/users", "/audit", "/departments/yjj"] {
                for page in [Self.hugePage, "-1", "0", "abc", "1e3"] {
                    let response = try await office.get("\(path)?page=\(page)")
                    #expect(response.status == .badRequest, "\(path)?page=\(page)")
                }
                // The last page that can exist still answers.
                #expect(try await office.get("\(path)?page=\(ListPage.maxNumber)").status == .ok, "\(path)")
            }
            // And the server is still serving.
            #expect(try await anonymous.get("/public/tasks").status == .ok)
        }
    }

    @Test("a NUL byte or other control character in a query or form is 400 on both databases", arguments: TestDatabase.available)
    func controlCharacters(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            var anonymous = WebSession(client: client)
            for query in ["a%00b", "a%01b", "%7F"] {
                let response = try await anonymous.get("/public/results?q=\(query)")
                #expect(response.status == .badRequest, "q=\(query)")
                #expect(String(buffer: response.body).contains("控制字符"))
            }
            // Tab and line breaks are ordinary text.
            #expect(try await anonymous.get("/public/results?q=a%09b").status == .ok)

            var office = WebSession(client: client)
            _ = try await office.login("office")
            let csrf = try await office.sessionCSRF()
            let before = try await DepartmentRepository(db: store.db).all().count
            let response = try await office.post("/departments", form: [
                "_csrf": csrf, "code": "nul", "name": "有\u{0}空字符的部门", "kind": "department",
            ])
            #expect(response.status == .badRequest)
            #expect(try await DepartmentRepository(db: store.db).all().count == before)
        }
    }

    @Test("multipart uploads: a control character in a file name or text field is 400, nothing imported", arguments: TestDatabase.available)
    func multipartControlCharacters(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            var office = WebSession(client: client)
            _ = try await office.login("office")
            let before = try await EnterpriseDirectory(db: store.db).count()
            let file = DirectoryPageTests.tenRowCSV()
            let badName = try await office.upload("/imports", fields: [("kind", "enterprises"), ("skipInvalid", "on")], fileName: "名录\u{0}.csv", file: file)
            #expect(badName.status == .badRequest)
            #expect(String(buffer: badName.body).contains("文件名含有不可见的控制字符"))
            let badField = try await office.upload("/imports", fields: [("kind", "enter\u{1}prises"), ("skipInvalid", "on")], fileName: "名录.csv", file: file)
            #expect(badField.status == .badRequest)
            #expect(try await EnterpriseDirectory(db: store.db).count() == before)
        }
    }

    @Test("a form field longer than any field of the product is refused before it is stored", arguments: [TestDatabase.sqlite])
    func overlongFormField(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, _ in
            var office = WebSession(client: client)
            _ = try await office.login("office")
            let csrf = try await office.sessionCSRF()
            let response = try await office.post("/departments", form: [
                "_csrf": csrf, "code": "long", "name": String(repeating: "长", count: TextInput.Limit.freeText.characters + 1), "kind": "department",
            ])
            #expect(response.status == .badRequest || response.status == .contentTooLarge)
        }
    }

    @Test("bodies over their cap get 413 naming the cap, before being read", arguments: [TestDatabase.sqlite])
    func bodyCaps(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, _ in
            // An anonymous form past its 16 KB cap: counted as it streams and refused. (A declared
            // Content-Length over the cap is refused unread; HummingbirdTesting rewrites that
            // header, so scripts/checks/15-connections.sh tests it on a real socket.)
            var streamed = HTTPFields()
            streamed[.contentType] = "application/x-www-form-urlencoded"
            let big = ByteBuffer(string: "username=" + String(repeating: "a", count: 64 * 1024))
            let counted = try await client.execute(uri: "/login", method: .post, headers: streamed, body: big)
            #expect(counted.status == .contentTooLarge)
            #expect(String(buffer: counted.body).contains("16 KB"))

            // A logged-in upload over 20 MB: 413, not "500 系统错误".
            var office = WebSession(client: client)
            _ = try await office.login("office")
            var upload = office.cookieHeader
            upload[.contentType] = "multipart/form-data; boundary=x"
            let tooBig = ByteBuffer(repeating: 0x61, count: BodyLimitProbe.uploadBytes + 1)
            let csrf = try await office.sessionCSRF()
            let response = try await client.execute(uri: "/imports?_csrf=\(csrf)", method: .post, headers: upload, body: tooBig)
            #expect(response.status == .contentTooLarge)
            #expect(String(buffer: response.body).contains("20 MB"))
        }
    }
}

/// The upload cap as the pages state it (20 MB), without reaching into the middleware.
enum BodyLimitProbe {
    static let uploadBytes = 20 * 1024 * 1024
}
