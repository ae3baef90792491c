import FluentKit
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SpotcheckCore
import SpotcheckImport
import SpotcheckStore
import SpotcheckTestSupport
import SpotcheckWeb
import Testing

@Suite("Working-day calendar page")
struct CalendarPageTests {
    static func html(_ response: TestResponse) -> String { String(buffer: response.body) }

    static func auditCount(_ store: StoreDatabase) async throws -> Int { try await AuditEventModel.query(on: store.db).count() }

    /// 2027 is not built in: 261 working days on the plain week (it starts on a Friday).
    /// This list takes three weekdays off and works one Saturday: 259.
    static let list2027 = "date,kind,备注\n2027-01-01,休息日,元旦\n2027-02-06,工作日,春节调休\n2027-02-08,休息日,春节\n2027-02-09,休息日,春节\n"

    @Test("the office admin sees a built-in year's months, special days and total", arguments: TestDatabase.available)
    func builtInYear(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, _ in
            var office = WebSession(client: client)
            _ = try await office.login("office")
            #expect(Self.html(try await office.get("/dashboard")).contains("href=\"/calendar\""))
            let response = try await office.get("/calendar?year=2024")
            #expect(response.status == .ok)
            let html = Self.html(response)
            #expect(html.contains("<b id=\"working-days\">251</b>"))
            #expect(html.contains("一月") && html.contains("十二月"))
            // 2024-06-10 (端午, Monday) is a holiday; 2024-02-04 (Sunday) a 调休 working day; both built in.
            #expect(html.contains("class=\"holiday\" title=\"2024-06-10 星期一 休息日\">10<span class=\"day-mark\">休</span>"))
            #expect(html.contains("class=\"swap\" title=\"2024-02-04 星期日 工作日\">4<span class=\"day-mark\">班</span>"))
            #expect(html.contains("<td data-label=\"日期\" class=\"nowrap\">2024年6月10日</td>") && html.contains("法定节假日（工作日放假）"))
            #expect(html.contains("内置的国务院办公厅 2024 年部分节假日安排通知"))
            #expect(!html.contains("清除该年份导入数据"))  // nothing stored
            // The picker offers the built-in years and next year.
            let nextYear = CivilDate.today.year + 1
            for year in [2024, 2025, 2026, nextYear] { #expect(html.contains("<option value=\"\(year)\""), "\(year)") }
            #expect(html.contains("2027-02-06,工作日"))  // the format example

            let template = try await office.get("/calendar/template.csv")
            #expect(template.status == .ok && template.headers[.contentType]?.hasPrefix("text/csv") == true)
            let csv = String(decoding: Data(buffer: template.body), as: UTF8.self)
            #expect(csv.contains("date,kind") && csv.contains("2026-02-15,休息日") && csv.contains("2026-02-14,工作日"))
            // The template is itself a valid file in the import format.
            #expect(try CalendarOverrides.parseCSV(csv).coveredYears == [2026])

            #expect(try await office.get("/calendar?year=abc").status == .badRequest)
        }
    }

    @Test("importing a CSV for 2027 marks its holidays and changes the count; a bad file names its lines and writes nothing", arguments: TestDatabase.available)
    func importYear(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            var office = WebSession(client: client)
            _ = try await office.login("office")
            let calendars = CalendarStore(db: store.db)
            let before = Self.html(try await office.get("/calendar?year=2027"))
            #expect(before.contains("<b id=\"working-days\">261</b>"))
            #expect(before.contains("2027 年的节假日安排尚未录入"))
            let events = try await Self.auditCount(store)

            let bad = "date,kind\n2027-01-01,休息日\n2027-13-01,休息日\n2027-02-06,放假吧\n2027-02-08\n"
            let blocked = try await office.upload("/calendar/import", fields: [("year", "2027")], fileName: "2027.csv", file: Data(bad.utf8))
            #expect(blocked.status == .unprocessableContent)
            let html = Self.html(blocked)
            #expect(html.contains("第 3 行：日期 — 无效日期 2027-13-01"))
            #expect(html.contains("第 4 行：类型 — 未知类型 放假吧"))
            #expect(html.contains("第 5 行：类型 — 缺少类型"))
            #expect(!html.contains("第 2 行："))
            #expect(html.contains("未写入任何数据"))
            #expect(try await calendars.overrides().isEmpty)
            #expect(try await Self.auditCount(store) == events)

            let empty = try await office.upload("/calendar/import", fields: [("year", "2027")], fileName: "empty.csv", file: Data("date,kind\n".utf8))
            #expect(empty.status == .unprocessableContent && Self.html(empty).contains("没有日期"))

            let imported = try await office.upload("/calendar/import", fields: [("year", "2026")], fileName: "2027.csv", file: Data(Self.list2027.utf8))
            #expect(imported.status == .ok)
            let after = Self.html(imported)
            #expect(after.contains("已导入文件「2027.csv」：2027 年节假日安排，共 4 个日期"))
            #expect(after.contains("<b id=\"working-days\">259</b>"))
            #expect(after.contains("class=\"holiday stored\" title=\"2027-02-08 星期一 休息日\">8<span class=\"day-mark\">休</span>"))
            #expect(after.contains("class=\"swap stored\" title=\"2027-02-06 星期六 工作日\">6<span class=\"day-mark\">班</span>"))
            #expect(after.contains("录入（office，"))
            #expect(after.contains("清除该年份导入数据") && after.contains("data-confirm=\"确定清除 2027 年全部 4 个录入的日期"))
            #expect(try await calendars.calendar().workingDayCount(inYear: 2027) == 259)
            #expect(try await Self.auditCount(store) == events + 1)

            // GB18030, as Chinese Excel saves CSV, reads the same.
            let gb = try #require(TextDecoding.gb18030Data("date,kind\n2027-10-01,休息日,国庆节\n"))
            #expect(try await office.upload("/calendar/import", fields: [], fileName: "gb.csv", file: gb).status == .ok)
            #expect(try await calendars.storedDays(year: 2027).map(\.date.description) == ["2027-10-01"])

            // Clearing the year removes its stored days; nothing left to clear is a 404.
            let token = try await office.sessionCSRF()
            let cleared = try await office.post("/calendar/years/2027/clear", form: ["_csrf": token])
            #expect(cleared.status == .seeOther && cleared.headers[.location] == "/calendar?year=2027")
            #expect(try await calendars.storedDays(year: 2027).isEmpty)
            #expect(Self.html(try await office.get("/calendar?year=2027")).contains("<b id=\"working-days\">261</b>"))
            #expect(try await office.post("/calendar/years/2027/clear", form: ["_csrf": token]).status == .notFound)
            #expect(try await AuditLog.verify(on: store.db).isIntact)
        }
    }

    @Test("a single day is added, changed and removed through the form", arguments: TestDatabase.available)
    func singleDay(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            var office = WebSession(client: client)
            _ = try await office.login("office")
            let token = try await office.sessionCSRF()
            let calendars = CalendarStore(db: store.db)

            let added = try await office.post("/calendar/days", form: ["date": "2027-05-06", "kind": "休息日", "year": "2027", "_csrf": token])
            #expect(added.status == .seeOther && added.headers[.location] == "/calendar?year=2027")
            #expect(try await !calendars.calendar().isWorkingDay(CivilDate("2027-05-06")!))
            var html = Self.html(try await office.get("/calendar?year=2027"))
            #expect(html.contains("<b id=\"working-days\">260</b>"))
            #expect(html.contains("<tr id=\"day-2027-05-06\">") && html.contains("action=\"/calendar/days/2027-05-06/delete\""))

            // Overriding a built-in day is allowed and shown as such.
            _ = try await office.post("/calendar/days", form: ["date": "2024-06-10", "kind": "工作日", "_csrf": token])
            html = Self.html(try await office.get("/calendar?year=2024"))
            #expect(html.contains("<b id=\"working-days\">252</b>") && html.contains("覆盖内置（原为休息日）"))
            #expect(try await office.post("/calendar/days/2024-06-10/delete", form: ["_csrf": token]).status == .seeOther)
            #expect(Self.html(try await office.get("/calendar?year=2024")).contains("<b id=\"working-days\">251</b>"))

            let removed = try await office.post("/calendar/days/2027-05-06/delete", form: ["_csrf": token])
            #expect(removed.status == .seeOther && removed.headers[.location] == "/calendar?year=2027")
            #expect(try await calendars.overrides().isEmpty)
            #expect(try await office.post("/calendar/days/2027-05-06/delete", form: ["_csrf": token]).status == .notFound)

            let events = try await Self.auditCount(store)
            let invalid = try await office.post("/calendar/days", form: ["date": "2027-02-30", "kind": "休息日", "year": "2027", "_csrf": token])
            #expect(invalid.status == .badRequest && Self.html(invalid).contains("无效日期 2027-02-30"))
            let noKind = try await office.post("/calendar/days", form: ["date": "2027-02-03", "kind": "放假", "_csrf": token])
            #expect(noKind.status == .badRequest && Self.html(noKind).contains("请选择 休息日 或 工作日"))
            #expect(try await calendars.overrides().isEmpty)
            #expect(try await Self.auditCount(store) == events)
            #expect(try await AuditLog.verify(on: store.db).isIntact)
        }
    }

    @Test("other roles get 403 and forms without a CSRF token are refused", arguments: TestDatabase.available)
    func refusals(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            let calendars = CalendarStore(db: store.db)
            for login in ["yjj-admin", "yjj-01", "auditor"] {
                var other = WebSession(client: client)
                _ = try await other.login(login)
                #expect(!Self.html(try await other.get("/dashboard")).contains("href=\"/calendar\""), "\(login)")
                let page = try await other.get("/calendar")
                #expect(page.status == .forbidden && Self.html(page).contains("无权执行此操作"), "\(login)")
                #expect(try await other.get("/calendar/template.csv").status == .forbidden, "\(login)")
                let token = try await other.sessionCSRF()
                #expect(try await other.post("/calendar/days", form: ["date": "2027-05-06", "kind": "休息日", "_csrf": token]).status == .forbidden, "\(login)")
                #expect(try await other.upload("/calendar/import", fields: [], fileName: "2027.csv", file: Data(Self.list2027.utf8)).status == .forbidden, "\(login)")
            }

            var office = WebSession(client: client)
            _ = try await office.login("office")
            #expect(try await office.post("/calendar/days", form: ["date": "2027-05-06", "kind": "休息日"]).status == .forbidden)
            #expect(try await office.post("/calendar/days", form: ["date": "2027-05-06", "kind": "休息日", "_csrf": String(repeating: "0", count: 64)]).status == .forbidden)
            // A multipart upload without the token in its URL.
            let boundary = "----spotcheckCalendarBoundary"
            var body = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"2027.csv\"\r\nContent-Type: text/csv\r\n\r\n".utf8)
            body.append(Data(Self.list2027.utf8))
            body.append(Data("\r\n--\(boundary)--\r\n".utf8))
            var headers = office.cookieHeader
            headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
            let upload = try await client.execute(uri: "/calendar/import", method: .post, headers: headers, body: ByteBuffer(bytes: body))
            #expect(upload.status == .forbidden)
            #expect(try await calendars.overrides().isEmpty)
        }
    }
}
