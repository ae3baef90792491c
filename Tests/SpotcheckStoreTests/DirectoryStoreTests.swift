import FluentKit
import SQLKit
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
import Testing

@Suite("Directory, roster and item list storage")
struct DirectoryStoreTests {
    static func enterprise(_ serial: Int, risk: RiskClass = .b, name: String? = nil) -> EnterpriseRecord {
        let body = "91130534" + String(format: "MA%07d", serial)
        let code = USCC.complete(prefix: body)!
        return EnterpriseRecord(uscc: code, name: name ?? "清河县测试企业\(serial)有限公司", legalRepresentative: "张三", address: "清河县",
                                regionCode: "130534", industry: "制造业", tags: [.industryAndTrade], riskClass: risk, status: .active, phone: "")
    }

    @Test("upsert reports added, updated and unchanged", arguments: TestDatabase.available)
    func upsertCounts(database: TestDatabase) async throws {
        try await database.withStore { store in
            let directory = EnterpriseDirectory(db: store.db)
            let first = (1...30).map { Self.enterprise($0) }
            #expect(try await directory.upsert(first, actor: .init("t")) == UpsertCounts(added: 30))
            #expect(try await directory.count() == 30)
            var second = first
            second[0].name = "改名后的企业"
            second[1].riskClass = .d
            second.append(Self.enterprise(31))
            #expect(try await directory.upsert(second, actor: .init("t")) == UpsertCounts(added: 1, updated: 2, unchanged: 28))
            #expect(try await directory.find(uscc: first[0].uscc)?.name == "改名后的企业")
            #expect(try await directory.find(uscc: first[1].uscc)?.riskClass == .d)
            let (found, total) = try await directory.search(.init(riskClass: "D"), page: 1, perPage: 10)
            #expect(total == 1 && found.first?.uscc == first[1].uscc)
            #expect(try await directory.search(.init(text: "改名"), page: 1, perPage: 10).total == 1)
            #expect(try await directory.search(.init(text: String(first[2].uscc.prefix(12))), page: 1, perPage: 10).total >= 1)
            #expect(try await AuditLog.verify(on: store.db).isIntact)
        }
    }

    @Test("the directory is read in code order, batch by batch, each enterprise once", arguments: TestDatabase.available)
    func batchesCoverTheDirectory(database: TestDatabase) async throws {
        try await database.withStore { store in
            let directory = EnterpriseDirectory(db: store.db)
            let records = (1...23).map { Self.enterprise($0 * 7 % 23 + 1) }
            _ = try await directory.upsert(records, actor: .init("test"))
            var batches: [[String]] = []
            try await directory.forEachBatch(size: 5) { batches.append($0.map(\.uscc)) }
            #expect(batches.map(\.count) == [5, 5, 5, 5, 3])
            #expect(batches.flatMap { $0 } == records.map(\.uscc).sorted { $0.utf8Precedes($1) })
        }
    }

    @Test("a failing batch leaves nothing behind", arguments: TestDatabase.available)
    func atomic(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords, directory: false)
            let roster = InspectorRoster(db: store.db)
            let good = InspectorRecord(code: "130534200001", name: "甲", dept: "yjj", certificateExpiry: CivilDate("2027-12-31"))
            let orphan = InspectorRecord(code: "130534200002", name: "乙", dept: "nope", certificateExpiry: CivilDate("2027-12-31"))
            // The unknown department is refused by the database's foreign key, not by a driver or connection failure.
            let refusal = await #expect(throws: (any Error).self) { _ = try await roster.upsert([good, orphan], actor: .init("t")) }
            #expect((refusal as? any DatabaseError)?.isConstraintFailure == true, "\(String(describing: refusal))")
            #expect(try await roster.list(department: nil).isEmpty)
            #expect(try await roster.upsert([good], actor: .init("t")) == UpsertCounts(added: 1))
            #expect(try await roster.list(department: "yjj").map(\.code) == ["130534200001"])
            #expect(try await roster.departmentsByCode() == ["130534200001": "yjj"])
        }
    }

    @Test("items round-trip through the store", arguments: TestDatabase.available)
    func items(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords, directory: false)
            let item = InspectionItemRecord(dept: "yjj", code: "YJ-01", name: "危险化学品及相关企业的安全检查", subItems: ["安全生产许可", "重大危险源管理"],
                                            legalBasis: "《危险化学品安全管理条例》第六条", subject: "清河县应急管理局", scopeTags: [.hazardousChemicals],
                                            methods: [.onSite], defaultRatioBasisPoints: 2000, frequency: "每年一次", materials: ["安全生产许可证"])
            let list = ItemList(db: store.db)
            #expect(try await list.upsert([item], actor: .init("t")) == UpsertCounts(added: 1))
            #expect(try await list.upsert([item], actor: .init("t")) == UpsertCounts(unchanged: 1))
            #expect(try await list.list(department: "yjj") == [item])
            #expect(try await list.list(department: "swj").isEmpty)

            // A later import into a non-empty list (PostgreSQL stages it) updates the item and
            // leaves a retirement alone: the file does not carry it.
            #expect(try await list.setRetired(department: "yjj", code: "YJ-01", retired: true, actor: .init("t")))
            var renamed = item
            renamed.name = "危险化学品企业安全检查"
            let second = InspectionItemRecord(dept: "yjj", code: "YJ-02", name: "烟花爆竹经营单位检查", subItems: [],
                                              legalBasis: "《烟花爆竹安全管理条例》", subject: "清河县应急管理局", scopeTags: [],
                                              methods: [.onSite], defaultRatioBasisPoints: 2000, frequency: "每年一次", materials: [])
            #expect(try await list.upsert([renamed, second], actor: .init("t")) == UpsertCounts(added: 1, updated: 1))
            #expect(try await list.list(department: "yjj").map(\.name) == [renamed.name, second.name])
            #expect(try await list.isRetired(department: "yjj", code: "YJ-01"))
            #expect(try await list.isRetired(department: "yjj", code: "YJ-02") == false)
        }
    }
}
