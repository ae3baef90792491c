import SpotcheckCore
@testable import SpotcheckStore
import SpotcheckTestSupport
import Testing

/// Publication reads the directory through driver-specific fast paths and keeps the parsed list
/// in memory for the draw (`ActiveEnterpriseScan`, `FrozenInputsCache`). Both are only correct if
/// they give exactly what the general definition gives: the scope rule of Core over every
/// enterprise, and the stored `objects.csv` parsed as a verifier parses it.
@Suite("Publication's candidate scan")
struct CandidateScanTests {
    @Test("the scan gives exactly the in-scope enterprises, and the in-memory list equals the stored file parsed",
          arguments: TestDatabase.available)
    func scanEqualsDefinition(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords, directory: true, task: false)
            // An in-scope enterprise in another county, which the region prefix must leave out.
            let outside = try #require(USCC.complete(prefix: "91130500MA0X00001"))
            _ = try await EnterpriseDirectory(db: store.db).upsert([EnterpriseRecord(
                uscc: outside, name: "邻县危化品有限公司", legalRepresentative: "李四", address: "邻县", regionCode: "130500",
                industry: "化工", tags: [.hazardousChemicals], riskClass: .a, status: .active, phone: "")], actor: .init("test"))

            let tasks = TaskStore(db: store.db)
            let plan = DemoSeed.qinghePlan
            let scanned = try await tasks.candidateText(plan: plan, excludingTask: 0)

            let applicability = try await tasks.departmentApplicability(plan: plan)
            var expected: [String: [String]] = [:]
            var outOfScope = 0
            try await EnterpriseDirectory(db: store.db).forEach { enterprise in
                let depts = applicability.departments(for: enterprise.tags)
                if plan.scope.admits(status: enterprise.status, regionCode: enterprise.regionCode, tags: enterprise.tags), !depts.isEmpty {
                    expected[enterprise.uscc] = depts
                } else {
                    outOfScope += 1
                }
            }
            #expect(expected[outside] == nil)
            #expect(outOfScope > 1)  // the demo also has deregistered enterprises and fields outside the task
            #expect(scanned.count == expected.count)

            // Slices of 7 rowids on SQLite / 3 hash buckets on PostgreSQL read the same rows.
            var sliced: [String: String] = [:]
            try await ActiveEnterpriseScan(sql: store.sql, sqliteSliceRows: 7, postgresSlices: 3).forEach(regionPrefix: "130534") {
                sliced[$0.uscc] = $0.riskClass + "|" + $0.tags
            }
            var whole: [String: String] = [:]
            try await ActiveEnterpriseScan(sql: store.sql).forEach(regionPrefix: "130534") { whole[$0.uscc] = $0.riskClass + "|" + $0.tags }
            #expect(sliced == whole)
            #expect(whole[outside] == nil && whole.count > expected.count)  // region only: out-of-scope fields stay in

            let parsed = try DrawInputCSV.objects(scanned.text)
            let inMemory = try EnterpriseList(scanned.builder, departments: scanned.departments)
            #expect(parsed.candidates.count == expected.count)
            #expect(inMemory.candidates.count == expected.count)
            for position in 0..<parsed.candidates.count {
                let id = parsed.candidates.id(at: position)
                #expect(inMemory.candidates.id(at: position) == id)
                #expect(inMemory.departments[position] == parsed.departments[position])
                #expect(parsed.departments[position] == expected[id])
            }
            #expect(parsed.candidates.strata.map(\.name) == inMemory.candidates.strata.map(\.name))
            for (a, b) in zip(parsed.candidates.strata, inMemory.candidates.strata) {
                #expect(parsed.candidates.digest(of: a) == inMemory.candidates.digest(of: b))
            }
        }
    }

    @Test("enterprises another task drew within the last N months are left out; the task's own draw is not",
          arguments: TestDatabase.available)
    func recentlyDrawnAreExcluded(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords, directory: true, task: true)
            let tasks = TaskStore(db: store.db)
            let demo = try await tasks.require(DemoSeed.qinghePlan.documentNumber)
            let drawn = Set(try await tasks.dispatches(demo.id).filter(\.active).map(\.uscc))
            #expect(drawn.count > 10)

            func ids(_ plan: TaskPlan, excluding taskID: Int) async throws -> Set<String> {
                let list = try DrawInputCSV.objects(try await tasks.candidateText(plan: plan, excludingTask: taskID).text).candidates
                return Set((0..<list.count).map { list.id(at: $0) })
            }
            var plan = DemoSeed.qinghePlan
            let everyone = try await ids(plan, excluding: 0)
            #expect(drawn.isSubset(of: everyone))
            plan.scope.excludeInspectedWithinMonths = 6
            #expect(try await ids(plan, excluding: 0) == everyone.subtracting(drawn))
            #expect(try await ids(plan, excluding: demo.id) == everyone)
        }
    }

    @Test("a stored value holding a separator stops the scan instead of being misread")
    func separatorInDataIsRefused() throws {
        var rows: [String] = []
        try ActiveEnterpriseScan.split("A\u{1F}B\u{1F}工贸\u{1E}C\u{1F}D\u{1F}", { let facts = $0.facts; rows.append(facts.uscc + facts.riskClass + facts.tags) })
        #expect(rows == ["AB工贸", "CD"])
        #expect(throws: StoreError.self) { try ActiveEnterpriseScan.split("A\u{1F}B\u{1F}x\u{1F}y", { _ in }) }
        #expect(throws: StoreError.self) { try ActiveEnterpriseScan.split("A\u{1F}B\u{1E}C", { _ in }) }
    }
}
