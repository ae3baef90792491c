import FluentKit
import SQLKit
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
import Testing

extension Array {
    func asyncFlatMap<T>(_ transform: (Element) async throws -> [T]) async rethrows -> [T] {
        var out: [T] = []
        for element in self { out += try await transform(element) }
        return out
    }
}

@Suite("Statistics table from recorded results")
struct StatisticsTests {
    /// Results with known counts on the demo task, then every cell of the table checked.
    @Test("every cell of the attachment table", arguments: TestDatabase.available)
    func table(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords)
            let tasks = TaskStore(db: store.db)
            let task = try await tasks.require(DemoSeed.qingheDocumentNumber)
            let sql = store.db as! any SQLDatabase
            func assigned(_ dept: String) async throws -> [String] {
                try await sql.select().column("uscc").from("task_assignments").where("task_id", .equal, task.id)
                    .where("department_code", .equal, dept).orderBy("uscc").all().map { try $0.decode(column: "uscc", as: String.self) }
            }
            let yjj = try await assigned("yjj"), scjg = try await assigned("scjg")
            // The fixture must give yjj a fourth enterprise for the draft below, or "drafts do not count" is never tested.
            try #require(yjj.count >= 4 && scjg.count >= 3)
            let results = ResultStore(db: store.db)
            let dispositions = DispositionStore(db: store.db)
            let items = ["yjj": "YJJ-001", "scjg": "SCJG-001"]
            func input(_ dept: String, problems: Int, onsite: Bool) -> ResultInput {
                var list = [ResultInput.Item(itemCode: items[dept]!, methods: [.onSite], finding: problems > 0 ? "问题一" : "", problem: problems > 0)]
                if problems > 1 { list.append(ResultInput.Item(itemCode: dept == "yjj" ? "YJJ-002" : "SCJG-002", methods: [.documentary], finding: "问题二", problem: true)) }
                return ResultInput(inspectionDate: CivilDate("2024-06-20"), category: problems > 0 ? .pendingFollowUp : .noProblem,
                                   items: list, onsiteAnswer: onsite, onsiteNote: onsite ? "解答了危化品储存要求" : "")
            }
            let office = AuditLog.Actor("t")
            // yjj: 3 results (2 problems + 1 problem + none), 2 on-site answers; one draft that must not count.
            try await results.submit(taskID: task.id, uscc: yjj[0], department: "yjj", input: input("yjj", problems: 2, onsite: true), actor: office)
            try await results.submit(taskID: task.id, uscc: yjj[1], department: "yjj", input: input("yjj", problems: 1, onsite: true), actor: office)
            try await results.submit(taskID: task.id, uscc: yjj[2], department: "yjj", input: input("yjj", problems: 0, onsite: false), actor: office)
            try await results.saveDraft(taskID: task.id, uscc: yjj[3], department: "yjj", input: input("yjj", problems: 2, onsite: true), actor: office)
            try await results.approve(taskID: task.id, uscc: yjj[0], department: "yjj", actor: office)
            // scjg: 1 result with 1 problem.
            try await results.submit(taskID: task.id, uscc: scjg[0], department: "scjg", input: input("scjg", problems: 1, onsite: false), actor: office)
            let day = CivilDate("2024-06-21")!
            try await dispositions.add(taskID: task.id, uscc: yjj[0], department: "yjj", kind: .guidance, form: "提醒", reason: "提醒整改", decidedOn: day, actor: office)
            try await dispositions.add(taskID: task.id, uscc: yjj[0], department: "yjj", kind: .orderCorrection, reason: "责令10日内改正", decidedOn: day, actor: office)
            try await dispositions.add(taskID: task.id, uscc: yjj[1], department: "yjj", kind: .guidance, form: "教育", reason: "教育", decidedOn: day, actor: office)
            try await dispositions.add(taskID: task.id, uscc: yjj[1], department: "yjj", kind: .guidance, form: "建议", reason: "再次建议", decidedOn: day, actor: office)
            try await dispositions.add(taskID: task.id, uscc: yjj[1], department: "yjj", kind: .caseInvestigation, reason: "涉嫌违法", decidedOn: day, actor: office)
            try await dispositions.add(taskID: task.id, uscc: scjg[0], department: "scjg", kind: .abnormalList, reason: "未公示年报", decidedOn: day, actor: office)
            await #expect(throws: StoreError.self) {
                try await dispositions.add(taskID: task.id, uscc: yjj[0], department: "yjj", kind: .abnormalList, reason: "x", decidedOn: day, actor: office)
            }

            let table = try await StatisticsTable.compute(taskIDs: [task.id], on: store.db)
            let record = try #require(try task.record)
            func teamMembers(_ dept: String) -> Int { record.teams.first { $0.dept == dept }!.teams.joined().count }
            #expect(table.rows.map(\.unit) == ["清河县应急管理局", "清河县市场监督管理局", "清河县商务局", "清河县消防救援大队"])
            let y = table.rows[0], s = table.rows[1], w = table.rows[2], x = table.rows[3]
            #expect(y.values == [yjj.count, teamMembers("yjj"), 3, 2, 2, 0, 1, 2])
            #expect(s.values == [scjg.count, teamMembers("scjg"), 1, 1, 0, 1, 0, 0])
            #expect(w.values == [try await assigned("swj").count, teamMembers("swj"), 0, 0, 0, 0, 0, 0])
            #expect(x.values == [try await assigned("xf").count, teamMembers("xf"), 0, 0, 0, 0, 0, 0])
            // 合计 counts each enterprise and each inspector once (issue 15): a jointly inspected
            // enterprise is in several department rows but one 户 in the total.
            let everyAssigned = try await ["yjj", "scjg", "swj", "xf"].asyncFlatMap { try await assigned($0) }
            let sums: [Int] = (0..<8).map { column in
                table.rows.reduce(0) { (sum: Int, row: StatisticsTable.Row) -> Int in sum + row.values[column] }
            }
            #expect(Set(everyAssigned).count < everyAssigned.count, "the demo task must have jointly inspected enterprises")
            let distinctEnterprises: Int = Set(everyAssigned).count
            let members: [String] = record.teams.flatMap { entry in entry.teams.flatMap { $0 } }
            let distinctInspectors: Int = Set(members).count
            let problemEnterprises: Int = Set([yjj[0], yjj[1], scjg[0]]).count
            let twoOfYJJ: Int = Set([yjj[0], yjj[1]]).count
            let expected: [Int] = [distinctEnterprises, distinctInspectors, 4, problemEnterprises, twoOfYJJ, 1, 1, twoOfYJJ]
            #expect(table.total.values == expected)
            #expect(table.total.enterprises < sums[0] && table.total.problemItems == sums[2])
            #expect(table.total.unit == "合计")
            // The same through the date range covering the task.
            let ids = try await StatisticsTable.tasks(from: CivilDate("2024-06-01")!, to: CivilDate("2024-06-30")!, on: store.db)
            #expect(ids == [task.id])

            // Only the approved result is public; search by name part and by code.
            let published = try await PublicResults(db: store.db).search()
            #expect(published.total == 1 && published.entries.first?.uscc == yjj[0])
            #expect(published.entries.first?.items.count == 2)
            #expect(try await PublicResults(db: store.db).search(text: String(yjj[0].suffix(8))).total == 1)
            #expect(PublicResults.csv(published.entries).contains(yjj[0]))

            // Once the draft is submitted it counts: its two problem items, its enterprise and its on-site answer.
            try await results.submit(taskID: task.id, uscc: yjj[3], department: "yjj", input: input("yjj", problems: 2, onsite: true), actor: office)
            let submitted = try await StatisticsTable.compute(taskIDs: [task.id], on: store.db)
            #expect(submitted.rows[0].values == [yjj.count, teamMembers("yjj"), 5, 3, 2, 0, 1, 3])
            #expect(submitted.rows[1...] == table.rows[1...])
            #expect(try await AuditLog.verify(on: store.db).isIntact)
        }
    }
}
