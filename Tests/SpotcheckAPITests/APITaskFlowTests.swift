import Foundation
import HTTPTypes
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
import Testing

/// The joint task end to end through `/api/v1` (issue 6, "Done when"): the office plans,
/// publishes and draws; each department admin rejects or confirms its dispatches and draws its
/// inspectors with its own token; the office matches. The live task's record and frozen lists,
/// downloaded through the API, are then checked by the real `spotcheck verify` binary and by
/// `DrawVerifier` in process. Every test runs on SQLite and, when configured, on PostgreSQL.
@Suite struct APITaskFlowTests {
    /// Not the demo's 21号, which `DemoSeed` has already run to 已匹配.
    static let documentNumber = "清双随机办〔2024〕35号"

    /// The demo's plan under another 文号, encoded as a plan file of `spotcheck task create`.
    static func planJSON(documentNumber: String = documentNumber, edit: (inout TaskPlan) -> Void = { _ in }) throws -> String {
        var plan = DemoSeed.qinghePlan
        plan.documentNumber = documentNumber
        plan.title = "2024年度清河县应急管理领域部门联合抽查（第二批）"
        edit(&plan)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // A task is placed in the year's plan or marked 计划外 with a reason (issue 16).
        let json = String(decoding: try encoder.encode(plan), as: UTF8.self)
        return "{\"off_plan_reason\":\"测试：上级部署的专项抽查\"," + json.dropFirst()
    }

    static func encoded(_ reference: String) -> String {
        reference.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? reference
    }

    @Test(arguments: TestDatabase.available)
    func wholeFlowThroughTheAPIVerifiesOffline(database: TestDatabase) async throws {
        try await APITestHarness.run(on: database) { api in
            let office = try await api.token(for: "office")
            let plan = DemoSeed.qinghePlan

            // 草稿: the plan file of the CLI is the request body.
            let created = try await api.call(.post, "/api/v1/tasks", token: office, json: try Self.planJSON())
            #expect(created.status == .created, "\(created.text)")
            let id = try #require(created.json["id"] as? Int)
            #expect(created.json["state"] as? String == "draft" && created.json["stateLabel"] as? String == "草稿")
            #expect(created.json["documentNumber"] as? String == Self.documentNumber)
            #expect((created.json["plan"] as? [String: Any])?["lead_department"] as? String == "yjj")
            // The 文号 names the task as well as its id, URL-encoded.
            let byNumber = try await api.get("/api/v1/tasks/\(Self.encoded(Self.documentNumber))", token: office)
            #expect(byNumber.status == .ok, "\(byNumber.text)")
            #expect(byNumber.json["id"] as? Int == id)
            let base = "/api/v1/tasks/\(id)"

            // 已发布: the frozen lists and the commitment.
            let published = try await api.call(.post, "\(base)/publish", token: office)
            #expect(published.status == .ok, "\(published.text)")
            #expect(published.json["state"] as? String == "published")
            let commitment = try #require(published.json["commitment"] as? String)
            #expect(commitment.count == 64)
            let freeze = try #require(published.json["freeze"] as? [String: Any])
            #expect((freeze["candidateCount"] as? Int ?? 0) > 0)
            #expect(published.json["secretRevealed"] as? Bool == false)

            // The draw; the task waits for the departments (确认中).
            let drawn = try await api.call(.post, "\(base)/draw", token: office, json: #"{"entropy":"2024-06-03-witness-512-078"}"#)
            #expect(drawn.status == .ok, "\(drawn.text)")
            #expect(drawn.json["state"] as? String == "confirming" && drawn.json["stateLabel"] as? String == "确认中")
            #expect(drawn.json["entropy"] as? String == "2024-06-03-witness-512-078")
            // Before matching the record hides the secret.
            let early = try await api.get("\(base)/record", token: office)
            #expect(early.status == .ok)
            #expect(early.json["secret"] as? String == "")
            #expect(early.json["commitment"] as? String == commitment)

            // One rejection by 市场监管局, with its replacement dispatched by the protocol.
            let scjg = try await api.token(for: "scjg-admin")
            let scjgDispatches = try await api.get("\(base)/dispatches", token: scjg)
            #expect(scjgDispatches.status == .ok)
            #expect(scjgDispatches.items.allSatisfy { ($0["departments"] as? [String] ?? []).contains("scjg") })
            let rejectedUSCC = try #require(scjgDispatches.items.first?["uscc"] as? String)
            let rejection = try await api.call(.post, "\(base)/departments/scjg/rejections", token: scjg,
                                               json: #"{"uscc":"\#(rejectedUSCC)","reason":"经核实该企业已停产歇业"}"#)
            #expect(rejection.status == .created, "\(rejection.text)")
            let replacement = try #require(rejection.json["replacement"] as? [String: Any])
            #expect(replacement["origin"] as? String == "replacement")
            #expect(replacement["uscc"] as? String != rejectedUSCC)

            // Every department confirms its dispatches (the replacement included) with its own token.
            for dept in plan.departments.map(\.department) {
                let token = try await api.token(for: "\(dept)-admin")
                let mine = try await api.get("\(base)/dispatches?department=\(dept)", token: token)
                #expect(mine.status == .ok, "\(mine.text)")
                for dispatch in mine.items where dispatch["active"] as? Bool == true && dispatch["decision"] == nil {
                    let uscc = try #require(dispatch["uscc"] as? String)
                    let confirmed = try await api.call(.post, "\(base)/departments/\(dept)/confirmations", token: token,
                                                       json: #"{"uscc":"\#(uscc)"}"#)
                    #expect(confirmed.status == .ok, "\(confirmed.text)")
                    #expect(confirmed.json["decision"] as? String == "confirmed")
                }
                let pending = try await api.get("\(base)/dispatches", token: token).json["pending"] as? [[String: Any]] ?? []
                #expect(pending.map { $0["departmentCode"] as? String } == [dept])
                #expect(pending.first?["count"] as? Int == 0)
            }

            // Each department draws its inspectors; 消防 excuses one, replaced by the protocol.
            for department in plan.departments {
                let token = try await api.token(for: "\(department.department)-admin")
                let inspectors = try await api.call(.post, "\(base)/departments/\(department.department)/inspector-draw", token: token)
                #expect(inspectors.status == .created, "\(inspectors.text)")
                #expect(inspectors.items.count == department.inspectorCount)
            }
            let xf = try await api.token(for: "xf-admin")
            let xfDrawn = try await api.get("\(base)/inspectors", token: xf)
            let excused = try #require(xfDrawn.items.last?["code"] as? String)
            let inspectorRejection = try await api.call(.post, "\(base)/departments/xf/inspector-rejections", token: xf,
                                                        json: #"{"code":"\#(excused)","reason":"参加集中培训"}"#)
            #expect(inspectorRejection.status == .created, "\(inspectorRejection.text)")
            #expect((inspectorRejection.json["replacement"] as? [String: Any])?["origin"] as? String == "replacement")
            #expect(try await api.get(base, token: office).json["state"] as? String == "inspectors_drawn")

            // Matching completes the draw: the record carries the secret.
            let matched = try await api.call(.post, "\(base)/match", token: office)
            #expect(matched.status == .ok, "\(matched.text)")
            #expect(matched.json["state"] as? String == "matched")
            #expect(matched.json["secretRevealed"] as? Bool == true)

            // The record and the three frozen lists, as anyone verifying the task downloads them.
            let record = try await api.get("\(base)/record", token: office)
            #expect(record.status == .ok)
            #expect(record.headers[.contentType]?.hasPrefix("application/json") == true)
            var lists: [String: String] = [:]
            for kind in ["objects", "inspectors", "conflicts"] {
                let list = try await api.get("\(base)/candidates/\(kind)", token: office)
                #expect(list.status == .ok, "\(list.text)")
                #expect(list.headers[.contentType]?.hasPrefix("text/csv") == true)
                lists[kind] = list.text
            }
            #expect(lists["objects"]?.hasPrefix("uscc,stratum,depts\n") == true)
            #expect(lists["inspectors"]?.hasPrefix("id,dept\n") == true)
            #expect(lists["conflicts"]?.hasPrefix("inspector,uscc\n") == true)

            // The API's record is the store's, field for field (the schema lost nothing).
            let stored = try await TaskStore(db: api.store.db).require(String(id))
            let parsed = try DrawRecordJSON.decode(Data(record.text.utf8))
            #expect(try parsed == stored.publicRecord)
            #expect(parsed.secret.count == 64)
            #expect(parsed.objects.contains { $0.rejected == [rejectedUSCC] })
            #expect(parsed.inspectors.contains { $0.dept == "xf" && $0.rejected == [excused] })

            // In process…
            let inputs = try DrawInputCSV.inputs(objects: lists["objects"]!, inspectors: lists["inspectors"]!, conflicts: lists["conflicts"]!)
            guard case .verified = DrawVerifier.verify(parsed, inputs: inputs) else {
                Issue.record("DrawVerifier refused the live task's record: \(DrawVerifier.verify(parsed, inputs: inputs))")
                return
            }

            // …and with the real CLI, as an auditor would.
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("api-task-flow-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let recordFile = directory.appendingPathComponent("record.json")
            try Data(record.text.utf8).write(to: recordFile)
            for (kind, text) in lists { try Data(text.utf8).write(to: directory.appendingPathComponent("\(kind).csv")) }
            let arguments = [
                "verify", recordFile.path, "--objects", directory.appendingPathComponent("objects.csv").path,
                "--inspectors", directory.appendingPathComponent("inspectors.csv").path,
                "--conflicts", directory.appendingPathComponent("conflicts.csv").path,
            ]
            let verified = try Self.runCLI(arguments)
            #expect(verified.status == 0, "spotcheck verify: \(verified.output)")
            #expect(verified.output.trimmingCharacters(in: .whitespacesAndNewlines) == "verified")

            // A tampered record is refused: another entropy gives another seed and draw.
            let tampered = record.text.replacingOccurrences(of: "2024-06-03-witness-512-078", with: "2024-06-03-witness-512-079")
            #expect(tampered != record.text)
            try Data(tampered.utf8).write(to: recordFile)
            let refused = try Self.runCLI(arguments)
            #expect(refused.status != 0, "spotcheck verify accepted a tampered record: \(refused.output)")
            #expect(refused.output.contains("mismatch"))

            // 一企一表 and 分组情况 of the live task.
            // An enterprise the lead department inspects, so its team heads the joint team.
            let firstUSCC = try #require(parsed.teams.first { $0.dept == "yjj" }?.assignments.first?.enterprise)
            let form = try await api.get("\(base)/forms/\(firstUSCC)", token: office)
            #expect(form.status == .ok, "\(form.text)")
            #expect((form.json["enterprise"] as? [String: Any])?["uscc"] as? String == firstUSCC)
            let parts = form.json["departments"] as? [[String: Any]] ?? []
            #expect(parts.first?["departmentCode"] as? String == "yjj", "the lead department leads the joint team")
            let team = parts.first?["team"] as? [[String: Any]] ?? []
            #expect(team.count == plan.teamSize)
            let yjj = try await api.token(for: "yjj-admin")
            let groups = try await api.get("\(base)/groups/scjg", token: yjj)
            #expect(groups.status == .ok, "lead department reads every group report: \(groups.text)")
            #expect(!(groups.json["rows"] as? [Any] ?? []).isEmpty)
            let swj = try await api.token(for: "swj-admin")
            try await api.get("\(base)/groups/scjg", token: swj).expectProblem(.forbidden)
            #expect(try await api.get("\(base)/groups/swj", token: swj).status == .ok)

            // An expert joins the lead department's team for that enterprise: on its 一企一表, marked
            // and after the officers; the team size and the record stay as drawn.
            let yjjTeam = try #require(parsed.teams.first { $0.dept == "yjj" }?.assignments.first?.team)
            let expertCode = try #require(try await TaskStore(db: api.store.db).availableExperts(department: "yjj").first?.code)
            let expertsPath = "\(base)/departments/yjj/teams/\(yjjTeam + 1)/experts"
            let joined = try await api.call(.post, expertsPath, token: yjj, json: #"{"expert":"\#(expertCode)"}"#)
            #expect(joined.status == .created, "\(joined.text)")
            #expect(joined.json["team"] as? Int == yjjTeam + 1 && joined.json["code"] as? String == expertCode)
            try await api.call(.post, expertsPath, token: swj, json: #"{"expert":"\#(expertCode)"}"#).expectProblem(.forbidden)
            try await api.call(.post, expertsPath, token: yjj, json: #"{"expert":"\#(team[0]["code"] as? String ?? "")"}"#)
                .expectProblem(.unprocessableContent)
            let withExpert = ((try await api.get("\(base)/forms/\(firstUSCC)", token: office).json["departments"] as? [[String: Any]])?
                .first?["team"] as? [[String: Any]]) ?? []
            #expect(withExpert.count == plan.teamSize + 1)
            #expect(withExpert.last?["isExpert"] as? Bool == true && withExpert.last?["code"] as? String == expertCode)
            #expect(withExpert.dropLast().allSatisfy { $0["isExpert"] as? Bool == false })
            #expect(try await api.get("\(base)/record", token: office).text == record.text)
            #expect(try await api.call(.delete, "\(expertsPath)/\(expertCode)", token: yjj).status == .noContent)
            try await api.call(.delete, "\(expertsPath)/\(expertCode)", token: yjj).expectProblem(.notFound)

            // The rest of the lifecycle.
            for (step, state) in [("start", "inspecting"), ("complete", "completed"), ("archive", "archived")] {
                let moved = try await api.call(.post, "\(base)/\(step)", token: office)
                #expect(moved.status == .ok, "\(step): \(moved.text)")
                #expect(moved.json["state"] as? String == state)
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func rolesAndDepartmentsAreEnforced(database: TestDatabase) async throws {
        try await APITestHarness.run(on: database) { api in
            let office = try await api.token(for: "office")
            let yjj = try await api.token(for: "yjj-admin")
            let auditor = try await api.token(for: "auditor")
            let inspector = try await api.token(for: "swj-01")

            // Only the office plans; the auditor reads.
            try await api.call(.post, "/api/v1/tasks", token: yjj, json: try Self.planJSON()).expectProblem(.forbidden)
            try await api.call(.post, "/api/v1/tasks", token: auditor, json: try Self.planJSON()).expectProblem(.forbidden)
            let created = try await api.call(.post, "/api/v1/tasks", token: office, json: try Self.planJSON())
            #expect(created.status == .created)
            let id = try #require(created.json["id"] as? Int)
            let base = "/api/v1/tasks/\(id)"

            // A draft: the admins of its departments see and list it (they set how many inspectors
            // they draw); inspectors do not.
            #expect(try await api.get(base, token: yjj).status == .ok)
            #expect(try await api.get(base, token: auditor).status == .ok)
            try await api.get(base, token: inspector).expectProblem(.forbidden)
            let listed = try await api.get("/api/v1/tasks", token: yjj)
            #expect(listed.status == .ok)
            #expect(listed.items.contains { $0["id"] as? Int == id })
            #expect(listed.items.contains { $0["documentNumber"] as? String == DemoSeed.qingheDocumentNumber })
            #expect(!(try await api.get("/api/v1/tasks", token: inspector).items.contains { $0["id"] as? Int == id }))

            // 应急管理局 sets its own count, within the team size and its eligible inspectors.
            let countPath = "\(base)/departments/yjj/inspector-count"
            let counted = try await api.call(.put, countPath, token: yjj, json: #"{"count":3}"#)
            #expect(counted.status == .ok, "\(counted.text)")
            #expect(try await TaskStore(db: api.store.db).require(String(id)).plan.departments.first { $0.department == "yjj" }?.inspectorCount == 3)
            try await api.call(.put, countPath, token: yjj, json: #"{"count":1}"#).expectProblem(.unprocessableContent)
            try await api.call(.put, countPath, token: yjj, json: #"{"count":999}"#).expectProblem(.unprocessableContent)
            try await api.call(.put, "\(base)/departments/scjg/inspector-count", token: yjj, json: #"{"count":3}"#).expectProblem(.forbidden)
            try await api.call(.put, countPath, token: inspector, json: #"{"count":3}"#).expectProblem(.forbidden)
            #expect(try await api.get("/api/v1/tasks?state=draft", token: office)
                .items.map { $0["id"] as? Int } == [id])

            // A department admin cannot publish or draw.
            try await api.call(.post, "\(base)/publish", token: yjj).expectProblem(.forbidden)
            #expect(try await api.call(.post, "\(base)/publish", token: office).status == .ok)
            // Published: the count is frozen with the lists.
            try await api.call(.put, countPath, token: yjj, json: #"{"count":4}"#).expectProblem(.conflict)
            try await api.call(.post, "\(base)/draw", token: yjj, json: #"{"entropy":"1"}"#).expectProblem(.forbidden)
            #expect(try await api.call(.post, "\(base)/draw", token: office, json: #"{"entropy":"2024-06-03-1"}"#).status == .ok)

            // …nor act for another department, nor the office for a department.
            let scjgDispatch = try #require(try await api.get("\(base)/dispatches?department=scjg", token: office).items.first?["uscc"] as? String)
            try await api.call(.post, "\(base)/departments/scjg/confirmations", token: yjj, json: #"{"uscc":"\#(scjgDispatch)"}"#)
                .expectProblem(.forbidden)
            try await api.call(.post, "\(base)/departments/scjg/rejections", token: yjj, json: #"{"uscc":"\#(scjgDispatch)","reason":"x"}"#)
                .expectProblem(.forbidden)
            try await api.call(.post, "\(base)/departments/scjg/inspector-draw", token: yjj).expectProblem(.forbidden)
            try await api.call(.post, "\(base)/departments/scjg/confirmations", token: office, json: #"{"uscc":"\#(scjgDispatch)"}"#)
                .expectProblem(.forbidden)
            try await api.get("\(base)/dispatches?department=scjg", token: yjj).expectProblem(.forbidden)
            try await api.get("\(base)/inspectors?department=scjg", token: yjj).expectProblem(.forbidden)
            // A rejection needs its reason (422, in Chinese).
            let scjg = try await api.token(for: "scjg-admin")
            let noReason = try await api.call(.post, "\(base)/departments/scjg/rejections", token: scjg,
                                              json: #"{"uscc":"\#(scjgDispatch)","reason":"  "}"#)
            noReason.expectProblem(.unprocessableContent)
            #expect((noReason.json["detail"] as? String ?? "").contains("理由"))

            // The frozen lists are for the office and the auditor.
            #expect(try await api.get("\(base)/candidates/objects", token: auditor).status == .ok)
            try await api.get("\(base)/candidates/objects", token: yjj).expectProblem(.forbidden)
            try await api.get("\(base)/candidates/objects", token: inspector).expectProblem(.forbidden)
            // An inspector reads the tasks of its department, not the forms of other teams.
            #expect(try await api.get(base, token: inspector).status == .ok)
            try await api.get("\(base)/forms/\(scjgDispatch)", token: office).expectProblem(.conflict)
        }
    }

    @Test(arguments: TestDatabase.available)
    func illegalTransitionsAndBadPlansAreExplained(database: TestDatabase) async throws {
        try await APITestHarness.run(on: database) { api in
            let office = try await api.token(for: "office")

            // The demo's task is past its draw: publishing, drawing or deleting it again is a state conflict.
            let demo = "/api/v1/tasks/\(Self.encoded(DemoSeed.qingheDocumentNumber))"
            let demoTask = try await api.get(demo, token: office).json
            let state = try #require(demoTask["state"] as? String), label = try #require(demoTask["stateLabel"] as? String)
            #expect(["matched", "inspecting", "completed"].contains(state))
            #expect(label == TaskState(rawValue: state)?.label)
            let republish = try await api.call(.post, "\(demo)/publish", token: office)
            republish.expectProblem(.conflict)
            #expect(republish.json["detail"] as? String == "任务当前状态为「\(label)」，不能发布")
            let redraw = try await api.call(.post, "\(demo)/draw", token: office, json: #"{"entropy":"again"}"#)
            redraw.expectProblem(.conflict)
            #expect(redraw.json["detail"] as? String == "任务当前状态为「\(label)」，不能抽取")
            let delete = try await api.call(.delete, demo, token: office)
            delete.expectProblem(.conflict)
            #expect((delete.json["detail"] as? String ?? "").contains("已发布的任务只能取消"))
            try await api.call(.post, "\(demo)/\(state == "completed" ? "start" : "archive")", token: office).expectProblem(.conflict)

            // A draft cannot be matched or drawn, only published, edited, deleted or cancelled.
            let created = try await api.call(.post, "/api/v1/tasks", token: office, json: try Self.planJSON())
            let id = try #require(created.json["id"] as? Int)
            let match = try await api.call(.post, "/api/v1/tasks/\(id)/match", token: office)
            match.expectProblem(.conflict)
            #expect(match.json["detail"] as? String == "任务当前状态为「草稿」，不能匹配检查组")
            try await api.get("/api/v1/tasks/\(id)/record", token: office).expectProblem(.notFound)
            try await api.get("/api/v1/tasks/\(id)/candidates/objects", token: office).expectProblem(.notFound)
            let edited = try await api.call(.put, "/api/v1/tasks/\(id)", token: office, json: try Self.planJSON { $0.teamSize = 3 })
            #expect(edited.status == .ok, "\(edited.text)")
            #expect((edited.json["plan"] as? [String: Any])?["team_size"] as? Int == 3)
            // The same 文号 again is a conflict.
            try await api.call(.post, "/api/v1/tasks", token: office, json: try Self.planJSON()).expectProblem(.conflict)

            // A plan with problems: 422 listing every problem with its field.
            let bad = try Self.planJSON(documentNumber: "清双随机办〔2024〕36号") { plan in
                plan.title = " "
                plan.leadDepartment = "nobody"
                plan.teamSize = 1
                plan.ratios = [.a: 500, .b: 500]
                plan.entropySource = ""
                plan.departments[0].itemCodes = ["YJJ-999"]
            }
            let refused = try await api.call(.post, "/api/v1/tasks", token: office, json: bad)
            refused.expectProblem(.unprocessableContent)
            let problems = refused.json["problems"] as? [[String: String]] ?? []
            let fields = Set(problems.compactMap { $0["field"] })
            #expect(fields.isSuperset(of: ["title", "lead_department", "team_size", "ratios", "entropy_source", "departments.yjj.items"]),
                    "\(refused.text)")
            #expect(problems.allSatisfy { !($0["message"] ?? "").isEmpty })
            #expect((refused.json["detail"] as? String ?? "").hasPrefix("任务内容有误"))

            // Dates and field tags the generated code keeps as text are checked too.
            var json = try JSONSerialization.jsonObject(with: Data(try Self.planJSON(documentNumber: "清双随机办〔2024〕37号").utf8)) as! [String: Any]
            json["period_end"] = "2024-13-45"
            json["scope"] = ["tags": ["不存在的领域"]]
            let datesRefused = try await api.call(.post, "/api/v1/tasks", token: office,
                                                  json: String(decoding: try JSONSerialization.data(withJSONObject: json), as: UTF8.self))
            datesRefused.expectProblem(.unprocessableContent)
            let dateFields = Set((datesRefused.json["problems"] as? [[String: String]] ?? []).compactMap { $0["field"] })
            #expect(dateFields.isSuperset(of: ["period_end", "scope.tags"]), "\(datesRefused.text)")

            // Malformed JSON is the runtime's 400.
            try await api.call(.post, "/api/v1/tasks", token: office, json: #"{"title":"x"}"#).expectProblem(.badRequest)

            // Cancelling needs a reason; with one the draft is cancelled.
            try await api.call(.post, "/api/v1/tasks/\(id)/cancel", token: office, json: #"{"reason":" "}"#)
                .expectProblem(.unprocessableContent)
            let cancelled = try await api.call(.post, "/api/v1/tasks/\(id)/cancel", token: office, json: #"{"reason":"计划调整"}"#)
            #expect(cancelled.status == .ok)
            #expect(cancelled.json["state"] as? String == "cancelled" && cancelled.json["stateLabel"] as? String == "已取消")
            #expect(cancelled.json["cancelReason"] as? String == "计划调整")
            try await api.get("/api/v1/tasks/999999", token: office).expectProblem(.notFound)
        }
    }

    // MARK: The CLI

    /// Runs the built `spotcheck` binary (`scripts/test.sh` builds it before the tests).
    static func runCLI(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let binary = root.appendingPathComponent(".build/debug/spotcheck")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            Issue.record("spotcheck binary not found at \(binary.path): build it first (swift build, or scripts/test.sh)")
            throw CLIMissing()
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    struct CLIMissing: Error {}
}
