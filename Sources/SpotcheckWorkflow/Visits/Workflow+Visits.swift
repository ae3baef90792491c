import Foundation
import SpotcheckCore
import SpotcheckStore

/// 约定时间 (issue 16, step 6): for each matched enterprise a team member proposes a visit — the
/// first proposal is the lead department's —, the other departments' team members for that
/// enterprise accept it or propose another, and the agreed visit shows on the 一企一表, on the
/// members' dashboards and agendas, on the task's visit plan and in each inspector's calendar feed.
///
/// Who may act, written once here: an inspector only for enterprises on their own team, for the
/// department of that team; a department admin for its department's officers (who may have no
/// login); the office and the auditor read every visit, a department admin its department's
/// enterprises (the lead department's admin all of the task's).
extension Workflow {
    public typealias Visit = VisitStore.Visit

    /// A task's visit plan: every active enterprise with its current visit, if any.
    public struct VisitBoard: Sendable {
        public struct Row: Sendable {
            public var uscc: String
            public var enterpriseName: String
            public var address: String
            /// The departments whose teams go, lead first.
            public var departments: [String]
            public var visit: Visit?
            /// Departments that have not accepted the current proposal.
            public var waitingFor: [String] { visit.map { v in departments.filter { d in !v.acceptances.contains { $0.department == d } } } ?? departments }
        }
        public var task: TaskInfo
        public var rows: [Row]
        public var agreed: Int { rows.filter { $0.visit?.state == .agreed }.count }
        public var withoutAgreement: [Row] { rows.filter { $0.visit?.state != .agreed } }
    }

    /// A proposal's outcome: the visit and what the proposer should know (a rest day).
    public struct VisitOutcome: Sendable {
        public var visit: Visit
        public var warnings: [String]
    }

    /// One agenda line of an inspector: the visit with its task and enterprise.
    public struct AgendaItem: Sendable {
        public var visit: Visit
        public var documentNumber: String
        public var enterpriseName: String
        public var address: String
    }

    // MARK: Reads

    /// The visit plan of a matched task, limited to what `principal` may see.
    public func visitBoard(task id: TaskID, for principal: Principal) async throws -> VisitBoard {
        try RoleGate.taskReaders.check(principal)
        let task = try await tasks.require(String(id.rawValue))
        try AccessPolicy.requireVisible(task, to: principal)
        try AccessPolicy.requireParticipant(principal, task)
        guard TaskState.withTeams.contains(task.state) else { return VisitBoard(task: task, rows: []) }
        let summaries = try await tasks.forms(taskID: task.id)
        let visits = try await visitStore.current(taskID: task.id)
        let code = try await inspectorCode(of: principal)
        var rows: [VisitBoard.Row] = []
        for summary in summaries {
            let departments = summary.teams.map(\.department)
            switch principal.role {
            case .inspector:
                guard summary.teams.contains(where: { $0.members.contains { $0.code == code && !$0.isExpert } }) else { continue }
            case .deptAdmin where !AccessPolicy.seesWholeTask(principal, task):
                guard departments.contains(principal.departmentCode) else { continue }
            default: break
            }
            rows.append(VisitBoard.Row(uscc: summary.uscc, enterpriseName: summary.name, address: summary.address,
                                       departments: departments, visit: visits[summary.uscc]))
        }
        return VisitBoard(task: task, rows: rows)
    }

    /// The current visit of one enterprise, for its 一企一表 (nil when none was proposed).
    public func visit(task: TaskInfo, enterprise uscc: String) async throws -> Visit? {
        try await visitStore.current(taskID: task.id)[uscc]
    }

    /// The departments `principal` may propose or accept for at `uscc`: an inspector's teams
    /// there; a department admin's own department when it has a team there.
    public func visitDepartments(task: TaskInfo, enterprise uscc: String, for principal: Principal) async throws -> [String] {
        switch principal.role {
        case .inspector:
            return try await visitStore.departments(of: try await inspectorCode(of: principal), taskID: task.id, uscc: uscc)
        case .deptAdmin:
            let here = try await visitStore.departments(taskID: task.id, uscc: uscc)
            return here.contains(principal.departmentCode) ? [principal.departmentCode] : []
        default:
            return []
        }
    }

    /// An inspector's visits across tasks, soonest first.
    public func agenda(for principal: Principal) async throws -> [AgendaItem] {
        try RoleGate.only(.inspector).check(principal)
        return try await agendaItems(inspector: try await inspectorCode(of: principal))
    }

    func agendaItems(inspector code: String) async throws -> [AgendaItem] {
        let visits = try await visitStore.agenda(inspector: code)
        let numbers = try await tasks.documentNumbers(ids: visits.map(\.taskID))
        let directory = EnterpriseDirectory(db: db)
        let usccs = Array(Set(visits.map(\.uscc)))
        let names = try await directory.names(of: usccs)
        let contacts = try await directory.contacts(of: usccs)
        return visits.map { visit in
            AgendaItem(visit: visit, documentNumber: numbers[visit.taskID] ?? String(visit.taskID),
                       enterpriseName: names[visit.uscc] ?? visit.uscc, address: contacts[visit.uscc]?.address ?? "")
        }
    }

    // MARK: Writes

    /// Proposes a visit (or another time) for `uscc`. The first proposal of an enterprise is the
    /// lead department's; later ones replace the current proposal or agreement.
    public func proposeVisit(task id: TaskID, enterprise uscc: USCC, _ proposal: VisitStore.Proposal,
                             by principal: Principal) async throws -> VisitOutcome {
        try RoleGate.resultEntry.check(principal)
        let task = try await tasks.require(String(id.rawValue))
        try AccessPolicy.requireVisible(task, to: principal)
        let mine = try await visitDepartments(task: task, enterprise: uscc.rawValue, for: principal)
        guard !mine.isEmpty else { throw AccessRefusal.forbidden("只能为本人（本部门）检查组负责的企业约定检查时间") }
        let current = try await visitStore.current(taskID: task.id)[uscc.rawValue]
        let department: String
        if current == nil {
            guard mine.contains(task.plan.leadDepartment) else {
                throw AccessRefusal.forbidden("首次约定由牵头部门检查组提出；请等待牵头部门提出时间后确认或另提时间")
            }
            department = task.plan.leadDepartment
        } else {
            department = mine.contains(task.plan.leadDepartment) ? task.plan.leadDepartment : mine[0]
        }
        let visit = try await visitStore.propose(taskID: task.id, uscc: uscc.rawValue, department: department, proposal,
                                                 actor: Self.actor(principal))
        return VisitOutcome(visit: visit, warnings: try await visitWarnings(visit))
    }

    /// Accepts the current proposal for the principal's department at the enterprise.
    @discardableResult
    public func acceptVisit(task id: TaskID, enterprise uscc: USCC, visit number: Int, by principal: Principal) async throws -> Visit {
        try RoleGate.resultEntry.check(principal)
        let task = try await tasks.require(String(id.rawValue))
        try AccessPolicy.requireVisible(task, to: principal)
        guard let visit = try await visitStore.visit(id: number), visit.taskID == task.id, visit.uscc == uscc.rawValue else {
            throw StoreError.notFound(entity: "约定", key: String(number))
        }
        let mine = try await visitDepartments(task: task, enterprise: uscc.rawValue, for: principal)
        guard let department = mine.first(where: { d in !visit.acceptances.contains { $0.department == d } }) ?? mine.first else {
            throw AccessRefusal.forbidden("只能确认本人（本部门）检查组负责企业的约定")
        }
        return try await visitStore.accept(visitID: number, department: department, actor: Self.actor(principal))
    }

    /// What the proposer is told (flagged, not refused): a visit on a rest day of the working-day
    /// calendar, and a visit after the results deadline already running at the enterprise.
    func visitWarnings(_ visit: Visit) async throws -> [String] {
        let calendar = try await CalendarStore.calendar(fixed: calendar, on: db)
        var warnings: [String] = []
        if !calendar.isWorkingDay(visit.date) { warnings.append("\(visit.date.chineseText)是休息日（按工作日日历），请确认企业当天有人接待") }
        if let running = try await visitStore.resultDeadline(taskID: visit.taskID, uscc: visit.uscc), visit.date > running.due {
            warnings.append("\(running.department)已于\(running.inspectionDate.chineseText)检查本企业，检查结果须在\(running.due.chineseText)前公示；"
                            + "约定日期晚于该期限，请确认是否需要再次到场")
        }
        return warnings
    }

    // MARK: Calendar feed

    /// A new secret feed address for the inspector (the old one stops working). The token is
    /// returned once; only its digest is stored.
    public func renewCalendarFeed(by principal: Principal) async throws -> String {
        try RoleGate.only(.inspector).check(principal)
        let token = SecretToken.generate(prefix: "cal_")
        try await visitStore.setFeed(username: principal.username, tokenHash: SecretToken.digest(token), actor: Self.actor(principal))
        return token
    }

    public func revokeCalendarFeed(by principal: Principal) async throws {
        try RoleGate.only(.inspector).check(principal)
        try await visitStore.removeFeed(username: principal.username, actor: Self.actor(principal))
    }

    /// When the inspector's current feed address was made, or nil when there is none.
    public func calendarFeedCreated(for principal: Principal) async throws -> Date? {
        try await visitStore.hasFeed(username: principal.username)
    }

    /// The feed a token opens: the agreed visits of its inspector (nil for an unknown token).
    public func calendarFeed(token: String) async throws -> String? {
        guard token.count <= 200, let username = try await visitStore.feedOwner(tokenHash: SecretToken.digest(token)),
              let user = try await UserRepository(db: db).find(username: username), let code = user.inspectorCode, !code.isEmpty
        else { return nil }
        let items = try await agendaItems(inspector: code).filter { $0.visit.state == .agreed }
        return ICalendarFeed.text(name: "\(user.displayName) · 联合检查日程", events: items.map { item in
            ICalendarFeed.Event(
                uid: "visit-\(item.visit.id)@spotcheck", date: item.visit.date, halfDay: item.visit.halfDay, time: item.visit.time,
                summary: "联合检查：\(item.enterpriseName)", location: item.visit.place,
                description: "\(item.documentNumber)\n企业地址：\(item.address)\(item.visit.note.isEmpty ? "" : "\n备注：\(item.visit.note)")",
                stamp: item.visit.agreedAt ?? item.visit.createdAt)
        })
    }

    var visitStore: VisitStore { VisitStore(db: db, clock: clock, calendar: calendar) }
}
