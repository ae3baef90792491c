import Foundation
import HTTPTypes
import SpotcheckAPI
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
import Testing

/// Issue 13 items 1 and 16 on the API side: numbers and texts are bounded before anything uses
/// them (422, never a trap or a 500), a wrong method is 405 with `Allow`, and every problem's
/// `type` tells its kind without the Chinese `detail`, which never shows decoder internals. Each
/// test runs on SQLite and, when configured, on PostgreSQL (which refuses a NUL byte in text with
/// an error of its own, so a NUL reaching it used to be a 500).
@Suite struct APIInputBoundsTests {
    static let huge = "9223372036854775807"

    @Test(arguments: TestDatabase.available)
    func pagesOutOfRangeAre422NotACrash(database: TestDatabase) async throws {
        try await APITestHarness.run(on: database) { api in
            let office = try await api.token(for: "office")
            for list in ["/api/v1/tasks", "/api/v1/users", "/api/v1/enterprises", "/api/v1/departments/yjj/users",
                         "/api/v1/departments/yjj/inspectors", "/api/v1/departments/yjj/items", "/api/v1/departments/yjj/conflicts"] {
                let maxed = try await api.get("\(list)?page=\(Self.huge)", token: office)
                maxed.expectProblem(.unprocessableContent, type: .validation)
                #expect(maxed.json["detail"] as? String == "参数「page」须为 1 至 100000 之间的整数", "\(list)")
                #expect((maxed.json["problems"] as? [[String: Any]])?.first?["field"] as? String == "page")
                // Beyond Int itself, and a page size past its bound, are the same refusal.
                try await api.get("\(list)?page=99999999999999999999999", token: office).expectProblem(.unprocessableContent)
                try await api.get("\(list)?page=-\(Self.huge)", token: office).expectProblem(.unprocessableContent)
                try await api.get("\(list)?perPage=\(Self.huge)", token: office).expectProblem(.unprocessableContent)
                // Not a number at all is malformed (400), and says which parameter in Chinese.
                let word = try await api.get("\(list)?page=abc", token: office)
                word.expectProblem(.badRequest, type: .validation)
                #expect(word.json["detail"] as? String == "参数「page」须为 1 至 100000 之间的整数")
            }
            // The last page that exists is still served.
            #expect(try await api.get("/api/v1/users?page=100000&perPage=200", token: office).status == .ok)
            // A team number in the path is bounded the same way.
            try await api.call(.delete, "/api/v1/tasks/1/departments/yjj/teams/\(Self.huge)/experts/X",
                               token: try await api.token(for: "yjj-admin")).expectProblem(.unprocessableContent)
            #expect(try await api.get("/api/v1/health").status == .ok, "the server is still up")
        }
    }

    @Test(arguments: TestDatabase.available)
    func controlCharactersInTextAre422AndNothingIsStored(database: TestDatabase) async throws {
        try await APITestHarness.run(on: database) { api in
            let office = try await api.token(for: "office")
            let before = try await api.auditCount()

            let nul = try await api.call(.post, "/api/v1/departments", token: office, json: #"{"code":"nul1","name":"应急\u0000管理局"}"#)
            nul.expectProblem(.unprocessableContent, type: .validation)
            #expect(nul.json["detail"] as? String == "「name」含有不可见的控制字符，请删除后重试")
            #expect((nul.json["problems"] as? [[String: Any]])?.first?["field"] as? String == "name")
            try await api.get("/api/v1/departments/nul1", token: office).expectProblem(.notFound)

            // Any depth of a body, any C0 control but tab and line breaks, and DEL.
            let plan = try APITaskFlowTests.planJSON(documentNumber: "清双随机办〔2024〕90号")
                .replacingOccurrences(of: #""item_codes":["#, with: #""item_codes":["\u0001","#)
            let nested = try await api.call(.post, "/api/v1/tasks", token: office, json: plan)
            nested.expectProblem(.unprocessableContent)
            #expect((nested.json["problems"] as? [[String: Any]])?.first?["field"] as? String == "departments[0].item_codes[0]", "\(nested.text)")
            try await api.call(.patch, "/api/v1/users/yjj-01", token: office, json: #"{"displayName":"王\u007f志强"}"#)
                .expectProblem(.unprocessableContent)
            try await api.call(.post, "/api/v1/me/tokens", token: office, json: #"{"name":"脚本\u001b[31m"}"#)
                .expectProblem(.unprocessableContent)

            // In the query and the path, percent-encoded.
            try await api.get("/api/v1/enterprises?q=a%00b", token: office).expectProblem(.unprocessableContent)
            try await api.get("/api/v1/departments/yjj%00/users", token: office).expectProblem(.unprocessableContent)
            try await api.get("/api/v1/users/yjj-01%0B", token: office).expectProblem(.unprocessableContent)

            // Tab and line breaks are text, not controls.
            let multiline = try await api.call(.post, "/api/v1/departments", token: office, json: #"{"code":"tab1","name":"第一行\t第二行\r\n"}"#)
            #expect(multiline.status == .created, "\(multiline.text)")
            #expect(try await api.auditCount() == before + 1, "only the accepted department is audited")
        }
    }

    @Test(arguments: TestDatabase.available)
    func overLongTextIs422AndOverLargeBodies413(database: TestDatabase) async throws {
        try await APITestHarness.run(on: database) { api in
            let office = try await api.token(for: "office")
            let long = String(repeating: "局", count: 201)
            let name = try await api.call(.post, "/api/v1/departments", token: office, json: #"{"code":"long1","name":"\#(long)"}"#)
            name.expectProblem(.unprocessableContent, type: .validation)
            #expect(name.json["detail"] as? String == "「name」不能超过 200 个字")
            #expect(try await api.call(.post, "/api/v1/departments", token: office,
                                       json: #"{"code":"long2","name":"\#(long.dropLast())"}"#).status == .created)
            try await api.call(.post, "/api/v1/departments", token: office,
                               json: #"{"code":"\#(String(repeating: "a", count: 65))","name":"X"}"#).expectProblem(.unprocessableContent)
            try await api.get("/api/v1/users?q=" + String(repeating: "x", count: 101), token: office).expectProblem(.unprocessableContent)
            // Arrays are bounded too.
            let tags = Array(repeating: #""工贸""#, count: 1001).joined(separator: ",")
            try await api.call(.put, "/api/v1/enterprises/91130534MA0H3BP592", token: office,
                               json: #"{"name":"X","riskClass":"A","status":"存续","tags":[\#(tags)]}"#).expectProblem(.unprocessableContent)
            // Counts and ratios that size work are bounded before the plan's rules run.
            let plan = try APITaskFlowTests.planJSON(documentNumber: "清双随机办〔2024〕91号") { $0.teamSize = Int.max }
            let count = try await api.call(.post, "/api/v1/tasks", token: office, json: plan)
            count.expectProblem(.unprocessableContent)
            #expect((count.json["problems"] as? [[String: Any]])?.first?["field"] as? String == "team_size", "\(count.text)")

            // 17 million characters never reach the decoder: the body is over 1 MB.
            let big = try await api.call(.post, "/api/v1/departments", token: office,
                                         json: #"{"code":"big1","name":"\#(String(repeating: "x", count: 2 * 1024 * 1024))"}"#)
            big.expectProblem(.contentTooLarge, type: .tooLarge)
            try await api.get("/api/v1/departments/big1", token: office).expectProblem(.notFound)
        }
    }

    @Test(arguments: TestDatabase.available)
    func wrongMethodIs405WithAllow(database: TestDatabase) async throws {
        try await APITestHarness.run(on: database) { api in
            let office = try await api.token(for: "office")
            let delete = try await api.call(.delete, "/api/v1/departments", token: office)
            delete.expectProblem(.methodNotAllowed, type: .methodNotAllowed)
            #expect(delete.headers[.allow] == "GET, POST")
            let put = try await api.call(.put, "/api/v1/tasks/1/publish", token: office)
            put.expectProblem(.methodNotAllowed)
            #expect(put.headers[.allow] == "POST")
            // Before any token is looked at: the method is wrong whoever asks.
            let anonymous = try await api.call(.patch, "/api/v1/health")
            anonymous.expectProblem(.methodNotAllowed)
            #expect(anonymous.headers[.allow] == "GET")
            let options = try await api.call(.options, "/api/v1/users/yjj-01")
            #expect(options.status == .noContent)
            #expect(options.headers[.allow] == "GET, PATCH, DELETE")
            // A path no operation has is a 404 problem (not the pages' HTML), under /api/ at all.
            try await api.call(.get, "/api/v1/no-such-resource", token: office).expectProblem(.notFound)
            try await api.call(.post, "/api/v2/tasks", token: office).expectProblem(.notFound)
            // A bad token is refused at once by the API's group, not served as anonymous.
            try await api.call(.get, "/api/v1/health", token: "not-a-token").expectProblem(.unauthorized)
            // Any method, even one the router has never heard of.
            let query = try await api.call(HTTPRequest.Method("QUERY")!, "/api/v1/tasks/1/record", token: office)
            query.expectProblem(.methodNotAllowed)
            #expect(query.headers[.allow] == "GET")
            // An unknown path stays 404.
            try await api.get("/api/v1/nosuch", token: office).expectProblem(.notFound)
        }
    }

    @Test(arguments: TestDatabase.available)
    func problemTypesTellTheKindsApart(database: TestDatabase) async throws {
        try await APITestHarness.run(on: database) { api in
            let office = try await api.token(for: "office")
            let unauthorized = try await api.get("/api/v1/users")
            unauthorized.expectProblem(.unauthorized, type: .unauthorized)
            #expect(unauthorized.json["type"] as? String == "https://spotcheck.invalid/problems/unauthorized")
            try await api.get("/api/v1/users", token: try await api.token(for: "yjj-01")).expectProblem(.forbidden, type: .forbidden)
            try await api.get("/api/v1/departments/nosuch", token: office).expectProblem(.notFound, type: .notFound)
            try await api.call(.post, "/api/v1/departments", token: office, json: #"{"code":"yjj","name":"重复"}"#)
                .expectProblem(.conflict, type: .duplicate)
            try await api.call(.delete, "/api/v1/departments/yjj", token: office).expectProblem(.conflict, type: .inUse)
            // The demo's task is matched: publishing it again is a state conflict.
            let task = try #require(try await api.get("/api/v1/tasks", token: office).items.first?["id"] as? Int)
            try await api.call(.post, "/api/v1/tasks/\(task)/publish", token: office).expectProblem(.conflict, type: .stateConflict)
            try await api.call(.post, "/api/v1/departments", token: office, json: #"{"code":"x","name":"X"}"#,
                               headers: [.contentType: "text/plain"]).expectProblem(.unsupportedMediaType, type: .unsupportedMediaType)
        }
    }

    @Test(arguments: TestDatabase.available)
    func decoderInternalsNeverReachTheClient(database: TestDatabase) async throws {
        try await APITestHarness.run(on: database) { api in
            let office = try await api.token(for: "office")
            let cases: [(String, String, String)] = [
                (#"{"code":"t1","name":1}"#, "字段「name」的类型不正确（见 openapi.yaml）", "name"),
                (#"{"name":"无代码"}"#, "缺少必填字段「code」", "code"),
                (#"{"code":"t2","name":"X","kind":"ministry"}"#, "字段「kind」的值无效（允许的取值见 openapi.yaml）", "kind"),
                (#"{"code":"t3""#, "请求体不是有效的 JSON", ""),
            ]
            for (body, detail, field) in cases {
                let response = try await api.call(.post, "/api/v1/departments", token: office, json: body)
                response.expectProblem(.badRequest, type: .validation)
                #expect(response.json["detail"] as? String == detail, "\(body)")
                #expect(((response.json["problems"] as? [[String: Any]])?.first?["field"] as? String ?? "") == field, "\(body)")
            }
            let riskClass = try await api.get("/api/v1/enterprises?riskClass=E", token: office)
            riskClass.expectProblem(.badRequest)
            for leak in ["DecodingError", "CodingKeys", "RiskClass", "Expected", "typeMismatch", "underlying"] {
                #expect(!riskClass.text.contains(leak), "\(riskClass.text)")
            }
            #expect((riskClass.json["detail"] as? String ?? "").contains("riskClass"))
        }
    }
}
