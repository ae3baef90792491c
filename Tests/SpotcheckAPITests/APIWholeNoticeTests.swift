import FluentKit
import Foundation
import HTTPTypes
import NIOCore
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
import Testing

/// The whole notice through `/api/v1` only (issue 14, "Done when"): after the demo directory and
/// accounts are seeded, every step is an API call with the acting person's bearer token — the
/// office plans, publishes, draws and matches; 市场监管局 rejects an enterprise (its replacement is
/// dispatched) before it confirms; every department confirms all at once and draws its
/// inspectors; an inspector of 商务局 enters, uploads evidence for and submits a result, which the
/// department's admin approves; a disposition is recorded and closed; the statistics count it all;
/// and the record the API serves passes the offline verifier with the frozen lists it serves.
/// Runs on SQLite and, when configured, on PostgreSQL.
@Suite struct APIWholeNoticeTests {
    static let documentNumber = "清双随机办〔2024〕40号"

    @Test(arguments: TestDatabase.available)
    func theWholeNoticeRunsThroughTheAPI(database: TestDatabase) async throws {
        try await APITestHarness.run(on: database) { api in
            let office = try await api.token(for: "office")
            let plan = DemoSeed.qinghePlan
            var admins: [String: String] = [:]
            for department in plan.departments.map(\.department) { admins[department] = try await api.token(for: "\(department)-admin") }
            let swj = admins["swj"]!

            // 计划: the office creates the task.
            let created = try await api.call(.post, "/api/v1/tasks", token: office,
                                             json: try APITaskFlowTests.planJSON(documentNumber: Self.documentNumber))
            #expect(created.status == .created, "\(created.text)")
            let id = try #require(created.json["id"] as? Int)
            let base = "/api/v1/tasks/\(id)"

            // 商务局 draws every officer it may (the largest count the task accepts), so the demo's
            // inspector accounts of 商务局 are among those drawn whatever the secret.
            let countPath = "\(base)/departments/swj/inspector-count"
            var count = try #require(plan.departments.first { $0.department == "swj" }?.inspectorCount)
            while try await api.call(.put, countPath, token: swj, json: #"{"count":\#(count + 1)}"#).status == .ok { count += 1 }
            try await api.call(.put, countPath, token: swj, json: #"{"count":\#(count + 1)}"#).expectProblem(.unprocessableContent)
            #expect(count >= plan.teamSize)

            // 发布 and 抽取.
            #expect(try await api.call(.post, "\(base)/publish", token: office).status == .ok)
            let drawn = try await api.call(.post, "\(base)/draw", token: office, json: #"{"entropy":"2024-06-03-witness-101-202"}"#)
            #expect(drawn.status == .ok, "\(drawn.text)")
            #expect(drawn.json["state"] as? String == "confirming")

            // 市场监管局 rejects one enterprise before confirming; the protocol dispatches a replacement.
            let scjg = admins["scjg"]!
            let rejectedUSCC = try #require(try await api.get("\(base)/dispatches?department=scjg", token: scjg).items.first?["uscc"] as? String)
            let rejection = try await api.call(.post, "\(base)/departments/scjg/rejections", token: scjg,
                                               json: #"{"uscc":"\#(rejectedUSCC)","reason":"经核实该企业已停产歇业"}"#)
            #expect(rejection.status == .created, "\(rejection.text)")
            #expect((rejection.json["replacement"] as? [String: Any])?["origin"] as? String == "replacement")

            // Confirm-all: only for one's own department; then each department at once.
            try await api.call(.post, "\(base)/departments/scjg/confirm-all", token: admins["yjj"]!).expectProblem(.forbidden)
            try await api.call(.post, "\(base)/departments/scjg/confirm-all", token: office).expectProblem(.forbidden)
            for department in plan.departments.map(\.department) {
                let token = admins[department]!
                let before = try await api.get("\(base)/dispatches?department=\(department)", token: token)
                let pendingBefore = (before.json["pending"] as? [[String: Any]])?.first?["count"] as? Int ?? -1
                #expect(pendingBefore > 0, "\(department) has dispatches to confirm")
                let confirmed = try await api.call(.post, "\(base)/departments/\(department)/confirm-all", token: token)
                #expect(confirmed.status == .ok, "\(department): \(confirmed.text)")
                #expect(confirmed.json["confirmed"] as? Int == pendingBefore)
                let pending = confirmed.json["pending"] as? [[String: Any]] ?? []
                #expect(pending.count == 1 && pending.first?["departmentCode"] as? String == department && pending.first?["count"] as? Int == 0,
                        "\(confirmed.text)")
            }
            #expect(try await api.get(base, token: office).json["state"] as? String == "confirming")

            // Each department draws its inspectors; the office matches the teams.
            for department in plan.departments.map(\.department) {
                let inspectors = try await api.call(.post, "\(base)/departments/\(department)/inspector-draw", token: admins[department]!)
                #expect(inspectors.status == .created, "\(department): \(inspectors.text)")
            }
            #expect(try await api.get("\(base)/inspectors?department=swj", token: swj).items.count == count)
            let matched = try await api.call(.post, "\(base)/match", token: office)
            #expect(matched.status == .ok, "\(matched.text)")
            #expect(matched.json["state"] as? String == "matched")

            // An inspector of 商务局 on a team: the forms list says which enterprises are theirs.
            var inspector: (token: String, uscc: String)?
            for username in ["swj-01", "swj-02"] where inspector == nil {
                let token = try await api.token(for: username)
                let forms = try await api.get("\(base)/forms", token: token)
                #expect(forms.status == .ok, "\(forms.text)")
                if let uscc = forms.items.first?["uscc"] as? String { inspector = (token, uscc) }
            }
            if inspector == nil {
                // The draw is random: 商务局 may have more teams than enterprises, and the officers with
                // a login may be on teams without one. Then the office links swj-02's account to a
                // drawn officer whose team has an enterprise (as it would in /users), and that officer enters.
                let forms = try await TaskStore(db: api.store.db).forms(taskID: id)
                let officer = try #require(forms.lazy.flatMap(\.teams).first { $0.department == "swj" }?.members.first { !$0.isExpert },
                                           "商务局 has a team with an enterprise")
                let account = try #require(try await UserRepository(db: api.store.db, passwords: api.store.passwords).find(username: "swj-02"))
                account.inspectorCode = officer.code
                try await account.save(on: api.store.db)
                let token = try await api.token(for: "swj-02")
                let mine = try await api.get("\(base)/forms", token: token)
                if let uscc = mine.items.first?["uscc"] as? String { inspector = (token, uscc) }
            }
            let (entrant, uscc) = try #require(inspector, "a drawn 商务局 officer with a login is on a team")
            let resultPath = "\(base)/results/\(uscc)/swj"

            // The part as the inspector sees it: its items, no result yet, editable.
            let entry = try await api.get(resultPath, token: entrant)
            #expect(entry.status == .ok, "\(entry.text)")
            #expect(entry.json["mayEdit"] as? Bool == true && entry.json["mayApprove"] as? Bool == false)
            #expect(entry.json["result"] == nil)
            let items = try #require(entry.json["items"] as? [[String: Any]])
            let itemCodes = items.compactMap { $0["code"] as? String }
            #expect(itemCodes == ["SWJ-001"])

            // 草稿, by the inspector with a token; the task moves to 检查中.
            let first = itemCodes[0]
            let draft = #"{"inspectionDate":"2024-06-18","category":"发现问题待后续处理","items":[{"itemCode":"\#(first)","methods":["实地核查"],"problem":true,"finding":"进销存台账未按日登记"}],"onsiteAnswer":true,"onsiteNote":"解答了成品油零售台账的登记要求"}"#
            let saved = try await api.call(.put, resultPath, token: entrant, json: draft)
            #expect(saved.status == .ok, "\(saved.text)")
            #expect(saved.json["status"] as? String == "draft" && saved.json["statusLabel"] as? String == "草稿")
            #expect(saved.json["problemCount"] as? Int == 1)
            #expect(try await api.get(base, token: office).json["state"] as? String == "inspecting")
            // A draft keeps any date typed (nothing is lost); submitting it refuses a date after
            // today or before the task's period, naming the field and the period in words.
            let future = try await api.call(.put, resultPath, token: entrant, json: #"{"inspectionDate":"2999-01-01","category":"未发现问题","items":[]}"#)
            #expect(future.status == .ok, "\(future.text)")
            let futureSubmitted = try await api.call(.post, "\(resultPath)/submission", token: entrant)
            futureSubmitted.expectProblem(.unprocessableContent)
            #expect((futureSubmitted.json["problems"] as? [[String: String]])?.first?["field"] == "inspection_date")
            #expect(try await api.call(.put, resultPath, token: entrant, json: #"{"inspectionDate":"2020-01-02","category":"未发现问题","items":[]}"#).status == .ok)
            let early = try await api.call(.post, "\(resultPath)/submission", token: entrant)
            early.expectProblem(.unprocessableContent)
            #expect(early.text.contains("检查日期应在任务检查时间内"), "\(early.text)")
            // Back to the draft typed first; an item the part does not list is refused even in a draft.
            #expect(try await api.call(.put, resultPath, token: entrant, json: draft).status == .ok)
            try await api.call(.put, resultPath, token: entrant, json: #"{"category":"未发现问题","items":[{"itemCode":"XF-001","methods":["实地核查"]}]}"#)
                .expectProblem(.unprocessableContent)

            // Evidence while a draft: hashed by the store, downloaded byte for byte.
            let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data("现场照片".utf8)
            let uploaded = try await Self.upload(api, "\(resultPath)/evidence?fileName=photo.png", token: entrant, data: png)
            #expect(uploaded.status == .created, "\(uploaded.text)")
            #expect(uploaded.json["contentType"] as? String == "image/png")
            #expect(uploaded.json["sha256"] as? String == SecretToken.digest(data: png))
            let fileID = try #require(uploaded.json["id"] as? String)
            let notAnImage = try await Self.upload(api, "\(resultPath)/evidence?fileName=a.txt", token: entrant, data: Data("hello".utf8))
            notAnImage.expectProblem(.unprocessableContent)
            let downloaded = try await api.client.execute(uri: "\(resultPath)/evidence/\(fileID)", method: .get,
                                                          headers: [.authorization: "Bearer \(entrant)"])
            #expect(downloaded.status == .ok)
            #expect(downloaded.headers[.contentType] == "image/png")
            #expect(Data(buffer: downloaded.body) == png)
            #expect(try await api.get("\(resultPath)/evidence", token: swj).items.count == 1)

            // 提交: an inspector not on the team cannot; the entrant submits the stored draft.
            let outsider = try await api.token(for: "yjj-01")
            try await api.call(.post, "\(resultPath)/submission", token: outsider).expectProblem(.forbidden)
            try await api.call(.put, resultPath, token: outsider, json: draft).expectProblem(.forbidden)
            let submitted = try await api.call(.post, "\(resultPath)/submission", token: entrant)
            #expect(submitted.status == .ok, "\(submitted.text)")
            #expect(submitted.json["status"] as? String == "submitted")
            #expect((submitted.json["dueDate"] as? String)?.count == 10)
            #expect((submitted.json["members"] as? String ?? "").contains("swj:"))
            // Submitted: the inspector's form is read-only, further evidence is the admin's.
            try await api.call(.put, resultPath, token: entrant, json: draft).expectProblem(.conflict)
            try await Self.upload(api, "\(resultPath)/evidence?fileName=late.png", token: entrant, data: png).expectProblem(.conflict)

            // 审核公示 by the department's admin, once; an inspector cannot approve.
            try await api.call(.post, "\(resultPath)/approval", token: entrant).expectProblem(.forbidden)
            try await api.call(.post, "\(resultPath)/approval", token: admins["yjj"]!).expectProblem(.forbidden)
            let approved = try await api.call(.post, "\(resultPath)/approval", token: swj)
            #expect(approved.status == .ok, "\(approved.text)")
            #expect(approved.json["status"] as? String == "approved" && approved.json["approvedBy"] as? String == "swj-admin")
            try await api.call(.post, "\(resultPath)/approval", token: swj).expectProblem(.conflict, type: .stateConflict)
            let listed = try await api.get("\(base)/results?department=swj", token: office)
            #expect(listed.status == .ok)
            #expect(listed.json["total"] as? Int == 1 && listed.items.first?["uscc"] as? String == uscc)
            try await api.get("\(base)/results?department=swj", token: scjg).expectProblem(.forbidden)
            // Paged by the database: a page past the only result is empty but still counts it.
            let second = try await api.get("\(base)/results?department=swj&perPage=1&page=2", token: office)
            #expect(second.json["total"] as? Int == 1 && second.items.isEmpty)

            // 更正 needs a reason; with one the published result stays published.
            let correction = #"{"reason":"%@","result":{"inspectionDate":"2024-06-18","category":"发现问题待后续处理","items":[{"itemCode":"\#(first)","methods":["实地核查","书面检查"],"problem":true,"finding":"进销存台账未按日登记"}],"onsiteAnswer":true,"onsiteNote":"解答了成品油零售台账的登记要求"}}"#
            try await api.call(.post, "\(resultPath)/corrections", token: swj, json: correction.replacingOccurrences(of: "%@", with: " "))
                .expectProblem(.unprocessableContent)
            let corrected = try await api.call(.post, "\(resultPath)/corrections", token: swj,
                                               json: correction.replacingOccurrences(of: "%@", with: "补录书面检查方式"))
            #expect(corrected.status == .ok, "\(corrected.text)")
            #expect(corrected.json["status"] as? String == "approved")
            #expect(((corrected.json["items"] as? [[String: Any]])?.first?["methods"] as? [String]) == ["实地核查", "书面检查"])

            // 后续处置: 行政指导 by 商务局, moved on and closed.
            let disposition = try await api.call(.post, "\(base)/dispositions", token: swj, json: """
                {"uscc":"\(uscc)","kind":"guidance","form":"教育","reason":"进销存台账未按日登记，当场教育并督促整改","decidedOn":"2024-06-19"}
                """)
            #expect(disposition.status == .created, "\(disposition.text)")
            #expect(disposition.json["kind"] as? String == "guidance" && disposition.json["kindLabel"] as? String == "行政指导")
            #expect(disposition.json["status"] as? String == "open" && disposition.json["departmentCode"] as? String == "swj")
            let number = try #require(disposition.json["id"] as? Int)
            try await api.call(.post, "\(base)/dispositions", token: swj, json: """
                {"uscc":"\(uscc)","departmentCode":"scjg","kind":"guidance","form":"教育","reason":"x","decidedOn":"2024-06-19"}
                """).expectProblem(.forbidden)
            try await api.call(.put, "\(base)/dispositions/\(number)/status", token: scjg, json: #"{"status":"closed","note":"x"}"#)
                .expectProblem(.notFound)
            let closed = try await api.call(.put, "\(base)/dispositions/\(number)/status", token: swj,
                                            json: #"{"status":"closed","note":"企业已按日登记台账","closedOn":"2024-06-28"}"#)
            #expect(closed.status == .ok, "\(closed.text)")
            #expect(closed.json["status"] as? String == "closed" && closed.json["closedOn"] as? String == "2024-06-28")
            try await api.call(.put, "\(base)/dispositions/\(number)/status", token: swj, json: #"{"status":"closed","note":"again"}"#)
                .expectProblem(.conflict)
            let history = try await api.get("\(base)/dispositions/\(number)/history", token: office)
            #expect(history.status == .ok)
            #expect(history.items.compactMap { $0["status"] as? String } == ["open", "closed"])
            #expect(try await api.get("\(base)/dispositions", token: office).items.map { $0["id"] as? Int } == [number])
            #expect(try await api.get("\(base)/dispositions", token: scjg).items.isEmpty)

            // 分组情况 submitted to the office.
            let groups = try await api.call(.post, "\(base)/groups/swj/submission", token: swj)
            #expect(groups.status == .ok, "\(groups.text)")
            #expect(groups.json["submittedAt"] is String)
            try await api.call(.post, "\(base)/groups/swj/submission", token: scjg).expectProblem(.forbidden)

            // 统计: the result and the disposition counted for 商务局, nothing for the others.
            let statistics = try await api.get("/api/v1/statistics?task=\(id)", token: scjg)
            #expect(statistics.status == .ok, "\(statistics.text)")
            #expect(statistics.json["taskIds"] as? [Int] == [id])
            let rows = statistics.json["rows"] as? [[String: Any]] ?? []
            #expect(rows.count == plan.departments.count)
            let swjName = try #require(try await api.get("/api/v1/departments/swj", token: office).json["name"] as? String)
            let swjRow = try #require(rows.first { $0["unit"] as? String == swjName }, "\(statistics.text)")
            #expect(rows.filter { $0["unit"] as? String != swjName }.allSatisfy { $0["problemItems"] as? Int == 0 && $0["guidance"] as? Int == 0 })
            #expect(swjRow["problemItems"] as? Int == 1 && swjRow["problemEnterprises"] as? Int == 1)
            #expect(swjRow["onsiteAnswers"] as? Int == 1 && swjRow["guidance"] as? Int == 1)
            #expect(swjRow["inspectors"] as? Int == count)
            #expect((swjRow["enterprises"] as? Int ?? 0) > 0)
            let total = statistics.json["total"] as? [String: Any] ?? [:]
            #expect(total["unit"] as? String == "合计" && total["problemItems"] as? Int == 1 && total["guidance"] as? Int == 1)
            let csv = try await api.get("/api/v1/statistics.csv?task=\(id)", token: office)
            #expect(csv.status == .ok && csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(csv.text.contains("合计,"))
            let xlsx = try await api.client.execute(uri: "/api/v1/statistics.xlsx?task=\(id)", method: .get, headers: [.authorization: "Bearer \(office)"])
            #expect(xlsx.status == .ok)
            #expect(Data(buffer: xlsx.body).starts(with: [0x50, 0x4B]), "an XLSX is a ZIP")
            try await api.get("/api/v1/statistics", token: office).expectProblem(.unprocessableContent)
            try await api.get("/api/v1/statistics?task=\(id)", token: entrant).expectProblem(.forbidden)
            let ranged = try await api.get("/api/v1/statistics?from=2024-06-01&to=2024-06-30", token: office)
            #expect(ranged.status == .ok)
            #expect((ranged.json["taskIds"] as? [Int] ?? []).contains(id))

            // The record the API serves, with the frozen lists it serves, passes the offline verifier.
            let record = try await api.get("\(base)/record", token: office)
            #expect(record.status == .ok)
            var lists: [String: String] = [:]
            for kind in ["objects", "inspectors", "conflicts"] {
                let list = try await api.get("\(base)/candidates/\(kind)", token: office)
                #expect(list.status == .ok, "\(list.text)")
                lists[kind] = list.text
            }
            let parsed = try DrawRecordJSON.decode(Data(record.text.utf8))
            #expect(parsed.secret.count == 64)
            #expect(parsed.objects.contains { $0.rejected == [rejectedUSCC] })
            let inputs = try DrawInputCSV.inputs(objects: lists["objects"]!, inspectors: lists["inspectors"]!, conflicts: lists["conflicts"]!)
            let verification = DrawVerifier.verify(parsed, inputs: inputs)
            guard case .verified = verification else {
                Issue.record("DrawVerifier refused the task's record: \(verification)")
                return
            }
            // …and with the real `spotcheck verify`, as an auditor would run it offline.
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("api-whole-notice-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            try Data(record.text.utf8).write(to: directory.appendingPathComponent("record.json"))
            for (kind, text) in lists { try Data(text.utf8).write(to: directory.appendingPathComponent("\(kind).csv")) }
            let verified = try APITaskFlowTests.runCLI([
                "verify", directory.appendingPathComponent("record.json").path,
                "--objects", directory.appendingPathComponent("objects.csv").path,
                "--inspectors", directory.appendingPathComponent("inspectors.csv").path,
                "--conflicts", directory.appendingPathComponent("conflicts.csv").path,
            ])
            #expect(verified.status == 0 && verified.output.trimmingCharacters(in: .whitespacesAndNewlines) == "verified",
                    "spotcheck verify: \(verified.output)")
        }
    }

    /// A file body (`application/octet-stream`) with a bearer token.
    static func upload(_ api: APITestHarness, _ path: String, token: String, data: Data) async throws -> APIResponse {
        let response = try await api.client.execute(uri: path, method: .post,
                                                    headers: [.authorization: "Bearer \(token)", .contentType: "application/octet-stream"],
                                                    body: ByteBuffer(bytes: data))
        return APIResponse(path: path, status: response.status, headers: response.headers, text: String(buffer: response.body))
    }
}
