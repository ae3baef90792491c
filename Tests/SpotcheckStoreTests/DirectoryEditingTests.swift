import FluentKit
import Foundation
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
import Testing

@Suite("Single-row edits of the directory, rosters, conflicts and items")
struct DirectoryEditingTests {
    /// The newest audit event, to check what an edit recorded.
    static func lastEvent(_ db: any Database) async throws -> AuditEventModel {
        try #require(try await AuditEventModel.query(on: db).sort(\.$id, .descending).first())
    }

    static func eventCount(_ db: any Database) async throws -> Int {
        try await AuditEventModel.query(on: db).count()
    }

    @Test("the demo seeds the directory, rosters, conflicts and the notice's items once", arguments: TestDatabase.available)
    func demo(database: TestDatabase) async throws {
        try await database.withStore { store in
            #expect(try await DemoSeed.seed(on: store.db, passwords: store.passwords))
            #expect(try await DemoSeed.seed(on: store.db, passwords: store.passwords) == false)
            #expect(try await EnterpriseDirectory(db: store.db).count() == DemoDirectory.enterprises().count)
            let counts = try await DirectoryCounts.load(on: store.db)
            #expect(counts.byDepartment.keys.sorted() == ["scjg", "swj", "xf", "yjj"])
            #expect(counts.byDepartment["yjj"]?.items == 2)
            #expect(counts.byDepartment["scjg"]?.items == 5)
            #expect(counts.byDepartment["swj"]?.items == 1)
            #expect(counts.byDepartment["xf"]?.items == 4)
            #expect(counts.byDepartment.values.allSatisfy { $0.conflicts == 2 })
            let items = try await ItemList(db: store.db).list(department: nil)
            #expect(items.allSatisfy { !$0.legalBasis.isEmpty && !$0.subject.isEmpty && !$0.methods.isEmpty && !$0.materials.isEmpty })
            #expect(items.contains { $0.name == "成品油市场管理检查" && $0.legalBasis.contains("国务院令第412号") })
            #expect(try await AuditLog.verify(on: store.db).isIntact)
        }
    }

    @Test("an enterprise edit is validated, written and audited with before and after", arguments: TestDatabase.available)
    func enterpriseUpdate(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords)
            let directory = EnterpriseDirectory(db: store.db)
            let original = try #require(try await directory.search(.init(), page: 1, perPage: 1).records.first)
            var change = original
            change.name = "  清河县改名测试有限公司 "
            change.riskClass = .d
            change.tags = [.auction, .auction]
            try await directory.update(change, actor: .init("office"))
            let stored = try #require(try await directory.find(uscc: original.uscc))
            #expect(stored.name == "清河县改名测试有限公司")
            #expect(stored.riskClass == .d && stored.tags == [.auction])
            let event = try await Self.lastEvent(store.db)
            #expect(event.action == "update" && event.entity == "enterprise" && event.entityID == original.uscc && event.actor == "office")
            #expect(event.beforeJSON?.contains(original.name) == true)
            #expect(event.afterJSON?.contains("清河县改名测试有限公司") == true)

            // Saving the same content again changes nothing and records nothing.
            let events = try await Self.eventCount(store.db)
            try await directory.update(stored, actor: .init("office"))
            #expect(try await Self.eventCount(store.db) == events)

            var bad = stored
            bad.name = ""
            bad.regionCode = "12"
            await #expect(throws: StoreError.invalid("企业名称不能为空；行政区划代码应为 6 位或 9–12 位数字")) {
                try await directory.update(bad, actor: .init("office"))
            }
            var missing = stored
            missing.uscc = USCC.complete(prefix: "91130534MA0000001")!
            await #expect(throws: StoreError.notFound(entity: "企业", key: missing.uscc)) { try await directory.update(missing, actor: .init("office")) }
            #expect(try await Self.eventCount(store.db) == events)
            #expect(try await AuditLog.verify(on: store.db).isIntact)
        }
    }

    @Test("inspectors are created, updated and deleted within their department only", arguments: TestDatabase.available)
    func inspectors(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords, directory: false)
            let roster = InspectorRoster(db: store.db)
            let officer = InspectorRecord(code: "130534209901", name: "韩立", dept: "yjj", mobile: "13931900001",
                                          certificateExpiry: CivilDate("2027-06-30"), expertise: ["危险化学品"])
            try await roster.create(officer, actor: .init("yjj-admin"))
            #expect(try await Self.lastEvent(store.db).action == "create")
            await #expect(throws: StoreError.duplicate(entity: "执法证号", key: officer.code)) { try await roster.create(officer, actor: .init("t")) }
            var elsewhere = officer
            elsewhere.dept = "swj"
            await #expect(throws: StoreError.self) { try await roster.create(elsewhere, actor: .init("t")) }
            var noExpiry = officer
            noExpiry.code = "130534209902"
            noExpiry.certificateExpiry = nil
            await #expect(throws: StoreError.invalid("执法证有效期至不能为空")) { try await roster.create(noExpiry, actor: .init("t")) }
            noExpiry.isExpert = true
            try await roster.create(noExpiry, actor: .init("t"))

            var change = officer
            change.status = .onLeave
            change.dept = "swj"  // ignored: the department is fixed
            try await roster.update(code: officer.code, department: "yjj", with: change, actor: .init("yjj-admin"))
            let stored = try #require(try await roster.find(code: officer.code))
            #expect(stored.status == .onLeave && stored.dept == "yjj")
            let event = try await Self.lastEvent(store.db)
            #expect(event.beforeJSON?.contains("在岗") == true && event.afterJSON?.contains("休假") == true)

            // Another department cannot reach it, whatever the code.
            await #expect(throws: StoreError.notFound(entity: "执法检查人员", key: officer.code)) {
                try await roster.update(code: officer.code, department: "swj", with: change, actor: .init("swj-admin"))
            }
            await #expect(throws: StoreError.notFound(entity: "执法检查人员", key: officer.code)) {
                try await roster.delete(code: officer.code, department: "swj", actor: .init("swj-admin"))
            }
            try await roster.delete(code: officer.code, department: "yjj", actor: .init("yjj-admin"))
            #expect(try await roster.find(code: officer.code) == nil)
            #expect(try await Self.lastEvent(store.db).action == "delete")
            #expect(try await AuditLog.verify(on: store.db).isIntact)
        }
    }

    @Test("conflicts need a reason and a known enterprise, and leave with their inspector", arguments: TestDatabase.available)
    func conflicts(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords)
            let conflicts = ConflictList(db: store.db)
            let officer = try #require(try await InspectorRoster(db: store.db).list(department: "xf").first { !$0.isExpert && $0.code != "" })
            let enterprise = try #require(try await EnterpriseDirectory(db: store.db).search(.init(text: "羊绒"), page: 1, perPage: 1).records.first)
            let before = try await conflicts.list(inspectorCode: officer.code).count

            await #expect(throws: StoreError.invalid("回避原因不能为空")) {
                try await conflicts.add(department: "xf", inspectorCode: officer.code, uscc: enterprise.uscc, reason: "  ", actor: .init("xf-admin"))
            }
            let unknown = USCC.complete(prefix: "91130534MA0000001")!
            await #expect(throws: StoreError.notFound(entity: "检查对象名录库中的企业", key: unknown)) {
                try await conflicts.add(department: "xf", inspectorCode: officer.code, uscc: unknown, reason: "亲属", actor: .init("xf-admin"))
            }
            await #expect(throws: StoreError.notFound(entity: "执法检查人员", key: officer.code)) {
                try await conflicts.add(department: "yjj", inspectorCode: officer.code, uscc: enterprise.uscc, reason: "亲属", actor: .init("yjj-admin"))
            }
            let added = try await conflicts.add(department: "xf", inspectorCode: officer.code, uscc: enterprise.uscc.lowercased(), reason: "配偶在该企业任职", actor: .init("xf-admin"))
            #expect(added.uscc == enterprise.uscc && added.enterpriseName == enterprise.name)
            #expect(try await Self.lastEvent(store.db).entity == "conflict")
            await #expect(throws: StoreError.self) {
                try await conflicts.add(department: "xf", inspectorCode: officer.code, uscc: enterprise.uscc, reason: "重复", actor: .init("xf-admin"))
            }
            #expect(try await conflicts.list(inspectorCode: officer.code).count == before + 1)
            #expect(try await conflicts.conflictSet().pairs.contains(.init(inspector: officer.code, enterprise: enterprise.uscc)))

            try await conflicts.remove(department: "xf", inspectorCode: officer.code, uscc: enterprise.uscc, actor: .init("xf-admin"))
            #expect(try await conflicts.list(inspectorCode: officer.code).count == before)
            let event = try await Self.lastEvent(store.db)
            #expect(event.action == "delete" && event.beforeJSON?.contains("配偶在该企业任职") == true)

            // Deleting an inspector takes its conflicts along, and the audit event names them. (One no
            // published task uses: the demo task's officers cannot be deleted, see FrozenDirectoryTests.)
            let newcomer = InspectorRecord(code: "130534209998", name: "新同志", dept: "yjj", mobile: "13931901234",
                                           certificateExpiry: CivilDate("2030-12-31"))
            try await InspectorRoster(db: store.db).create(newcomer, actor: .init("yjj-admin"))
            let withConflicts = try await conflicts.add(department: "yjj", inspectorCode: newcomer.code, uscc: enterprise.uscc,
                                                        reason: "亲属", actor: .init("yjj-admin"))
            try await InspectorRoster(db: store.db).delete(code: withConflicts.inspectorCode, department: "yjj", actor: .init("yjj-admin"))
            #expect(try await conflicts.list(inspectorCode: withConflicts.inspectorCode).isEmpty)
            #expect(try await Self.lastEvent(store.db).beforeJSON?.contains(withConflicts.uscc) == true)
            #expect(try await AuditLog.verify(on: store.db).isIntact)
        }
    }

    @Test("items are created, updated and deleted per department with audit", arguments: TestDatabase.available)
    func items(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords, directory: false)
            let list = ItemList(db: store.db)
            let item = InspectionItemRecord(dept: "swj", code: "SWJ-009", name: "拍卖企业经营资格检查", subItems: ["经营许可", "", "拍卖程序\n拍卖笔录"],
                                            legalBasis: "《中华人民共和国拍卖法》第十一条", subject: "清河县商务局", scopeTags: [.auction],
                                            methods: [.onSite, .onSite], defaultRatioBasisPoints: 500)
            let created = try await list.create(item, actor: .init("swj-admin"))
            #expect(created.subItems == ["经营许可", "拍卖程序", "拍卖笔录"] && created.methods == [.onSite])
            #expect(try await list.find(department: "swj", code: "SWJ-009") == created)
            await #expect(throws: StoreError.duplicate(entity: "事项编号", key: "SWJ-009")) { try await list.create(item, actor: .init("t")) }
            var noBasis = item
            noBasis.code = "SWJ-010"
            noBasis.legalBasis = ""
            await #expect(throws: StoreError.invalid("抽查依据不能为空")) { try await list.create(noBasis, actor: .init("t")) }

            var change = created
            change.defaultRatioBasisPoints = 1500
            try await list.update(department: "swj", code: "SWJ-009", with: change, actor: .init("swj-admin"))
            #expect(try await list.find(department: "swj", code: "SWJ-009")?.defaultRatioBasisPoints == 1500)
            #expect(try await Self.lastEvent(store.db).entityID == "swj/SWJ-009")
            await #expect(throws: StoreError.notFound(entity: "抽查事项", key: "SWJ-009")) {
                try await list.update(department: "yjj", code: "SWJ-009", with: change, actor: .init("yjj-admin"))
            }
            try await list.delete(department: "swj", code: "SWJ-009", actor: .init("swj-admin"))
            #expect(try await list.list(department: "swj").isEmpty)
            #expect(try await Self.lastEvent(store.db).action == "delete")
            #expect(try await AuditLog.verify(on: store.db).isIntact)
        }
    }
}
