import FluentKit
import SQLKit
import Foundation
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
@testable import SpotcheckWorkflow
import Testing

/// 年度抽查计划 (issue 16): departments draft, the office publishes once, tasks come from
/// entries (or are 计划外 with a reason), and the plan shows planned · launched · completed.
@Suite("Annual spot-check plan")
struct AnnualPlanTests {
    static let clock = WorkClock.fixed(CivilDate("2025-09-15")!)
    static let office = Principal(userID: UUID(), username: "office", displayName: "田婷婷", role: .officeAdmin,
                                  departmentID: UUID(), departmentCode: "office", departmentName: "县双随机办")
    static let auditor = Principal(userID: UUID(), username: "auditor", displayName: "郭海新", role: .auditor,
                                   departmentID: UUID(), departmentCode: "office", departmentName: "县双随机办")
    static func admin(_ department: String) -> Principal { ConfirmAllTests.admin(department) }

    static func joint(year: Int = 2025) -> AnnualPlanEntry {
        AnnualPlanEntry(year: year, title: "\(year)年度应急管理领域部门联合抽查", leadDepartment: "yjj", cooperatingDepartments: ["scjg", "xf"],
                        field: "应急管理", itemCodes: ["YJJ-001", "SCJG-001", "XF-001"], objectScope: "危化企业", ratioBasisPoints: 2000, months: [5, 6])
    }

    static func single(year: Int = 2025) -> AnnualPlanEntry {
        AnnualPlanEntry(year: year, title: "\(year)年度产品质量抽查", leadDepartment: "scjg", field: "产品质量", itemCodes: ["SCJG-004"],
                        objectScope: "生产企业", ratioBasisPoints: 500, months: [11, 12])
    }

    static func setUp(_ store: StoreDatabase) async throws -> Workflow {
        try await DemoSeed.seed(on: store.db, passwords: store.passwords, directory: true, task: false)
        return Workflow(store: store, clock: clock)
    }

    @Test("plan → published → a task created from an entry → the plan's progress counts it; 计划外 needs a reason",
          arguments: TestDatabase.available)
    func progressFollowsTasks(database: TestDatabase) async throws {
        try await database.withStore { store in
            let workflow = try await Self.setUp(store)
            let joint = try await workflow.addPlanEntry(Self.joint(), by: Self.admin("yjj"))
            let single = try await workflow.addPlanEntry(Self.single(), by: Self.admin("scjg"))
            #expect(joint.entry.isJoint && !single.entry.isJoint)

            // Not yet published: no task from it, and nothing on the public page.
            var plan = DemoSeed.qinghePlan
            plan.documentNumber = "清双随机办〔2025〕5号"
            await #expect(throws: StoreError.self) {
                try await workflow.createTask(plan, origin: .planEntry(joint.entry.id), by: Self.office)
            }
            await #expect(throws: StoreError.self) { try await workflow.publicAnnualPlan(year: 2025) }
            // Only the office approves and publishes; publication comes after approval, and an
            // approved plan is fixed but still not public (nor a source of tasks).
            await #expect(throws: AccessRefusal.self) { try await workflow.approveAnnualPlan(year: 2025, by: Self.admin("yjj")) }
            await #expect(throws: AccessRefusal.self) { try await workflow.publishAnnualPlan(year: 2025, by: Self.admin("yjj")) }
            do {
                try await workflow.publishAnnualPlan(year: 2025, by: Self.office)
                Issue.record("a plan was published before it was approved")
            } catch let error as StoreError {
                #expect(error == .conflict("2025年度抽查计划尚未审定，请先审定再公布"))
            }
            let approved = try await workflow.approveAnnualPlan(year: 2025, by: Self.office)
            #expect(approved.state == .approved && approved.approvedBy == "office" && approved.publishedAt == nil)
            await #expect(throws: StoreError.self) { try await workflow.publicAnnualPlan(year: 2025) }
            await #expect(throws: StoreError.self) {
                try await workflow.createTask(plan, origin: .planEntry(joint.entry.id), by: Self.office)
            }
            try await workflow.publishAnnualPlan(year: 2025, by: Self.office)
            await #expect(throws: StoreError.self) { try await workflow.reopenAnnualPlan(year: 2025, reason: "太晚了", by: Self.office) }

            var view = try await workflow.annualPlan(year: 2025, for: Self.auditor)
            #expect(view.isPublished && view.entries.count == 2)
            // The joint entry's months (5–6) are over on 2025-09-15 with no task: overdue; the single one's are not.
            #expect(view.entries.map(\.statusLabel) == ["逾期未启动", "未启动"])
            #expect(try await workflow.overduePlanEntries(for: Self.office).map(\.entry.id) == [joint.entry.id])
            #expect(try await workflow.overduePlanEntries(for: Self.admin("yjj")).isEmpty)
            let scjgBefore = try #require(view.departments.first { $0.department == "scjg" })
            #expect(scjgBefore == .init(department: "scjg", planned: 2, launched: 0, completed: 0))

            // A task from the joint entry: linked both ways; a draft does not count as launched.
            let task = try await workflow.createTask(plan, origin: .planEntry(joint.entry.id), by: Self.office)
            #expect(task.planEntryID == joint.entry.id && task.offPlanReason.isEmpty)
            #expect(try await workflow.planEntry(of: task)?.entry.title == joint.entry.title)
            view = try await workflow.annualPlan(year: 2025, for: Self.office)
            #expect(view.entries[0].tasks.map(\.id) == [task.id] && !view.entries[0].launched)
            _ = try await workflow.publish(TaskID(task.id), by: Self.office)
            view = try await workflow.annualPlan(year: 2025, for: Self.office)
            #expect(view.entries[0].statusLabel == "已启动")
            #expect(view.departments.first { $0.department == "yjj" } == .init(department: "yjj", planned: 1, launched: 1, completed: 0))
            #expect(view.departments.first { $0.department == "scjg" } == .init(department: "scjg", planned: 2, launched: 1, completed: 0))
            #expect(try await workflow.overduePlanEntries(for: Self.office).isEmpty)
            // Completed tasks count as completed (the state is set directly: the whole inspection is other tests' work).
            try await (store.db as! any SQLDatabase).update("tasks").set("state", to: TaskState.completed.rawValue).where("id", .equal, task.id).run()
            view = try await workflow.annualPlan(year: 2025, for: Self.office)
            #expect(view.entries[0].statusLabel == "已完成")
            #expect(view.departments.first { $0.department == "xf" } == .init(department: "xf", planned: 1, launched: 1, completed: 1))
            // The entry a task came from cannot be deleted (and the plan is published anyway).
            await #expect(throws: StoreError.self) { try await workflow.deletePlanEntry(joint.entry.id, by: Self.office) }

            // 计划外: a reason is required and kept.
            var offPlan = DemoSeed.qinghePlan
            offPlan.documentNumber = "清双随机办〔2025〕6号"
            await #expect(throws: StoreError.self) { try await workflow.createTask(offPlan, origin: .offPlan(reason: "  "), by: Self.office) }
            let outside = try await workflow.createTask(offPlan, origin: .offPlan(reason: "上级部署的专项抽查"), by: Self.office)
            #expect(outside.planEntryID == nil && outside.offPlanReason == "上级部署的专项抽查")
            let event = try await AuditEventModel.query(on: store.db).filter(\.$entity == "task").filter(\.$entityID == String(outside.id)).first()
            #expect(event?.afterJSON?.contains("上级部署的专项抽查") == true)
        }
    }

    @Test("a department admin edits only the entries its department leads, and nobody edits after publication",
          arguments: TestDatabase.available)
    func departmentRule(database: TestDatabase) async throws {
        try await database.withStore { store in
            let workflow = try await Self.setUp(store)
            // Drafting for another department is refused.
            await #expect(throws: AccessRefusal.self) { try await workflow.addPlanEntry(Self.single(), by: Self.admin("yjj")) }
            let own = try await workflow.addPlanEntry(Self.joint(), by: Self.admin("yjj"))
            var changed = Self.joint()
            changed.title = "改名"
            await #expect(throws: AccessRefusal.self) { try await workflow.updatePlanEntry(own.entry.id, with: changed, by: Self.admin("scjg")) }
            await #expect(throws: AccessRefusal.self) { try await workflow.deletePlanEntry(own.entry.id, by: Self.admin("xf")) }
            await #expect(throws: AccessRefusal.self) { try await workflow.addPlanEntry(Self.joint(), by: Self.auditor) }
            // Moving one's own entry to another department is refused too.
            var moved = Self.joint()
            moved.leadDepartment = "scjg"
            await #expect(throws: AccessRefusal.self) { try await workflow.updatePlanEntry(own.entry.id, with: moved, by: Self.admin("yjj")) }
            let renamed = try await workflow.updatePlanEntry(own.entry.id, with: changed, by: Self.admin("yjj"))
            #expect(renamed.entry.title == "改名" && renamed.entry.year == 2025)

            // Bad entries are refused with the field named.
            var bad = Self.joint()
            bad.itemCodes = ["SWJ-001"]  // 商务局 does not take part
            do {
                _ = try await workflow.addPlanEntry(bad, by: Self.admin("yjj"))
                Issue.record("an item outside the participating departments' lists was accepted")
            } catch let error as AnnualPlanEntryInvalid {
                #expect(error.problems.map(\.field) == ["item_codes"])
            }
            bad = Self.joint()
            bad.months = [13]
            await #expect(throws: AnnualPlanEntryInvalid.self) { try await workflow.addPlanEntry(bad, by: Self.admin("yjj")) }

            // Approved: nobody edits, not even the office, until it is sent back (with a reason).
            try await workflow.approveAnnualPlan(year: 2025, by: Self.office)
            do {
                _ = try await workflow.updatePlanEntry(own.entry.id, with: Self.joint(), by: Self.admin("yjj"))
                Issue.record("an entry was edited after approval")
            } catch let error as StoreError {
                #expect(error == .conflict("2025年度抽查计划已审定，条目不能再修改（如需修改，请办公室先退回修改）"))
            }
            await #expect(throws: StoreError.self) { try await workflow.planEntryForEditing(own.entry.id, by: Self.admin("yjj")) }
            await #expect(throws: AccessRefusal.self) { try await workflow.reopenAnnualPlan(year: 2025, reason: "补充条目", by: Self.admin("yjj")) }
            await #expect(throws: StoreError.self) { try await workflow.reopenAnnualPlan(year: 2025, reason: "  ", by: Self.office) }
            let reopened = try await workflow.reopenAnnualPlan(year: 2025, reason: "应急管理局补充抽查事项", by: Self.office)
            #expect(reopened.state == .drafting && reopened.approvedAt == nil)
            let reason = try await AuditEventModel.query(on: store.db).filter(\.$action == "reopen").first()
            #expect(reason?.afterJSON?.contains("应急管理局补充抽查事项") == true)
            // The departments that lead an entry are told, with the reason (a message in the same transaction).
            let returned = try await (store.db as! any SQLDatabase).select().columns("recipient", "body").from("messages")
                .where("kind", .equal, MessageKind.planReturned.rawValue).all()
            #expect(try returned.map { try $0.decode(column: "recipient", as: String.self) } == ["yjj-admin"])
            #expect(try returned.allSatisfy { try $0.decode(column: "body", as: String.self).contains("应急管理局补充抽查事项") })
            changed.title = "再次修改"
            _ = try await workflow.updatePlanEntry(own.entry.id, with: changed, by: Self.admin("yjj"))
            await #expect(throws: StoreError.self) { try await workflow.reopenAnnualPlan(year: 2025, reason: "再退", by: Self.office) }

            try await workflow.approveAnnualPlan(year: 2025, by: Self.office)
            try await workflow.publishAnnualPlan(year: 2025, by: Self.office)
            do {
                _ = try await workflow.updatePlanEntry(own.entry.id, with: Self.joint(), by: Self.office)
                Issue.record("an entry was edited after publication")
            } catch let error as StoreError {
                #expect(error == .conflict("2025年度抽查计划已公布，条目不能再修改"))
            }
            await #expect(throws: StoreError.self) { try await workflow.addPlanEntry(Self.joint(), by: Self.admin("yjj")) }
            await #expect(throws: StoreError.self) { try await workflow.publishAnnualPlan(year: 2025, by: Self.office) }
            #expect(try await workflow.annualPlan(year: 2025, for: Self.office).entries.map(\.entry.title) == ["再次修改"])
        }
    }

    @Test("approval races: of parallel approvals and edits, one approval wins and no edit lands after it; of parallel publications, one",
          arguments: TestDatabase.available)
    func publishOnce(database: TestDatabase) async throws {
        try await database.withStore { store in
            let workflow = try await Self.setUp(store)
            let entry = try await workflow.addPlanEntry(Self.joint(), by: Self.admin("yjj"))
            let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        do {
                            if index.isMultiple(of: 2) {
                                try await workflow.approveAnnualPlan(year: 2025, by: Self.office)
                                return "approved"
                            }
                            var edited = Self.joint()
                            edited.title = "并发修改 \(index)"
                            _ = try await workflow.updatePlanEntry(entry.entry.id, with: edited, by: Self.admin("yjj"))
                            return "edited"
                        } catch let error as StoreError {
                            if case .conflict = error { return "refused" }
                            throw error
                        }
                    }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == "approved" }.count == 1)
            let approvals = try await AuditEventModel.query(on: store.db).filter(\.$entity == "annual_plan").filter(\.$action == "approve").all()
            #expect(approvals.count == 1)
            // Every edit that landed is audited before the approval (the audit log is in commit order).
            let events = try await AuditEventModel.query(on: store.db).filter(\.$entity ~~ ["annual_plan", "plan_entry"]).sort(\.$id).all()
            let approvedAt = try #require(events.firstIndex { $0.action == "approve" })
            #expect(!events[(approvedAt + 1)...].contains { $0.action == "update" })
            #expect(events.filter { $0.action == "update" }.count == outcomes.filter { $0 == "edited" }.count)

            // Parallel publications of the approved plan: exactly one.
            let published = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        do {
                            try await workflow.publishAnnualPlan(year: 2025, by: Self.office)
                            return true
                        } catch let error as StoreError {
                            if case .conflict = error { return false }
                            throw error
                        }
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(published.filter { $0 }.count == 1)
            #expect(try await AuditEventModel.query(on: store.db).filter(\.$entity == "annual_plan").filter(\.$action == "publish").count() == 1)
        }
    }

    @Test("a plan file: every bad row reported by its line and nothing written; the export imports back the same entries",
          arguments: TestDatabase.available)
    func fileRoundTrip(database: TestDatabase) async throws {
        try await database.withStore { store in
            let workflow = try await Self.setUp(store)
            let header = Workflow.planFileColumns.joined(separator: ",")
            let bad = """
                \(header)
                应急管理联合抽查,清河县应急管理局,清河县市场监督管理局、消防,应急管理,YJJ-001,危化企业,20%,5–6月
                产品质量抽查,scjg,,产品质量,SCJG-004,生产企业,150%,9月
                消防抽查,xf,,消防安全,XF-002,人员密集场所,3%,13月
                """
            do {
                _ = try await workflow.importPlanFile(Data(bad.utf8), fileName: "plan.csv", year: 2025, by: Self.office)
                Issue.record("a file with bad rows was imported")
            } catch let error as Workflow.PlanFileInvalid {
                #expect(error.issues.map(\.line) == [2, 3, 4], "\(error)")
                #expect(error.issues[0].message.contains("未知部门「消防」"))
                #expect(error.issues[1].field == "抽查比例" && error.issues[2].field == "实施月份")
            }
            #expect(try await workflow.annualPlan(year: 2025, for: Self.office).entries.isEmpty)

            // A department admin's file holds only its own entries.
            let good = """
                \(header)
                应急管理联合抽查,清河县应急管理局,清河县市场监督管理局、xf,应急管理,YJJ-001、SCJG-001,危化企业,20%,5–6月
                产品质量抽查,scjg,,产品质量,SCJG-004,生产企业,5%,"3月、9月"
                """
            await #expect(throws: Workflow.PlanFileInvalid.self) {
                try await workflow.importPlanFile(Data(good.utf8), fileName: "plan.csv", year: 2025, by: Self.admin("yjj"))
            }
            let added = try await workflow.importPlanFile(Data(good.utf8), fileName: "plan.csv", year: 2025, by: Self.office)
            #expect(added.map(\.entry.cooperatingDepartments) == [["scjg", "xf"], []])
            #expect(added.map(\.entry.months) == [[5, 6], [3, 9]])
            #expect(added.map(\.entry.ratioBasisPoints) == [2000, 500])

            // Export, then import the file into the next year: the same entries.
            let workbook = try await workflow.annualPlanWorkbook(year: 2025, principal: Self.office)
            let again = try await workflow.importPlanFile(workbook, fileName: "2025年度抽查计划.xlsx", year: 2026, by: Self.office)
            func content(_ e: AnnualPlanEntry) -> [String] {
                [e.title, e.leadDepartment, e.cooperatingDepartments.joined(separator: ";"), e.field, e.itemCodes.joined(separator: ";"),
                 e.objectScope, String(e.ratioBasisPoints), e.monthsText]
            }
            #expect(again.map { content($0.entry) } == added.map { content($0.entry) })
            #expect(again.allSatisfy { $0.entry.year == 2026 })
        }
    }

    @Test("months and ratios read as an office writes them")
    func parsing() {
        #expect(AnnualPlanEntry.parseMonths("5–6月") == [5, 6])
        #expect(AnnualPlanEntry.parseMonths("3月、9月") == [3, 9])
        #expect(AnnualPlanEntry.parseMonths("全年") == Array(1...12))
        #expect(AnnualPlanEntry.parseMonths("6-5") == nil && AnnualPlanEntry.parseMonths("13") == nil && AnnualPlanEntry.parseMonths("") == nil)
        #expect(AnnualPlanEntry.parseMonths("99999999999999999999") == nil)
        #expect(AnnualPlanEntry.parseRatio("5%") == 500 && AnnualPlanEntry.parseRatio("12.5") == 1250 && AnnualPlanEntry.parseRatio("0.05") == 5)
        #expect(AnnualPlanEntry.parseRatio("0") == nil && AnnualPlanEntry.parseRatio("100.01") == nil && AnnualPlanEntry.parseRatio("1e3") == nil)
        #expect(AnnualPlanEntry.parseRatio("99999999999999999999") == nil)
        #expect(AnnualPlanEntry.ratioText(1250) == "12.5%" && AnnualPlanEntry.ratioText(5) == "0.05%" && AnnualPlanEntry.ratioText(2000) == "20%")
        #expect(AnnualPlanEntry.monthsText([3, 5, 6, 7, 12]) == "3月、5–7月、12月")
    }
}
