import Foundation
import HTTPTypes
import SpotcheckAPI
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
import Testing

/// The 一单两库 and item endpoints end to end over the seeded demo directory: search and paging,
/// the web pages' role and department rules, 422/409/404 problems, audit, and the public list.
@Suite struct APIDirectoryTests {
    static let demoEnterprises = DemoDirectory.enterprises()
    static let demoInspectors = DemoDirectory.inspectors()

    /// A code with a correct check character that the demo directory does not hold.
    static let newUSCC: String = {
        let code = USCC.complete(prefix: "91130534MA0TEMP01")!
        precondition(!demoEnterprises.contains { $0.uscc == code })
        return code
    }()

    static func officer(of department: String) -> InspectorRecord {
        demoInspectors.first { $0.dept == department && !$0.isExpert }!
    }

    @Test(arguments: TestDatabase.available)
    func enterprisesAreListedSearchedAndPaged(database: TestDatabase) async throws {
        try await APITestHarness.run(on: database) { api in
            let all = Self.demoEnterprises
            // Every department admin reads the shared directory, as on the web page.
            let token = try await api.token(for: "swj-admin")

            let second = try await api.get("/api/v1/enterprises?perPage=20&page=2", token: token)
            #expect(second.status == .ok, "\(second.text)")
            #expect(second.json["total"] as? Int == all.count)
            #expect(second.json["page"] as? Int == 2)
            #expect(second.json["perPage"] as? Int == 20)
            #expect(second.items.compactMap { $0["uscc"] as? String } == all[20..<40].map(\.uscc))
            let last = try await api.get("/api/v1/enterprises?perPage=200&page=2", token: token)
            #expect(last.items.count == all.count - 200)
            #expect(try await api.get("/api/v1/enterprises?perPage=50&page=100", token: token).items.isEmpty)

            // A code prefix typed in lower case, as office staff do.
            let prefix = String(all[7].uscc.prefix(12))
            let byCode = try await api.get("/api/v1/enterprises?q=\(prefix.lowercased())", token: token)
            let expectedByCode = all.filter { $0.uscc.hasPrefix(prefix) }.map(\.uscc)
            #expect(!expectedByCode.isEmpty)
            #expect(byCode.items.compactMap { $0["uscc"] as? String } == expectedByCode)

            let target = all[42]
            let byName = try await api.get("/api/v1/enterprises?q=" + Self.query(target.name), token: token)
            #expect(byName.json["total"] as? Int == 1)
            let found = try #require(byName.items.first)
            #expect(found["uscc"] as? String == target.uscc)
            #expect(found["legalRepresentative"] as? String == target.legalRepresentative)
            #expect(found["tags"] as? [String] == target.tags.map(\.rawValue))
            #expect(found["riskClass"] as? String == target.riskClass.rawValue)
            #expect(found["riskLabel"] as? String == target.riskClass.label)
            #expect(found["status"] as? String == target.status.rawValue)
            #expect(found["usccValid"] as? Bool == true)

            let filtered = try await api.get(
                "/api/v1/enterprises?perPage=200&tag=" + Self.query("危险化学品") + "&riskClass=A&status=" + Self.query("存续"), token: token)
            let expected = all.filter { $0.tags.contains(.hazardousChemicals) && $0.riskClass == .a && $0.status == .active }
            #expect(!expected.isEmpty)
            #expect(filtered.json["total"] as? Int == expected.count)
            #expect(filtered.items.compactMap { $0["uscc"] as? String } == expected.map(\.uscc))
            let deregistered = try await api.get("/api/v1/enterprises?perPage=200&status=" + Self.query("注销"), token: token)
            #expect(deregistered.json["total"] as? Int == all.filter { $0.status == .deregistered }.count)

            let one = try await api.get("/api/v1/enterprises/\(target.uscc.lowercased())", token: token)
            #expect(one.status == .ok)
            #expect(one.json["name"] as? String == target.name)
            try await api.get("/api/v1/enterprises/\(Self.newUSCC)", token: token).expectProblem(.notFound)

            try await api.get("/api/v1/enterprises?riskClass=E", token: token).expectProblem(.badRequest)
            try await api.get("/api/v1/enterprises?perPage=201", token: token).expectProblem(.unprocessableContent)
            try await api.get("/api/v1/enterprises", token: try await api.token(for: "yjj-01")).expectProblem(.forbidden)
            try await api.get("/api/v1/enterprises").expectProblem(.unauthorized)
        }
    }

    @Test(arguments: TestDatabase.available)
    func officeCreatesAndReplacesEnterprises(database: TestDatabase) async throws {
        try await APITestHarness.run(on: database) { api in
            let office = try await api.token(for: "office")
            let yjj = try await api.token(for: "yjj-admin")
            let auditor = try await api.token(for: "auditor")
            let before = try await api.auditCount()
            let code = Self.newUSCC
            let wrongCheck = String(code.dropLast()) + (code.last == "0" ? "1" : "0")

            let refused = try await api.call(.post, "/api/v1/enterprises", token: office, json: """
                {"uscc":"\(wrongCheck)","name":"清河县测试羊绒有限公司","riskClass":"B"}
                """)
            refused.expectProblem(.unprocessableContent)
            let detail = refused.json["detail"] as? String ?? ""
            #expect(detail.contains("统一社会信用代码") && detail.contains("校验位"), "\(detail)")
            #expect(detail.contains("应为 \(code.last!)"), "\(detail)")
            try await api.call(.post, "/api/v1/enterprises", token: office, json: """
                {"uscc":"\(code)","name":"清河县测试羊绒有限公司","riskClass":"B","tags":["羊绒"]}
                """).expectProblem(.unprocessableContent)
            try await api.call(.post, "/api/v1/enterprises", token: office, json: """
                {"uscc":"\(code)","name":"  ","riskClass":"B"}
                """).expectProblem(.unprocessableContent)
            try await api.call(.post, "/api/v1/enterprises", token: office, json: """
                {"uscc":"\(code)","name":"清河县测试羊绒有限公司","riskClass":"E"}
                """).expectProblem(.badRequest)
            // Department admins read the directory but do not change it.
            try await api.call(.post, "/api/v1/enterprises", token: yjj, json: """
                {"uscc":"\(code)","name":"清河县测试羊绒有限公司","riskClass":"B"}
                """).expectProblem(.forbidden)
            #expect(try await api.auditCount() == before, "nothing refused is written")

            let created = try await api.call(.post, "/api/v1/enterprises", token: office, json: """
                {"uscc":" \(code.lowercased()) ","name":"清河县测试羊绒有限公司","riskClass":"B","tags":["工贸","工贸"],"regionCode":"130534"}
                """)
            #expect(created.status == .created, "\(created.text)")
            #expect(created.json["uscc"] as? String == code)
            #expect(created.json["status"] as? String == "存续")
            #expect(created.json["tags"] as? [String] == ["工贸"])
            #expect(try await api.auditCount() == before + 1)
            #expect(try await api.get("/api/v1/enterprises", token: office).json["total"] as? Int == Self.demoEnterprises.count + 1)
            let stored = try #require(try await EnterpriseDirectory(db: api.store.db).find(uscc: code))
            #expect(stored.name == "清河县测试羊绒有限公司" && stored.regionCode == "130534")
            try await api.call(.post, "/api/v1/enterprises", token: office, json: """
                {"uscc":"\(code)","name":"重复","riskClass":"A"}
                """).expectProblem(.conflict)

            let replaced = try await api.call(.put, "/api/v1/enterprises/\(code)", token: office, json: """
                {"name":"清河县测试羊绒有限公司","riskClass":"D","status":"注销","phone":"0319-8180776"}
                """)
            #expect(replaced.status == .ok, "\(replaced.text)")
            #expect(replaced.json["riskClass"] as? String == "D")
            #expect(replaced.json["tags"] as? [String] == [], "absent fields are stored empty")
            let reread = try await api.get("/api/v1/enterprises/\(code)", token: office)
            #expect(reread.json["status"] as? String == "注销")
            #expect(reread.json["phone"] as? String == "0319-8180776")
            #expect(try await api.auditCount() == before + 2)

            try await api.call(.put, "/api/v1/enterprises/\(code)", token: office, json: #"{"name":"","riskClass":"A","status":"存续"}"#)
                .expectProblem(.unprocessableContent)
            try await api.call(.put, "/api/v1/enterprises/\(code)", token: auditor, json: #"{"name":"X","riskClass":"A","status":"存续"}"#)
                .expectProblem(.forbidden)
            let missing = USCC.complete(prefix: "91130534MA0TEMP02")!
            try await api.call(.put, "/api/v1/enterprises/\(missing)", token: office, json: #"{"name":"X","riskClass":"A","status":"存续"}"#)
                .expectProblem(.notFound)
            #expect(try await api.auditCount() == before + 2)

            let (events, _) = try await AuditLog.recent(on: api.store.db, page: 1, perPage: 2)
            #expect(events.map(\.action) == ["update", "create"])
            #expect(events.allSatisfy { $0.actor == "office" && $0.entity == "enterprise" && $0.entityID == code })
            #expect(try await AuditLog.verify(on: api.store.db).isIntact)
        }
    }

    @Test(arguments: TestDatabase.available)
    func departmentAdminWritesOnlyItsOwnRoster(database: TestDatabase) async throws {
        try await APITestHarness.run(on: database) { api in
            let yjj = try await api.token(for: "yjj-admin")
            let theirs = Self.officer(of: "swj")
            let before = try await api.auditCount()

            // Another department's inspector: no reading, no writing, whichever path is used.
            try await api.get("/api/v1/inspectors/\(theirs.code)", token: yjj).expectProblem(.forbidden)
            try await api.call(.put, "/api/v1/inspectors/\(theirs.code)", token: yjj, json: """
                {"name":"改名","status":"离岗","certificateExpiry":"2030-01-01"}
                """).expectProblem(.forbidden)
            try await api.call(.delete, "/api/v1/inspectors/\(theirs.code)", token: yjj).expectProblem(.forbidden)
            try await api.get("/api/v1/departments/swj/inspectors", token: yjj).expectProblem(.forbidden)
            try await api.call(.post, "/api/v1/departments/swj/inspectors", token: yjj, json: """
                {"code":"13053429999","name":"越权","certificateExpiry":"2030-01-01"}
                """).expectProblem(.forbidden)
            #expect(try await InspectorRoster(db: api.store.db).find(code: theirs.code) == theirs, "untouched")
            #expect(try await InspectorRoster(db: api.store.db).find(code: "13053429999") == nil)

            // Its own roster.
            let own = Self.demoInspectors.filter { $0.dept == "yjj" }
            let listed = try await api.get("/api/v1/departments/yjj/inspectors?perPage=2&page=2", token: yjj)
            #expect(listed.status == .ok)
            #expect(listed.json["total"] as? Int == own.count)
            #expect(listed.items.compactMap { $0["code"] as? String } == own.sorted { $0.code < $1.code }[2..<4].map(\.code))
            let experts = try await api.get("/api/v1/departments/yjj/inspectors?perPage=200&q=zj", token: yjj)
            #expect(experts.items.compactMap { $0["code"] as? String } == own.filter(\.isExpert).map(\.code).sorted())
            #expect(experts.items.allSatisfy { $0["isExpert"] as? Bool == true && $0["certificateExpiry"] == nil })

            let created = try await api.call(.post, "/api/v1/departments/yjj/inspectors", token: yjj, json: """
                {"code":"13053429999","name":"韩立军","mobile":"13931901234","certificateExpiry":"2099-12-31","expertise":["危险化学品"]}
                """)
            #expect(created.status == .created, "\(created.text)")
            #expect(created.json["departmentCode"] as? String == "yjj")
            #expect(created.json["status"] as? String == "在岗")
            #expect(created.json["eligible"] as? Bool == true)
            #expect(try await api.get("/api/v1/inspectors/13053429999", token: yjj).json["name"] as? String == "韩立军")

            let replaced = try await api.call(.put, "/api/v1/inspectors/13053429999", token: yjj, json: """
                {"name":"韩立军","status":"休假","certificateExpiry":"2099-12-31"}
                """)
            #expect(replaced.status == .ok, "\(replaced.text)")
            #expect(replaced.json["status"] as? String == "休假")
            #expect(replaced.json["eligible"] as? Bool == false)
            #expect(replaced.json["mobile"] as? String == "")

            // Rules of the roster: 422 naming the field, 409 for a code registered anywhere.
            let noExpiry = try await api.call(.put, "/api/v1/inspectors/13053429999", token: yjj, json: #"{"name":"韩立军","status":"在岗"}"#)
            noExpiry.expectProblem(.unprocessableContent)
            #expect((noExpiry.json["detail"] as? String ?? "").contains("执法证有效期至"))
            let badDate = try await api.call(.post, "/api/v1/departments/yjj/inspectors", token: yjj, json: """
                {"code":"13053429998","name":"日期错","certificateExpiry":"2030/01/01"}
                """)
            badDate.expectProblem(.unprocessableContent)
            #expect((badDate.json["detail"] as? String ?? "").contains("执法证有效期至"))
            try await api.call(.post, "/api/v1/departments/yjj/inspectors", token: yjj, json: """
                {"code":"13053429998","name":"手机错","mobile":"123","certificateExpiry":"2030-01-01"}
                """).expectProblem(.unprocessableContent)
            try await api.call(.post, "/api/v1/departments/yjj/inspectors", token: yjj, json: """
                {"code":"13053429999","name":"重复","certificateExpiry":"2030-01-01"}
                """).expectProblem(.conflict)
            try await api.call(.post, "/api/v1/departments/yjj/inspectors", token: yjj, json: """
                {"code":"\(theirs.code)","name":"别部门的证号","certificateExpiry":"2030-01-01"}
                """).expectProblem(.conflict)

            #expect(try await api.call(.delete, "/api/v1/inspectors/13053429999", token: yjj).status == .noContent)
            try await api.get("/api/v1/inspectors/13053429999", token: yjj).expectProblem(.notFound)

            // create, update, delete
            #expect(try await api.auditCount() == before + 3)
            let (events, _) = try await AuditLog.recent(on: api.store.db, page: 1, perPage: 3)
            #expect(events.map(\.action) == ["delete", "update", "create"])
            #expect(events.allSatisfy { $0.actor == "yjj-admin" && $0.entity == "inspector" })

            // The office manages every roster; the auditor reads all and changes nothing.
            let office = try await api.token(for: "office")
            #expect(try await api.call(.put, "/api/v1/inspectors/\(theirs.code)", token: office, json: """
                {"name":"\(theirs.name)","status":"休假","certificateExpiry":"2099-01-01"}
                """).status == .ok)
            let auditor = try await api.token(for: "auditor")
            #expect(try await api.get("/api/v1/inspectors/\(theirs.code)", token: auditor).json["status"] as? String == "休假")
            try await api.call(.delete, "/api/v1/inspectors/\(theirs.code)", token: auditor).expectProblem(.forbidden)
            try await api.get("/api/v1/inspectors/\(theirs.code)", token: try await api.token(for: "swj-01")).expectProblem(.forbidden)
            try await api.get("/api/v1/departments/nosuch/inspectors", token: office).expectProblem(.notFound)
        }
    }

    @Test(arguments: TestDatabase.available)
    func conflictsAreDeclaredAndWithdrawnByTheInspectorsDepartment(database: TestDatabase) async throws {
        try await APITestHarness.run(on: database) { api in
            let yjj = try await api.token(for: "yjj-admin")
            let mine = Self.officer(of: "yjj")
            let theirs = Self.officer(of: "swj")
            let seeded = try await ConflictList(db: api.store.db).list(department: "yjj")
            let enterprise = try #require(Self.demoEnterprises.dropFirst(100).first { e in !seeded.contains { $0.uscc == e.uscc } })

            let listed = try await api.get("/api/v1/departments/yjj/conflicts", token: yjj)
            #expect(listed.json["total"] as? Int == seeded.count)
            #expect(listed.items.compactMap { $0["uscc"] as? String } == seeded.map(\.uscc))
            try await api.get("/api/v1/departments/swj/conflicts", token: yjj).expectProblem(.forbidden)

            let declared = try await api.call(.post, "/api/v1/departments/yjj/conflicts", token: yjj, json: """
                {"inspectorCode":"\(mine.code)","uscc":"\(enterprise.uscc.lowercased())","reason":"配偶在该企业任职"}
                """)
            #expect(declared.status == .created, "\(declared.text)")
            #expect(declared.json["enterpriseName"] as? String == enterprise.name)
            let ofInspector = try await api.get("/api/v1/departments/yjj/conflicts?inspector=\(mine.code)", token: yjj)
            #expect(ofInspector.items.contains { $0["uscc"] as? String == enterprise.uscc && $0["reason"] as? String == "配偶在该企业任职" })
            #expect(try await api.get("/api/v1/inspectors/\(mine.code)", token: yjj).json["conflictCount"] as? Int == ofInspector.items.count)

            try await api.call(.post, "/api/v1/departments/yjj/conflicts", token: yjj, json: """
                {"inspectorCode":"\(mine.code)","uscc":"\(enterprise.uscc)","reason":"再次"}
                """).expectProblem(.conflict)
            let noReason = try await api.call(.post, "/api/v1/departments/yjj/conflicts", token: yjj, json: """
                {"inspectorCode":"\(mine.code)","uscc":"\(Self.demoEnterprises[101].uscc)","reason":"  "}
                """)
            noReason.expectProblem(.unprocessableContent)
            #expect((noReason.json["detail"] as? String ?? "").contains("回避原因"))
            try await api.call(.post, "/api/v1/departments/yjj/conflicts", token: yjj, json: """
                {"inspectorCode":"\(mine.code)","uscc":"\(Self.newUSCC)","reason":"不在名录库"}
                """).expectProblem(.notFound)
            // Another department's inspector is not one of this department's.
            try await api.call(.post, "/api/v1/departments/yjj/conflicts", token: yjj, json: """
                {"inspectorCode":"\(theirs.code)","uscc":"\(enterprise.uscc)","reason":"越权"}
                """).expectProblem(.notFound)
            try await api.call(.post, "/api/v1/departments/swj/conflicts", token: yjj, json: """
                {"inspectorCode":"\(theirs.code)","uscc":"\(enterprise.uscc)","reason":"越权"}
                """).expectProblem(.forbidden)
            let swjConflict = try #require(try await ConflictList(db: api.store.db).list(department: "swj").first)
            try await api.call(.delete, "/api/v1/inspectors/\(swjConflict.inspectorCode)/conflicts/\(swjConflict.uscc)", token: yjj)
                .expectProblem(.forbidden)

            let before = try await api.auditCount()
            #expect(try await api.call(.delete, "/api/v1/inspectors/\(mine.code)/conflicts/\(enterprise.uscc)", token: yjj).status == .noContent)
            try await api.call(.delete, "/api/v1/inspectors/\(mine.code)/conflicts/\(enterprise.uscc)", token: yjj).expectProblem(.notFound)
            #expect(try await api.auditCount() == before + 1)
            #expect(try await ConflictList(db: api.store.db).list(department: "yjj") == seeded)
            #expect(try await ConflictList(db: api.store.db).list(department: "swj").contains(swjConflict))
        }
    }

    @Test(arguments: TestDatabase.available)
    func departmentAdminMaintainsItsItemList(database: TestDatabase) async throws {
        try await APITestHarness.run(on: database) { api in
            let scjg = try await api.token(for: "scjg-admin")
            let seeded = try await ItemList(db: api.store.db).list(department: "scjg")

            let listed = try await api.get("/api/v1/departments/scjg/items?perPage=2", token: scjg)
            #expect(listed.json["total"] as? Int == seeded.count)
            #expect(listed.items.compactMap { $0["code"] as? String } == seeded.prefix(2).map(\.code))
            let first = try #require(listed.items.first)
            #expect(first["legalBasis"] as? String == seeded[0].legalBasis)
            #expect(first["departmentName"] as? String == "清河县市场监督管理局")

            let created = try await api.call(.post, "/api/v1/departments/scjg/items", token: scjg, json: """
                {"code":"SCJG-900","name":"广告发布检查","legalBasis":"《中华人民共和国广告法》第四十九条","scopeTags":["登记"],
                 "methods":["书面检查","实地核查"],"category":"重点检查事项","ratioBasisPoints":250,"subItems":["广告内容","广告发布登记"]}
                """)
            #expect(created.status == .created, "\(created.text)")
            #expect(created.json["subject"] as? String == "清河县市场监督管理局", "the department is the default 抽查主体")
            #expect(created.json["ratio"] as? String == "2.5%")
            #expect(created.json["methods"] as? [String] == ["书面检查", "实地核查"])
            let stored = try #require(try await ItemList(db: api.store.db).find(department: "scjg", code: "SCJG-900"))
            #expect(stored.category == .key && stored.defaultRatioBasisPoints == 250 && stored.subItems.count == 2)

            let noBasis = try await api.call(.post, "/api/v1/departments/scjg/items", token: scjg, json: #"{"code":"SCJG-901","name":"无依据","legalBasis":" "}"#)
            noBasis.expectProblem(.unprocessableContent)
            #expect((noBasis.json["detail"] as? String ?? "").contains("抽查依据"))
            let unknownTag = try await api.call(.post, "/api/v1/departments/scjg/items", token: scjg, json: """
                {"code":"SCJG-901","name":"X","legalBasis":"Y","scopeTags":["食品"]}
                """)
            unknownTag.expectProblem(.unprocessableContent)
            #expect((unknownTag.json["detail"] as? String ?? "").contains("抽查对象"))
            try await api.call(.post, "/api/v1/departments/scjg/items", token: scjg, json: #"{"code":"SCJG-901","name":"X","legalBasis":"Y","ratioBasisPoints":20000}"#)
                .expectProblem(.unprocessableContent)
            try await api.call(.post, "/api/v1/departments/scjg/items", token: scjg, json: #"{"code":"SCJG-900","name":"重复","legalBasis":"Y"}"#)
                .expectProblem(.conflict)

            let replaced = try await api.call(.put, "/api/v1/departments/scjg/items/SCJG-900", token: scjg, json: """
                {"name":"广告发布行为检查","legalBasis":"《中华人民共和国广告法》第四十九条","frequency":"每年不少于 1 次"}
                """)
            #expect(replaced.status == .ok, "\(replaced.text)")
            #expect(replaced.json["name"] as? String == "广告发布行为检查")
            #expect(replaced.json["category"] as? String == "一般检查事项")
            #expect(try await api.get("/api/v1/departments/scjg/items/SCJG-900", token: scjg).json["frequency"] as? String == "每年不少于 1 次")

            // Another department's admin reads nothing of it and changes nothing.
            let yjj = try await api.token(for: "yjj-admin")
            try await api.get("/api/v1/departments/scjg/items", token: yjj).expectProblem(.forbidden)
            try await api.call(.put, "/api/v1/departments/scjg/items/SCJG-900", token: yjj, json: #"{"name":"X","legalBasis":"Y"}"#)
                .expectProblem(.forbidden)
            try await api.call(.delete, "/api/v1/departments/scjg/items/SCJG-900", token: yjj).expectProblem(.forbidden)
            try await api.call(.post, "/api/v1/departments/scjg/items", token: yjj, json: #"{"code":"SCJG-902","name":"X","legalBasis":"Y"}"#)
                .expectProblem(.forbidden)
            try await api.call(.post, "/api/v1/departments/scjg/items", token: try await api.token(for: "auditor"), json: #"{"code":"SCJG-902","name":"X","legalBasis":"Y"}"#)
                .expectProblem(.forbidden)

            #expect(try await api.call(.delete, "/api/v1/departments/scjg/items/SCJG-900", token: scjg).status == .noContent)
            try await api.get("/api/v1/departments/scjg/items/SCJG-900", token: scjg).expectProblem(.notFound)
            #expect(try await ItemList(db: api.store.db).list(department: "scjg") == seeded)
        }
    }

    @Test(arguments: TestDatabase.available)
    func publicItemsNeedNoToken(database: TestDatabase) async throws {
        try await APITestHarness.run(on: database) { api in
            let seeded = try await ItemList(db: api.store.db).list(department: "xf")
            #expect(!seeded.isEmpty)
            let published = try await api.get("/api/v1/public/departments/xf/items")
            #expect(published.status == .ok, "\(published.text)")
            #expect(published.json["departmentName"] as? String == "清河县消防救援大队")
            #expect(published.json["total"] as? Int == seeded.count)
            #expect(published.items.compactMap { $0["code"] as? String } == seeded.map(\.code))
            #expect(published.items.compactMap { $0["legalBasis"] as? String } == seeded.map(\.legalBasis))
            #expect(published.items.compactMap { $0["subject"] as? String } == seeded.map(\.subject))

            // The same items as the authenticated list.
            let office = try await api.token(for: "office")
            let authenticated = try await api.get("/api/v1/departments/xf/items?perPage=200", token: office)
            #expect(authenticated.items.compactMap { $0["name"] as? String } == published.items.compactMap { $0["name"] as? String })

            try await api.get("/api/v1/public/departments/office/items").expectProblem(.notFound)
            try await api.get("/api/v1/public/departments/nosuch/items").expectProblem(.notFound)
        }
    }

    @Test(arguments: TestDatabase.available)
    func directoryEndpointsNeedAToken(database: TestDatabase) async throws {
        try await APITestHarness.run(on: database) { api in
            let code = Self.officer(of: "yjj").code
            let uscc = Self.demoEnterprises[0].uscc
            let calls: [(HTTPRequest.Method, String)] = [
                (.get, "/api/v1/enterprises"), (.post, "/api/v1/enterprises"), (.get, "/api/v1/enterprises/\(uscc)"),
                (.put, "/api/v1/enterprises/\(uscc)"), (.get, "/api/v1/departments/yjj/inspectors"),
                (.post, "/api/v1/departments/yjj/inspectors"), (.get, "/api/v1/inspectors/\(code)"), (.put, "/api/v1/inspectors/\(code)"),
                (.delete, "/api/v1/inspectors/\(code)"), (.delete, "/api/v1/inspectors/\(code)/conflicts/\(uscc)"),
                (.get, "/api/v1/departments/yjj/conflicts"), (.post, "/api/v1/departments/yjj/conflicts"),
                (.get, "/api/v1/departments/yjj/items"), (.post, "/api/v1/departments/yjj/items"),
                (.get, "/api/v1/departments/yjj/items/YJJ-001"), (.put, "/api/v1/departments/yjj/items/YJJ-001"),
                (.delete, "/api/v1/departments/yjj/items/YJJ-001"),
            ]
            let before = try await api.auditCount()
            for (method, path) in calls {
                let response = try await api.call(method, path, json: method == .get || method == .delete ? nil : "{}")
                response.expectProblem(.unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "Bearer", "\(method) \(path)")
            }
            #expect(try await api.auditCount() == before)
            #expect(try await InspectorRoster(db: api.store.db).find(code: code) != nil)
        }
    }

    static func query(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}
