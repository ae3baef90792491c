import FluentKit
import Foundation
import SQLKit
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
import Testing

@Suite("一企一表 and group reports in the store")
struct InspectionFormTests {
    static let office = AuditLog.Actor("office")
    static let documentNumber = "清双随机办〔2024〕88号"

    /// The Qinghe plan under its own 文号, driven to 已匹配 with one rejected enterprise (so an
    /// inactive one exists), every confirmation and every department's inspector draw.
    static func matchedTask(_ db: any Database) async throws -> (task: TaskInfo, rejected: String) {
        let tasks = TaskStore(db: db)
        var plan = DemoSeed.qinghePlan
        plan.documentNumber = documentNumber
        let day = CivilDate("2024-06-07")!
        let task = try await tasks.create(plan, actor: office)
        let reference = String(task.id)
        _ = try await tasks.publish(reference, actor: office, today: day)
        _ = try await tasks.draw(reference, entropy: "2024-06-07-witness-101-202", actor: office, today: day)
        let first = try #require(try await tasks.dispatches(task.id).first { $0.departments.contains("scjg") })
        try await tasks.reject(reference, uscc: first.uscc, department: "scjg", reason: "已注销", actor: .init("scjg-admin"), today: day)
        for dispatch in try await tasks.dispatches(task.id) where dispatch.active {
            for dept in dispatch.departments {
                try await tasks.confirm(reference, uscc: dispatch.uscc, department: dept, actor: .init("\(dept)-admin"))
            }
        }
        for department in plan.departments {
            try await tasks.drawInspectors(reference, department: department.department, actor: .init("\(department.department)-admin"))
        }
        return (try await tasks.match(reference, actor: office), first.uscc)
    }

    @Test("the form lists every applicable item by field tag, the materials and the joint team, lead department first",
          arguments: TestDatabase.available)
    func formContents(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords, directory: true)
            let (task, rejected) = try await Self.matchedTask(store.db)
            let tasks = TaskStore(db: store.db)
            let items = try await ItemList(db: store.db).list(department: nil)
            let roster = Dictionary(uniqueKeysWithValues: try await InspectorRoster(db: store.db).list(department: nil).map { ($0.code, $0) })
            let sql = store.db as! any SQLDatabase
            let active = try await tasks.dispatches(task.id).filter(\.active)
            #expect(!active.isEmpty)

            var excludedSomewhere = false
            for dispatch in active {
                let form = try await tasks.form(taskID: task.id, uscc: dispatch.uscc)
                let record = try #require(try await EnterpriseDirectory(db: store.db).find(uscc: dispatch.uscc))
                #expect(form.documentNumber == Self.documentNumber && form.title == task.title)
                #expect(form.periodStart == CivilDate("2024-05-27")! && form.periodEnd == CivilDate("2024-07-31")!)
                #expect(form.enterprise.name == record.name && form.enterprise.legalRepresentative == record.legalRepresentative)
                #expect(form.enterprise.address == record.address && form.enterprise.phone == record.phone)
                #expect(form.enterprise.tags == record.tags && form.enterprise.riskClass == dispatch.stratum)
                #expect(Set(form.departments.map(\.department)) == Set(dispatch.departments))

                // Lead department (应急管理局) first and marked, when it takes part.
                if dispatch.departments.contains("yjj") {
                    #expect(form.departments.first?.department == "yjj" && form.departments.first?.isLead == true)
                    #expect(form.team.first?.department == "yjj")
                }
                #expect(form.departments.filter(\.isLead).allSatisfy { $0.department == "yjj" })

                for part in form.departments {
                    let plan = try #require(task.plan.departments.first { $0.department == part.department })
                    // Applicable: the item's scope tags meet the enterprise's, or the item has none.
                    let expected = plan.itemCodes.filter { code in
                        guard let item = items.first(where: { $0.dept == part.department && $0.code == code }) else { return false }
                        return item.scopeTags.isEmpty || !Set(item.scopeTags).isDisjoint(with: record.tags)
                    }
                    #expect(part.items.map(\.code) == expected)
                    if expected.count < plan.itemCodes.count { excludedSomewhere = true }
                    for item in part.items {
                        let source = try #require(items.first { $0.dept == part.department && $0.code == item.code })
                        #expect(item.methods == source.methods && item.subItems == source.subItems && item.legalBasis == source.legalBasis)
                    }
                    #expect(part.materials == plan.materials)

                    // The team is the one task_assignments names, in position order, with roster facts.
                    let teamIndex = try #require(try await sql.select().column("team_index").from("task_assignments")
                        .where("task_id", .equal, task.id).where("uscc", .equal, dispatch.uscc)
                        .where("department_code", .equal, part.department).first()?.decode(column: "team_index", as: Int.self))
                    #expect(part.teamIndex == teamIndex)
                    let codes = try await sql.select().column("inspector_code").from("task_team_members")
                        .where("task_id", .equal, task.id).where("department_code", .equal, part.department)
                        .where("team_index", .equal, teamIndex).orderBy("position").all()
                        .map { try $0.decode(column: "inspector_code", as: String.self) }
                    #expect(part.team.map(\.code) == codes)
                    #expect(part.team.count == task.plan.teamSize)
                    #expect(part.team.first?.isTeamHead == true && part.team.dropFirst().allSatisfy { !$0.isTeamHead })
                    for member in part.team {
                        #expect(member.name == roster[member.code]?.name && member.mobile == roster[member.code]?.mobile)
                        #expect(!member.mobile.isEmpty && member.department == part.department && member.departmentName != part.department)
                    }
                }
            }
            // The demo directory mixes fields, so some enterprise misses an item of its department (e.g. a 工贸
            // enterprise does not get 应急管理局's 危险化学品 item).
            #expect(excludedSomewhere)

            // A rejected enterprise has no form; an unknown one neither.
            await #expect(throws: StoreError.self) { try await tasks.form(taskID: task.id, uscc: rejected) }
            await #expect(throws: StoreError.self) { try await tasks.form(taskID: task.id, uscc: "91130000000000000X") }

            // The list has every active enterprise once, in draw order, with a team per department.
            let summaries = try await tasks.forms(taskID: task.id)
            #expect(summaries.map(\.uscc) == active.map(\.uscc))
            for (summary, dispatch) in zip(summaries, active) {
                #expect(Set(summary.teams.map(\.department)) == Set(dispatch.departments))
                if dispatch.departments.contains("yjj") { #expect(summary.teams.first?.isLead == true) }
                #expect(summary.teams.allSatisfy { $0.members.count == 2 })
            }
        }
    }

    @Test("an inspector's forms are those of the inspector's team; group reports list enterprise → members",
          arguments: TestDatabase.available)
    func inspectorFormsAndGroups(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords, directory: true)
            let (task, rejected) = try await Self.matchedTask(store.db)
            let tasks = TaskStore(db: store.db)
            let active = try await tasks.dispatches(task.id).filter(\.active)

            for plan in task.plan.departments {
                let report = try await tasks.groupReport(taskID: task.id, department: plan.department)
                #expect(report.isLead == (plan.department == "yjj"))
                #expect(report.submittedAt == nil)
                // Every active enterprise of the department once; the rejected one never.
                #expect(Set(report.rows.map(\.uscc)) == Set(active.filter { $0.departments.contains(plan.department) }.map(\.uscc)))
                #expect(report.rows.count == Set(report.rows.map(\.uscc)).count)
                #expect(!report.rows.contains { $0.uscc == rejected })
                #expect(report.rows.map(\.teamIndex) == report.rows.map(\.teamIndex).sorted())
                #expect(report.rows.allSatisfy { $0.members.count == 2 && $0.members.allSatisfy { !$0.name.isEmpty && !$0.mobile.isEmpty } })

                // Each member's own list is exactly the enterprises of the member's team.
                let row = try #require(report.rows.first)
                for member in row.members {
                    let mine = try await tasks.formsForInspector(code: member.code).filter { $0.taskID == task.id }
                    let expected = report.rows.filter { $0.teamIndex == row.teamIndex }.map(\.uscc)
                    #expect(Set(mine.map(\.uscc)) == Set(expected))
                    #expect(mine.allSatisfy { $0.department == plan.department && $0.teamIndex == row.teamIndex })
                    #expect(mine.allSatisfy { $0.isLeadDepartment == (plan.department == "yjj") && $0.documentNumber == Self.documentNumber })
                    #expect(try await tasks.isAssigned(inspector: member.code, taskID: task.id, uscc: row.uscc))
                }
                if let other = report.rows.first(where: { $0.teamIndex != row.teamIndex }) {
                    #expect(try await !tasks.isAssigned(inspector: row.members[0].code, taskID: task.id, uscc: other.uscc))
                }
            }
            #expect(try await tasks.formsForInspector(code: "NO-SUCH-CODE").isEmpty)
            #expect(try await tasks.formsForInspector(code: "").isEmpty)
            await #expect(throws: StoreError.self) { try await tasks.groupReport(taskID: task.id, department: "office") }

            // 提交办公室: recorded with its time and audited; a department that is not in the task cannot.
            let when = Date(timeIntervalSince1970: 1_718_000_000)
            try await tasks.submitGroupReport(taskID: task.id, department: "swj", actor: .init("swj-admin"), now: when)
            let submitted = try await tasks.groupReport(taskID: task.id, department: "swj").submittedAt
            #expect(abs((submitted ?? .distantPast).timeIntervalSince(when)) < 1)
            #expect(try await tasks.groupSubmissions(taskID: task.id)["scjg"] == .some(nil))
            await #expect(throws: StoreError.self) {
                try await tasks.submitGroupReport(taskID: task.id, department: "office", actor: .init("office"))
            }
            let events = try await AuditEventModel.query(on: store.db).filter(\.$action == "submit-groups").all()
            #expect(events.count == 1)
            #expect(try await AuditLog.verify(on: store.db).isIntact)
        }
    }

    @Test("before matching there are no forms or group reports", arguments: TestDatabase.available)
    func beforeMatching(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords, directory: true)
            let tasks = TaskStore(db: store.db)
            var plan = DemoSeed.qinghePlan
            plan.documentNumber = Self.documentNumber
            let task = try await tasks.create(plan, actor: Self.office)
            _ = try await tasks.publish(String(task.id), actor: Self.office, today: CivilDate("2024-06-07")!)
            await #expect(throws: StoreError.self) { try await tasks.forms(taskID: task.id) }
            await #expect(throws: StoreError.self) { try await tasks.groupReport(taskID: task.id, department: "yjj") }
            await #expect(throws: StoreError.self) {
                try await tasks.submitGroupReport(taskID: task.id, department: "yjj", actor: .init("yjj-admin"))
            }
        }
    }
}
