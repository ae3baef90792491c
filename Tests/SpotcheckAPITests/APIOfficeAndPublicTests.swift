import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
import SpotcheckWeb
import Testing

/// The API operations that do what the office's administration pages, the account page, the forms
/// list, the import/export pages and the public pages do (issue 14 item 7), each with the page's
/// rule. Every test runs on SQLite and, when configured, on PostgreSQL.
@Suite struct APIOfficeAndPublicTests {
    /// The demo's drawn and matched Qinghe task.
    static let demoTask = "/api/v1/tasks/1"

    @Test(arguments: TestDatabase.available)
    func auditLogIsPagedFilteredAndVerifiable(database: TestDatabase) async throws {
        try await APITestHarness.run(on: database) { api in
            let auditor = try await api.token(for: "auditor")
            let page = try await api.get("/api/v1/audit?entity=task&perPage=3", token: auditor)
            #expect(page.status == .ok, "\(page.text)")
            #expect(page.items.count == 3)
            #expect(page.items.allSatisfy { $0["entity"] as? String == "task" })
            let seqs = page.items.compactMap { $0["seq"] as? Int }
            #expect(seqs == seqs.sorted(by: >), "newest first")
            let all = try await api.get("/api/v1/audit?perPage=1", token: auditor)
            #expect((all.json["total"] as? Int ?? 0) > (page.json["total"] as? Int ?? 0))
            let verified = try await api.get("/api/v1/audit/verification", token: auditor)
            #expect(verified.json["intact"] as? Bool == true, "\(verified.text)")
            #expect(verified.json["checked"] as? Int == all.json["total"] as? Int)
            // Accounts and the audit log are the office's and the auditor's.
            try await api.get("/api/v1/audit", token: try await api.token(for: "yjj-admin")).expectProblem(.forbidden)
            try await api.get("/api/v1/audit/verification", token: try await api.token(for: "yjj-01")).expectProblem(.forbidden)
        }
    }

    @Test(arguments: TestDatabase.available)
    func calendarDaysAndYearsAsThePageKeepsThem(database: TestDatabase) async throws {
        try await APITestHarness.run(on: database) { api in
            let office = try await api.token(for: "office")
            let builtIn = try await api.get("/api/v1/calendar/years/2024", token: office)
            #expect(builtIn.status == .ok, "\(builtIn.text)")
            #expect(builtIn.json["builtIn"] as? Bool == true)
            let days = builtIn.json["days"] as? [[String: Any]] ?? []
            #expect(days.contains { $0["date"] as? String == "2024-02-04" && $0["kind"] as? String == "workday" && $0["source"] as? String == "builtIn" })

            let set = try await api.call(.put, "/api/v1/calendar/days/2031-05-06", token: office, json: #"{"kind":"workday"}"#)
            #expect(set.status == .ok, "\(set.text)")
            #expect(set.json["changed"] as? Bool == true)
            #expect((set.json["day"] as? [String: Any])?["updatedBy"] as? String == "office")
            let again = try await api.call(.put, "/api/v1/calendar/days/2031-05-06", token: office, json: #"{"kind":"workday"}"#)
            #expect(again.json["changed"] as? Bool == false)
            let year = try await api.get("/api/v1/calendar/years/2031", token: office)
            #expect(year.json["covered"] as? Bool == true)
            #expect(year.json["storedYears"] as? [Int] == [2031])
            #expect((year.json["days"] as? [[String: Any]] ?? []).map { $0["date"] as? String } == ["2031-05-06"])
            #expect(try await api.call(.delete, "/api/v1/calendar/days/2031-05-06", token: office).status == .noContent)
            try await api.call(.delete, "/api/v1/calendar/days/2031-05-06", token: office).expectProblem(.notFound)
            try await api.call(.put, "/api/v1/calendar/days/2031-02-30", token: office, json: #"{"kind":"workday"}"#).expectProblem(.unprocessableContent)

            // The State Council's list as CSV: bad lines are all named, nothing is written.
            var headers = HTTPFields()
            headers[.contentType] = "text/csv"
            let bad = try await api.call(.post, "/api/v1/calendar/imports", token: office,
                                         json: "date,kind\n2032-01-01,休息日\n2032-13-01,休息日\n2032-01-02,午休\n", headers: headers)
            bad.expectProblem(.unprocessableContent)
            let problems = bad.json["problems"] as? [[String: Any]] ?? []
            #expect(problems.count == 2, "\(bad.text)")
            #expect(problems.map { $0["field"] as? String } == ["第 3 行 日期", "第 4 行 类型"])
            #expect(try await api.get("/api/v1/calendar/years/2032", token: office).json["covered"] as? Bool == false)
            let imported = try await api.call(.post, "/api/v1/calendar/imports", token: office,
                                              json: "date,kind\n2032-01-01,休息日\n2032-02-07,工作日\n", headers: headers)
            #expect(imported.status == .ok, "\(imported.text)")
            #expect(imported.json["years"] as? [Int] == [2032])
            #expect(imported.json["entries"] as? Int == 2)
            #expect(try await api.call(.delete, "/api/v1/calendar/years/2032", token: office).status == .noContent)
            try await api.call(.delete, "/api/v1/calendar/years/2032", token: office).expectProblem(.notFound)
            try await api.get("/api/v1/calendar/years/1800", token: office).expectProblem(.unprocessableContent)
            // The calendar is the office's.
            try await api.call(.put, "/api/v1/calendar/days/2031-05-06", token: try await api.token(for: "auditor"),
                               json: #"{"kind":"workday"}"#).expectProblem(.forbidden)
        }
    }

    @Test(arguments: TestDatabase.available)
    func ownPasswordNeedsTheCurrentOneAndRevokesEveryToken(database: TestDatabase) async throws {
        try await APITestHarness.run(on: database) { api in
            let token = try await api.token(for: "scjg-01")
            let other = try await api.token(for: "scjg-01")
            let wrong = try await api.call(.put, "/api/v1/me/password", token: token, json: #"{"currentPassword":"nope","password":"a-new-secret-2027"}"#)
            wrong.expectProblem(.unprocessableContent)
            #expect((wrong.json["problems"] as? [[String: Any]])?.first?["field"] as? String == "currentPassword")
            let short = try await api.call(.put, "/api/v1/me/password", token: token,
                                           json: #"{"currentPassword":"\#(DemoSeed.password)","password":"x"}"#)
            short.expectProblem(.unprocessableContent)
            #expect(try await api.get("/api/v1/me", token: token).status == .ok, "a refused change revokes nothing")
            let changed = try await api.call(.put, "/api/v1/me/password", token: token,
                                             json: #"{"currentPassword":"\#(DemoSeed.password)","password":"a-new-secret-2027"}"#)
            #expect(changed.status == .noContent, "\(changed.text)")
            try await api.get("/api/v1/me", token: token).expectProblem(.unauthorized)
            try await api.get("/api/v1/me", token: other).expectProblem(.unauthorized)
            let user = try #require(try await UserRepository(db: api.store.db, passwords: api.store.passwords).find(username: "scjg-01"))
            #expect(try await PasswordHasher.verify("a-new-secret-2027", hash: user.passwordHash))
        }
    }

    @Test(arguments: TestDatabase.available)
    func formsListShowsWhatThePageShowsEachRole(database: TestDatabase) async throws {
        try await APITestHarness.run(on: database) { api in
            let whole = try await api.get("\(Self.demoTask)/forms", token: try await api.token(for: "auditor"))
            #expect(whole.status == .ok, "\(whole.text)")
            #expect(whole.json["scope"] as? String == "wholeTask")
            let all = whole.items
            #expect(!all.isEmpty)
            #expect(all.map { $0["number"] as? Int } == Array(1...all.count).map { Optional($0) })
            let lead = try await api.get("\(Self.demoTask)/forms", token: try await api.token(for: "yjj-admin"))
            #expect(lead.json["scope"] as? String == "wholeTask")
            #expect(lead.items.count == all.count)

            let scjg = try await api.get("\(Self.demoTask)/forms", token: try await api.token(for: "scjg-admin"))
            #expect(scjg.json["scope"] as? String == "department")
            let scjgExpected = all.filter { ($0["teams"] as? [[String: Any]] ?? []).contains { $0["departmentCode"] as? String == "scjg" } }
            #expect(scjg.items.map { $0["uscc"] as? String } == scjgExpected.map { $0["uscc"] as? String })

            let inspector = try await api.get("\(Self.demoTask)/forms", token: try await api.token(for: "scjg-01"))
            #expect(inspector.json["scope"] as? String == "ownTeams")
            #expect(!inspector.items.isEmpty)
            let mine = Set(inspector.items.compactMap { $0["uscc"] as? String })
            #expect(mine.isSubset(of: Set(scjgExpected.compactMap { $0["uscc"] as? String })))
            // The inspector is on every team of its forms.
            for form in inspector.items {
                let members = (form["teams"] as? [[String: Any]] ?? []).flatMap { $0["members"] as? [[String: Any]] ?? [] }
                #expect(members.contains { $0["name"] as? String == "赵海涛" })
            }
            try await api.get("/api/v1/tasks/999/forms", token: try await api.token(for: "office")).expectProblem(.notFound)
        }
    }

    @Test(arguments: TestDatabase.available)
    func exportsAreTheTemplatesColumnsWithThePagesRules(database: TestDatabase) async throws {
        try await APITestHarness.run(on: database) { api in
            let office = try await api.token(for: "office")
            let csv = try await api.get("/api/v1/exports/enterprises", token: office)
            #expect(csv.status == .ok, "\(csv.text)")
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(csv.headers[.contentDisposition]?.contains("filename*=UTF-8''") == true)
            let lines = csv.text.split(whereSeparator: \.isNewline)
            #expect(lines.first?.hasPrefix("\u{FEFF}统一社会信用代码") == true, "\(lines.first ?? "")")
            let total = try await api.get("/api/v1/enterprises?perPage=1", token: office).json["total"] as? Int
            #expect(lines.count - 1 == total)
            let filtered = try await api.get("/api/v1/exports/enterprises?class=A", token: office)
            let classA = filtered.text.split(whereSeparator: \.isNewline).dropFirst()
            #expect(!classA.isEmpty && classA.allSatisfy { $0.contains(",A,") })
            let xlsx = try await api.get("/api/v1/exports/enterprises?format=xlsx", token: office)
            #expect(xlsx.status == .ok)
            #expect(xlsx.headers[.contentType] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

            // A roster: the office names the department; a department admin its own only.
            try await api.get("/api/v1/exports/inspectors", token: office).expectProblem(.unprocessableContent)
            let roster = try await api.get("/api/v1/exports/inspectors?department=scjg", token: office)
            #expect(roster.status == .ok)
            let scjg = try await api.token(for: "scjg-admin")
            let own = try await api.get("/api/v1/exports/inspectors", token: scjg)
            #expect(own.text == roster.text)
            try await api.get("/api/v1/exports/items?department=yjj", token: scjg).expectProblem(.forbidden)
            #expect(try await api.get("/api/v1/exports/items", token: scjg).text.hasPrefix("\u{FEFF}部门"))
            try await api.get("/api/v1/exports/enterprises", token: try await api.token(for: "scjg-01")).expectProblem(.forbidden)
        }
    }

    @Test(arguments: TestDatabase.available)
    func importsCheckDryRunAndWriteWithTheUploadLimit(database: TestDatabase) async throws {
        try await APITestHarness.run(on: database) { api in
            let office = try await api.token(for: "office")
            var csvHeaders = HTTPFields()
            csvHeaders[.contentType] = "text/csv"
            // The roster as exported, with one officer renamed: imports back unchanged but for that row.
            let roster = try await api.get("/api/v1/exports/inspectors?department=scjg", token: office).text
            // CSV rows end in CRLF (RFC 4180), which Swift reads as one Character, not "\n".
            var rows = roster.components(separatedBy: "\r\n")
            let first = try #require(rows.count > 1 ? rows[1].split(separator: ",").map(String.init) : nil, "\(roster)")
            try #require(first.count > 1, "\(roster)")
            let code = first[0]
            rows[1] = rows[1].replacingOccurrences(of: first[1], with: "改名测试")
            let edited = rows.joined(separator: "\r\n")

            let auditBefore = try await api.auditCount()
            let dry = try await api.call(.post, "/api/v1/imports/inspectors?department=scjg&dryRun=true&fileName=scjg.csv", token: office,
                                         json: edited, headers: csvHeaders)
            #expect(dry.status == .ok, "\(dry.text)")
            #expect(dry.json["dryRun"] as? Bool == true)
            #expect(dry.json["written"] as? Bool == false)
            #expect(dry.json["fileName"] as? String == "scjg.csv")
            #expect(try await api.auditCount() == auditBefore, "a dry run records nothing")
            #expect(try await api.get("/api/v1/inspectors/\(code)", token: office).json["name"] as? String != "改名测试")

            let written = try await api.call(.post, "/api/v1/imports/inspectors?department=scjg", token: office, json: edited, headers: csvHeaders)
            #expect(written.status == .ok, "\(written.text)")
            #expect(written.json["written"] as? Bool == true)
            #expect(written.json["updated"] as? Int == 1)
            #expect(try await api.get("/api/v1/inspectors/\(code)", token: office).json["name"] as? String == "改名测试")

            // A bad row: nothing written, every problem with its line.
            let bad = edited + "\nX-1,,scjg,,在岗,,,否\n"
            let refused = try await api.call(.post, "/api/v1/imports/inspectors?department=scjg", token: office, json: bad, headers: csvHeaders)
            refused.expectProblem(.unprocessableContent)
            let problems = refused.json["problems"] as? [[String: Any]] ?? []
            #expect(!problems.isEmpty)
            #expect(problems.allSatisfy { ($0["field"] as? String ?? "").hasPrefix("第 \(rows.count + 1) 行") }, "\(refused.text)")

            // The department rules of the page.
            try await api.call(.post, "/api/v1/imports/enterprises", token: try await api.token(for: "scjg-admin"), json: roster,
                               headers: csvHeaders).expectProblem(.forbidden)
            try await api.call(.post, "/api/v1/imports/inspectors?department=yjj", token: try await api.token(for: "scjg-admin"), json: roster,
                               headers: csvHeaders).expectProblem(.forbidden)

            // The upload limit, not the API's 1 MB: a 2 MB file is read (and its rows judged), 21 MB is refused unread.
            let padded = edited + "\n" + String(repeating: "#\n", count: 1_000_000)
            let large = try await api.call(.post, "/api/v1/imports/inspectors?department=scjg&dryRun=true", token: office, json: padded, headers: csvHeaders)
            #expect(large.status != .contentTooLarge, "\(large.text.prefix(300))")
            let huge = String(repeating: "x", count: 21 * 1024 * 1024)
            let tooLarge = try await api.call(.post, "/api/v1/imports/inspectors?department=scjg", token: office, json: huge, headers: csvHeaders)
            #expect(tooLarge.status == .contentTooLarge)
            // Other operations keep the 1 MB limit.
            let bigJSON = #"{"name":""# + String(repeating: "x", count: 2 * 1024 * 1024) + #""}"#
            #expect(try await api.call(.post, "/api/v1/me/tokens", token: office, json: bigJSON).status == .contentTooLarge)
        }
    }

    @Test(arguments: TestDatabase.available)
    func publicReadsNeedNoTokenAndShowWhatTheNoticeShows(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords, results: true)
            let app = try await buildApplication(store: store, configuration: WebConfiguration())
            try await app.test(.router) { client in
                let api = APITestHarness(client: client, store: store)
                let list = try await api.get("/api/v1/public/tasks")
                #expect(list.status == .ok, "\(list.text)")
                #expect(list.items.map { $0["documentNumber"] as? String } == [DemoSeed.qingheDocumentNumber])
                #expect(list.items.first?["createdBy"] == nil, "who typed the plan is not public")

                let notice = try await api.get("/api/v1/public/tasks/1?perPage=5")
                #expect(notice.status == .ok, "\(notice.text)")
                let drawn = try #require(notice.json["drawnCount"] as? Int)
                #expect(drawn > 5)
                #expect(notice.json["matching"] as? Int == drawn)
                #expect((notice.json["selected"] as? [[String: Any]])?.count == 5)
                #expect((notice.json["rejected"] as? [[String: Any]])?.count == 1)
                #expect((notice.json["secret"] as? String)?.count == 64)
                #expect((notice.json["departmentNames"] as? [String: String])?["scjg"] != nil)
                let first = try #require((notice.json["selected"] as? [[String: Any]])?.first?["uscc"] as? String)
                let searched = try await api.get("/api/v1/public/tasks/1?q=\(first)")
                #expect(searched.json["matching"] as? Int == 1)

                let record = try await api.get("/api/v1/public/tasks/1/record")
                #expect(record.status == .ok)
                #expect(record.json["secret"] as? String == notice.json["secret"] as? String)
                let objects = try await api.get("/api/v1/public/tasks/1/candidates/objects")
                #expect(objects.status == .ok)
                #expect(objects.text.hasPrefix("uscc,stratum,depts"))
                try await api.get("/api/v1/public/tasks/999").expectProblem(.notFound)

                let results = try await api.get("/api/v1/public/results?perPage=2")
                #expect(results.status == .ok, "\(results.text)")
                let total = try #require(results.json["total"] as? Int)
                #expect(total > 0)
                #expect(results.items.count == min(2, total))
                let feed = try await api.get("/api/v1/public/results/feed")
                let entries = feed.json["entries"] as? [[String: Any]] ?? []
                #expect(entries.count == total)
                #expect(entries.first?["task_document_number"] as? String == DemoSeed.qingheDocumentNumber)
                let csv = try await api.get("/api/v1/public/results/feed.csv")
                #expect(csv.text.hasPrefix("\u{FEFF}task_document_number,task_title"))
                #expect(csv.text.split(whereSeparator: \.isNewline).count == total + 1)
                let none = try await api.get("/api/v1/public/results/feed?from=2000-01-01&to=2000-01-31")
                #expect((none.json["entries"] as? [[String: Any]])?.isEmpty == true)
                try await api.get("/api/v1/public/results/feed?from=yesterday").expectProblem(.unprocessableContent)
            }
        }
    }
}
