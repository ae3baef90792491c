import Foundation
import HTTPTypes
import SpotcheckStore
import SpotcheckTestSupport
import Testing

/// 举报线索 and messages through `/api/v1` (issue 17): the public path answers a receipt and a
/// status with no personal data; a department admin never reaches another department's tips or
/// anyone else's messages; a webhook into the server's own network is refused with the reason.
@Suite struct APITipTests {
    @Test(arguments: TestDatabase.available)
    func publicTipRoutedAndHandled(database: TestDatabase) async throws {
        try await APITestHarness.run(on: database) { api in
            let office = try await api.token(for: "office")
            let xf = try await api.token(for: "xf-admin"), yjj = try await api.token(for: "yjj-admin")
            let submitted = try await api.call(.post, "/api/v1/public/tips",
                                               json: #"{"enterprise":"城南某仓库","content":"消防通道被货物堵死，安全出口上锁。","contact_name":"钱女士","contact_phone":"13912345678"}"#)
            #expect(submitted.status == .created, "\(submitted.text)")
            let receipt = try #require(submitted.json["receipt"] as? String)
            let status = try await api.get("/api/v1/public/tips/\(receipt)")
            #expect(status.status == .ok && status.json["state_label"] as? String == "已受理")
            #expect(!status.text.contains("钱女士") && !status.text.contains("13912345678") && !submitted.text.contains("钱女士"))
            try await api.get("/api/v1/public/tips/JB-2222-2222-22").expectProblem(.notFound)

            let list = try await api.get("/api/v1/tips?state=received", token: office)
            let tip = try #require((list.json["items"] as? [[String: Any]])?.first { $0["receipt"] as? String == receipt })
            let id = try #require(tip["id"] as? Int)
            #expect(tip["contact_phone"] as? String == "13912345678")
            // Before routing, no department; the auditor never.
            try await api.get("/api/v1/tips/\(id)", token: xf).expectProblem(.notFound)
            try await api.get("/api/v1/tips", token: try await api.token(for: "auditor")).expectProblem(.forbidden)
            try await api.call(.post, "/api/v1/tips/\(id)/route", token: xf, json: #"{"department":"xf"}"#).expectProblem(.forbidden)

            #expect(try await api.call(.post, "/api/v1/tips/\(id)/route", token: office, json: #"{"department":"xf"}"#).status == .ok)
            try await api.call(.post, "/api/v1/tips/\(id)/route", token: office, json: #"{"department":"yjj"}"#).expectProblem(.conflict)
            // xf-admin is told, and sees it; yjj-admin neither sees it nor its message.
            let messages = try await api.get("/api/v1/me/messages?kind=tip_routed", token: xf)
            #expect((messages.json["items"] as? [[String: Any]])?.contains { ($0["link"] as? String) == "/tips/manage/\(id)" } == true, "\(messages.text)")
            let theirs = try #require((messages.json["items"] as? [[String: Any]])?.first?["id"] as? Int)
            try await api.call(.post, "/api/v1/me/messages/\(theirs)/read", token: yjj).expectProblem(.notFound)
            let yjjTips = try await api.get("/api/v1/tips", token: yjj)
            #expect((yjjTips.json["items"] as? [[String: Any]])?.allSatisfy { $0["department"] as? String == "yjj" } == true)
            try await api.get("/api/v1/tips/\(id)", token: yjj).expectProblem(.notFound)
            try await api.call(.post, "/api/v1/tips/\(id)/closing", token: yjj, json: #"{"result":"越权办结"}"#).expectProblem(.notFound)

            #expect(try await api.call(.post, "/api/v1/tips/\(id)/notes", token: xf, json: #"{"note":"已约现场核查"}"#).status == .ok)
            let closed = try await api.call(.post, "/api/v1/tips/\(id)/closing", token: xf, json: #"{"result":"已责令清理通道并处罚款"}"#)
            #expect(closed.status == .ok && closed.json["state"] as? String == "handled" && (closed.json["notes"] as? [Any])?.count == 1)
            #expect(try await api.get("/api/v1/public/tips/\(receipt)").json["state_label"] as? String == "已办结")
        }
    }

    @Test(arguments: TestDatabase.available)
    func webhookIntoTheInternalNetworkIsRefused(database: TestDatabase) async throws {
        try await APITestHarness.run(on: database) { api in
            let yjj = try await api.token(for: "yjj-admin")
            for url in ["https://127.0.0.1/hook", "https://169.254.169.254/latest/meta-data/", "http://example.com/hook"] {
                let refused = try await api.call(.put, "/api/v1/channels", token: yjj,
                                                 json: #"{"owner":"department","kind":"wecom","url":"\#(url)"}"#)
                refused.expectProblem(.unprocessableContent)
                #expect(refused.text.contains("https") || refused.text.contains("地址"), "\(refused.text)")
            }
            let listed = try await api.get("/api/v1/channels?owner=department", token: yjj)
            #expect((listed.json["items"] as? [Any])?.isEmpty == true)
            try await api.call(.put, "/api/v1/channels", token: try await api.token(for: "scjg-admin"),
                               json: #"{"owner":"user","kind":"generic","url":"https://127.0.0.1/x","secret":"s"}"#).expectProblem(.unprocessableContent)
        }
    }
}
