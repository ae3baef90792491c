import Foundation
import SpotcheckCore
import SpotcheckStore

/// The deadline reminders and the daily digest (issue 17). Both are raised by the server's
/// sweep (and `spotcheck messages remind|digest`), each message keyed by what it reminds of and
/// the day, so running the sweep twice — or in two processes — raises nothing twice.
extension Workflow {
    /// 确认明日到期 / 确认已超期 to the department's admins, 结果录入明日到期 / 已超期 to the
    /// enterprise's team members of that department, 超期未公示 to the department's admins.
    /// Returns the count of new messages.
    @discardableResult
    public func sendReminders() async throws -> Int {
        let today = self.today
        let calendar = try await CalendarStore.calendar(fixed: self.calendar, on: db)
        let tomorrow = calendar.addWorkingDays(1, to: today)
        var drafts: [Outbox.Draft] = []
        let (confirming, _) = try await tasks.list(states: [.confirming], page: 1, perPage: 500)
        for task in confirming {
            for (department, due) in try await tasks.earliestPendingDeadlines(task.id) {
                let kind: MessageKind
                if due < today { kind = .confirmOverdue } else if due == tomorrow { kind = .confirmDueTomorrow } else { continue }
                let name = "《\(task.title)》（\(task.documentNumber)）"
                let body = kind == .confirmOverdue
                    ? "\(name)分派给本部门的企业确认期限\(due.chineseText)已过，请尽快确认或退回。"
                    : "\(name)分派给本部门的企业须于\(due.chineseText)前确认或退回。"
                for admin in try await Outbox.departmentAdmins(department, on: db) {
                    drafts.append(Outbox.Draft(recipient: admin.username, department: department, kind: kind, title: "\(kind.label)：\(name)",
                                               body: body, link: "/tasks/\(task.id)", taskID: task.id,
                                               dedupeKey: "\(kind.rawValue):\(task.id):\(department):\(due):\(admin.username)"))
                }
            }
        }
        let office = Principal.commandLine(actor: "system")
        let deadlines = try await resultDeadlines(for: office)
        for row in deadlines.overdue + deadlines.dueSoon {
            let result = row.result
            let kind: MessageKind
            if row.due < today { kind = .resultOverdue } else if row.due == tomorrow || row.due == today { kind = .resultDueTomorrow } else { continue }
            if result.status == .submitted { continue } // Submitted: the publication deadline is the admin's, below.
            let members = try await Outbox.teamMembers(task: result.taskID, uscc: result.uscc, on: db).filter { $0.department == result.department }
            for member in members {
                drafts.append(Outbox.Draft(recipient: member.username, department: member.department, kind: kind,
                                           title: "\(kind.label)：\(row.enterpriseName)",
                                           body: "\(row.documentNumber) \(row.enterpriseName)的检查结果应于\(row.due.chineseText)前录入提交。",
                                           link: "/tasks/\(result.taskID)/forms/\(result.uscc)/results/\(result.department)", taskID: result.taskID,
                                           dedupeKey: "\(kind.rawValue):\(result.taskID):\(result.uscc):\(result.department):\(row.due):\(member.username)"))
            }
        }
        for late in try await overduePublicity(for: office) {
            let result = late.result
            for admin in try await Outbox.departmentAdmins(result.department, on: db) {
                drafts.append(Outbox.Draft(recipient: admin.username, department: result.department, kind: .publicityOverdue,
                                           title: "超期未公示：\(late.enterpriseName)",
                                           body: "\(late.documentNumber) \(late.enterpriseName)的检查结果已超期 \(late.workingDaysLate) 个工作日未审核公示。",
                                           link: "/tasks/\(result.taskID)/forms/\(result.uscc)/results/\(result.department)", taskID: result.taskID,
                                           dedupeKey: "publicity_overdue:\(result.taskID):\(result.uscc):\(result.department):\(today):\(admin.username)"))
            }
        }
        return try await Outbox.raise(drafts, action: "remind", on: db, at: clock.now())
    }

    /// 每日待办: on working days, one message per person with open work, listing it. Returns
    /// the count of new digests (none on a rest day).
    @discardableResult
    public func sendDigests() async throws -> Int {
        let today = self.today
        let calendar = try await CalendarStore.calendar(fixed: self.calendar, on: db)
        guard calendar.isWorkingDay(today) else { return 0 }
        var drafts: [Outbox.Draft] = []
        let users = try await UserRepository(db: db).list(page: 1, perPage: 100_000).users
        for user in users {
            guard let principal = try UserRepository.principal(of: user), principal.role != .auditor else { continue }
            let lines = try await openWork(for: principal)
            guard !lines.isEmpty else { continue }
            drafts.append(Outbox.Draft(recipient: principal.username, department: principal.departmentCode, kind: .digest,
                                       title: "每日待办（\(today.chineseText)）", body: lines.joined(separator: "\n"), link: "/dashboard",
                                       dedupeKey: "digest:\(today):\(principal.username)"))
        }
        return try await Outbox.raise(drafts, action: "digest", on: db, at: clock.now())
    }

    /// One line per kind of open work, as the dashboard counts it.
    func openWork(for principal: Principal) async throws -> [String] {
        var lines: [String] = []
        let queues = try await workQueues(for: principal)
        let open = queues.myInspections.filter { $0.status != .approved && $0.status != .submitted }
        if !open.isEmpty { lines.append("· 待录入检查结果 \(open.count) 户") }
        let pending = queues.inspectorDraws.reduce(0) { $0 + $1.pendingConfirmations }
        if pending > 0 { lines.append("· 待确认分派企业 \(pending) 户") }
        if !queues.inspectorDraws.isEmpty { lines.append("· 待抽取检查人员的任务 \(queues.inspectorDraws.count) 个") }
        if !queues.incomingDispositions.isEmpty { lines.append("· 移送本部门待处置 \(queues.incomingDispositions.count) 件") }
        if queues.overdueResults > 0 { lines.append("· 超期未公示结果 \(queues.overdueResults) 条") }
        let unread = try await messageStore.unreadCount(recipient: principal.username)
        if unread > 0 { lines.append("· 未读消息 \(unread) 条") }
        return lines
    }
}
