import FluentKit
import SQLKit
import Foundation
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
@testable import SpotcheckWorkflow
import Testing

/// 约定时间 (issue 16): the lead department proposes, the others accept, clashes are refused by
/// name, and the inspector's iCalendar feed lists exactly the agreed visits.
@Suite("Joint visits")
struct VisitTests {
    static let clock = WorkClock.fixed(CivilDate("2024-06-01")!)

    static func principal(_ db: any Database, _ username: String) async throws -> Principal {
        let user = try #require(try await UserModel.query(on: db).filter(\.$username == username).with(\.$department).first())
        return Principal(userID: try user.requireID(), username: user.username, displayName: user.displayName,
                         role: try #require(Role(rawValue: user.role)), departmentID: user.$department.id,
                         departmentCode: user.department.code, departmentName: user.department.name)
    }

    /// The demo's matched task, and enterprises yjj-01 inspects with the departments at each.
    static func setUp(_ store: StoreDatabase) async throws -> (Workflow, TaskInfo, [(uscc: String, departments: [String])]) {
        try await DemoSeed.seed(on: store.db, passwords: store.passwords)
        let workflow = Workflow(store: store, clock: clock)
        let task = try #require(try await TaskStore(db: store.db).find(DemoSeed.qingheDocumentNumber))
        let code = try await workflow.inspectorCode(of: try await principal(store.db, "yjj-01"))
        var mine: [(String, [String])] = []
        for assignment in try await TaskStore(db: store.db).formsForInspector(code: code) where assignment.taskID == task.id {
            mine.append((assignment.uscc, try await VisitStore(db: store.db).departments(taskID: task.id, uscc: assignment.uscc)))
        }
        return (workflow, task, mine)
    }

    static let morning = VisitStore.Proposal(date: CivilDate("2024-06-04")!, halfDay: .morning, time: "09:30", place: "企业正门")

    @Test("the lead proposes first, every department accepts, a second acceptance and a clash are refused", arguments: TestDatabase.available)
    func proposeAcceptClash(database: TestDatabase) async throws {
        try await database.withStore { store in
            let (workflow, task, mine) = try await Self.setUp(store)
            let id = TaskID(task.id)
            let lead = try await Self.principal(store.db, "yjj-01")
            let joint = try #require(mine.first { $0.departments.contains("scjg") })
            let enterprise = USCC(rawValue: joint.uscc)

            // A cooperating department cannot make the first proposal; an inspector not on the team cannot propose at all.
            await #expect(throws: AccessRefusal.self) {
                try await workflow.proposeVisit(task: id, enterprise: enterprise, Self.morning, by: try await Self.principal(store.db, "scjg-admin"))
            }
            let stranger = try await Self.principal(store.db, "xf-01")
            if !joint.departments.contains("xf") {
                await #expect(throws: AccessRefusal.self) { try await workflow.proposeVisit(task: id, enterprise: enterprise, Self.morning, by: stranger) }
            }
            // Outside the task's period.
            var late = Self.morning
            late.date = CivilDate("2024-08-01")!
            await #expect(throws: StoreError.self) { try await workflow.proposeVisit(task: id, enterprise: enterprise, late, by: lead) }

            let proposed = try await workflow.proposeVisit(task: id, enterprise: enterprise, Self.morning, by: lead)
            #expect(proposed.visit.state == .proposed && proposed.warnings.isEmpty)
            #expect(proposed.visit.acceptances.map(\.department) == ["yjj"])
            var visit = proposed.visit
            for department in joint.departments where department != "yjj" {
                visit = try await workflow.acceptVisit(task: id, enterprise: enterprise, visit: visit.id,
                                                       by: try await Self.principal(store.db, "\(department)-admin"))
            }
            #expect(visit.state == .agreed && Set(visit.acceptances.map(\.department)) == Set(joint.departments))
            await #expect(throws: StoreError.self) {
                try await workflow.acceptVisit(task: id, enterprise: enterprise, visit: visit.id, by: try await Self.principal(store.db, "scjg-admin"))
            }

            // Another of yjj-01's enterprises in the same half-day: refused, naming the first enterprise.
            let other = try #require(mine.first { $0.uscc != joint.uscc })
            let firstName = try #require(try await EnterpriseDirectory(db: store.db).names(of: [joint.uscc])[joint.uscc])
            do {
                _ = try await workflow.proposeVisit(task: id, enterprise: USCC(rawValue: other.uscc), Self.morning, by: lead)
                Issue.record("a clash for one inspector was accepted")
            } catch let clash as VisitStore.Clash {
                #expect(clash.otherEnterprise == firstName && !clash.inspector.isEmpty && !clash.inspector.allSatisfy(\.isASCII))
                #expect(clash.description.hasPrefix(clash.inspector + "2024年6月4日上午"))
                #expect(clash.description.contains("「\(firstName)」"))
            }
            // The refusal is in the audit log (with the reason), and nothing of the attempt was kept.
            let refusals = try await AuditEventModel.query(on: store.db).filter(\.$action == "refuse-visit")
                .filter(\.$actor == "yjj-01").filter(\.$entityID == "\(task.id)/\(other.uscc)").all()
            #expect(refusals.count == 1 && (refusals.first?.afterJSON ?? "").contains(firstName))
            #expect(try await VisitStore(db: store.db).current(taskID: task.id)[other.uscc]?.date != Self.morning.date)
            // The afternoon is free; a Saturday is accepted with a warning.
            var saturday = Self.morning
            saturday.date = CivilDate("2024-06-08")!
            saturday.halfDay = .afternoon
            saturday.time = ""
            let weekend = try await workflow.proposeVisit(task: id, enterprise: USCC(rawValue: other.uscc), saturday, by: lead)
            #expect(weekend.warnings == ["2024年6月8日是休息日（按工作日日历），请确认企业当天有人接待"])

            // Another time replaces the agreement; the board and the agenda follow.
            var moved = Self.morning
            moved.date = CivilDate("2024-06-05")!
            let again = try await workflow.proposeVisit(task: id, enterprise: enterprise, moved, by: try await Self.principal(store.db, "scjg-admin"))
            #expect(again.visit.state == .proposed && again.visit.proposedDepartment == "scjg")
            #expect(try await VisitStore(db: store.db).visit(id: visit.id)?.state == .replaced)
            let board = try await workflow.visitBoard(task: id, for: try await Self.principal(store.db, "office"))
            #expect(board.rows.first { $0.uscc == joint.uscc }?.visit?.id == again.visit.id)
            #expect(board.agreed == 0)
            // A department admin sees only its own department's enterprises (the lead's admin all).
            let swjBoard = try await workflow.visitBoard(task: id, for: try await Self.principal(store.db, "swj-admin"))
            #expect(swjBoard.rows.allSatisfy { $0.departments.contains("swj") } && swjBoard.rows.count < board.rows.count)
            let agenda = try await workflow.agenda(for: lead)
            #expect(Set(agenda.map(\.visit.id)) == [again.visit.id, weekend.visit.id])
        }
    }

    @Test("the calendar feed lists exactly the inspector's agreed visits; a renewed or revoked address stops working",
          arguments: TestDatabase.available)
    func feed(database: TestDatabase) async throws {
        try await database.withStore { store in
            let (workflow, task, mine) = try await Self.setUp(store)
            let id = TaskID(task.id)
            let lead = try await Self.principal(store.db, "yjj-01")
            let joint = try #require(mine.first { $0.departments.count > 1 })
            let agreed = try await workflow.proposeVisit(task: id, enterprise: USCC(rawValue: joint.uscc), Self.morning, by: lead).visit
            for department in joint.departments where department != "yjj" {
                _ = try await workflow.acceptVisit(task: id, enterprise: USCC(rawValue: joint.uscc), visit: agreed.id,
                                                   by: try await Self.principal(store.db, "\(department)-admin"))
            }
            let pending = try #require(mine.first { $0.uscc != joint.uscc && $0.departments.count > 1 })
            var afternoon = Self.morning
            afternoon.halfDay = .afternoon
            afternoon.time = "14:00"
            _ = try await workflow.proposeVisit(task: id, enterprise: USCC(rawValue: pending.uscc), afternoon, by: lead)

            await #expect(throws: AccessRefusal.self) { try await workflow.renewCalendarFeed(by: try await Self.principal(store.db, "office")) }
            let token = try await workflow.renewCalendarFeed(by: lead)
            let text = try #require(try await workflow.calendarFeed(token: token))
            #expect(text.components(separatedBy: "BEGIN:VEVENT").count == 2)
            #expect(text.contains("UID:visit-\(agreed.id)@spotcheck") && text.contains("DTSTART;TZID=Asia/Shanghai:20240604T093000"))
            #expect(text.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 75 })
            // Stored as a digest only.
            let stored = try await (store.db as! any SQLDatabase).select().column("token_hash").from("calendar_feeds").all()
                .map { try $0.decode(column: "token_hash", as: String.self) }
            #expect(stored == [SecretToken.digest(token)])
            let renewed = try await workflow.renewCalendarFeed(by: lead)
            #expect(try await workflow.calendarFeed(token: token) == nil)
            #expect(try await workflow.calendarFeed(token: renewed) != nil)
            try await workflow.revokeCalendarFeed(by: lead)
            #expect(try await workflow.calendarFeed(token: renewed) == nil)
        }
    }

    @Test("parallel proposals holding one inspector in one half-day: exactly one is kept", arguments: TestDatabase.available)
    func parallelClash(database: TestDatabase) async throws {
        try await database.withStore { store in
            let (workflow, task, mine) = try await Self.setUp(store)
            let lead = try await Self.principal(store.db, "yjj-01")
            let targets = Array(mine.prefix(6))
            #expect(targets.count >= 2)
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for target in targets {
                    group.addTask {
                        do {
                            _ = try await workflow.proposeVisit(task: TaskID(task.id), enterprise: USCC(rawValue: target.uscc), Self.morning, by: lead)
                            return true
                        } catch is VisitStore.Clash {
                            return false
                        }
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1)
            let events = try await AuditEventModel.query(on: store.db).filter(\.$action == "propose-visit").count()
            #expect(events == 1)
            // Every refused caller left its refusal in the audit log, and only those.
            let refused = try await AuditEventModel.query(on: store.db).filter(\.$action == "refuse-visit")
                .filter(\.$actor == "yjj-01").count()
            #expect(refused == targets.count - 1)
        }
    }

    @Test("a visit after the results deadline already running at the enterprise is flagged with the date it passes",
          arguments: TestDatabase.available)
    func afterResultDeadline(database: TestDatabase) async throws {
        try await database.withStore { store in
            let (workflow, task, _) = try await Self.setUp(store)
            let sql = store.db as! any SQLDatabase
            // An enterprise of the lead department nobody has inspected yet (the demo leaves some).
            let inspected = Set(try await sql.select().column("uscc").from("inspection_results").where("task_id", .equal, task.id).all()
                .map { try $0.decode(column: "uscc", as: String.self) })
            let lead = try #require(try await sql.select().column("uscc").from("task_assignments").where("task_id", .equal, task.id)
                .where("department_code", .equal, "yjj").orderBy("uscc").all()
                .map { try $0.decode(column: "uscc", as: String.self) }.first { !inspected.contains($0) })
            let admin = try await Self.principal(store.db, "yjj-admin")
            var late = Self.morning
            late.date = CivilDate("2024-07-15")!
            late.time = ""
            // Nobody has inspected: no deadline runs yet.
            let before = try await workflow.proposeVisit(task: TaskID(task.id), enterprise: USCC(rawValue: lead), late, by: admin)
            #expect(before.warnings.isEmpty)

            // yjj records its inspection on 2024年6月3日: the result is due 20 working days later, 2024年7月2日 (端午 skipped).
            let form = try await TaskStore(db: store.db).form(taskID: task.id, uscc: lead)
            let items = try #require(form.departments.first { $0.department == "yjj" }).items
                .map { ResultInput.Item(itemCode: $0.code, methods: Array($0.methods.prefix(1))) }
            try await ResultStore(db: store.db).saveDraft(taskID: task.id, uscc: lead, department: "yjj",
                                                          input: ResultInput(inspectionDate: CivilDate("2024-06-03")!, category: .noProblem, items: items),
                                                          actor: AuditLog.Actor("yjj-admin"))
            let after = try await workflow.proposeVisit(task: TaskID(task.id), enterprise: USCC(rawValue: lead), late, by: admin)
            let name = try #require(try await sql.select().column("name").from("departments").where("code", .equal, "yjj").first()?
                .decode(column: "name", as: String.self))
            #expect(after.warnings == ["\(name)已于2024年6月3日检查本企业，检查结果须在2024年7月2日前公示；约定日期晚于该期限，请确认是否需要再次到场"])
            var inTime = late
            inTime.date = CivilDate("2024-07-02")!
            let onTheDay = try await workflow.proposeVisit(task: TaskID(task.id), enterprise: USCC(rawValue: lead), inTime, by: admin)
            #expect(onTheDay.warnings.isEmpty)
        }
    }

    @Test("the demo: most enterprises have an agreed visit, one waits, and one clashing proposal was refused", arguments: TestDatabase.available)
    func demo(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords, results: true)
            let workflow = Workflow(store: store, clock: Self.clock)
            let task = try #require(try await TaskStore(db: store.db).find(DemoSeed.qingheDocumentNumber))
            let board = try await workflow.visitBoard(task: TaskID(task.id), for: try await Self.principal(store.db, "office"))
            let waiting = board.rows.filter { $0.visit?.state == .proposed }
            #expect(waiting.count == 1 && board.agreed * 10 >= board.rows.count * 9)
            let refusals = try await AuditEventModel.query(on: store.db).filter(\.$action == "refuse-visit").all()
            #expect(refusals.count == 1)
            // The refusal concerned the waiting enterprise, whose proposal still stands.
            #expect(refusals.first?.entityID == "\(task.id)/\(waiting.first?.uscc ?? "")")
            #expect((refusals.first?.afterJSON ?? "").contains("同一半天不能到两家企业"))
        }
    }
}
