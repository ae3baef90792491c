import Foundation
import Hummingbird
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// One dashboard per role. Until tasks exist, each shows what the role should do next.
enum DashboardController {
    static func register(_ routes: SecuredRoutes, _ env: WebEnvironment) {
        routes.get("/dashboard", .anyUser) { _, context in
            let principal = context.principal
            var data: [String: Any] = ["roleLabel": principal.role.label]
            let queues = try await env.workflow.workQueues(for: principal)
            data["overdueResults"] = queues.overdueResults
            data["hasOverdueResults"] = queues.overdueResults > 0
            if principal.role != .inspector { data["directory"] = try await directorySummary(env, principal: principal) }
            if principal.role == .officeAdmin || principal.role == .deptAdmin {
                // 举报线索 waiting for this reader: the office's to triage, a department's to handle.
                let counts = try await env.workflow.tipCounts(for: principal)
                let waiting = principal.role == .officeAdmin ? counts[""]?[.received] ?? 0 : counts[principal.departmentCode]?[.routed] ?? 0
                data["openTips"] = waiting
                data["hasOpenTips"] = waiting > 0
                data["openTipsHref"] = principal.role == .officeAdmin ? "/tips/manage?state=received" : "/tips/manage?state=routed"
                data["openTipsLabel"] = principal.role == .officeAdmin ? "待分办的举报线索" : "转交本部门办理的举报线索"
            }
            switch principal.role {
            case .officeAdmin:
                let departments = try await env.workflow.workingDepartments()
                data["office"] = true
                data["departmentCount"] = departments.count
                data["userCount"] = try await env.workflow.accountCount(for: principal)
                data["noDepartments"] = departments.isEmpty
                try await TaskDashboard.addConfirmations(to: &data, env, progress: queues.confirmations)
                // 年度抽查计划: entries whose months are over without a task (the office must launch or explain).
                let names = try await env.workflow.departmentNames()
                let overduePlan = try await env.workflow.overduePlanEntries(for: principal)
                data["overduePlanEntries"] = overduePlan.enumerated().map { index, stored -> [String: Any] in
                    let e = stored.entry
                    return ["number": index + 1, "year": e.year, "title": e.title, "lead": names[e.leadDepartment] ?? e.leadDepartment,
                            "months": e.monthsText, "href": "/plans?year=\(e.year)#entry-\(e.id)", "newTaskURL": SiteURL.newTask.path + "?entry=\(e.id)"]
                }
                data["hasOverduePlan"] = !overduePlan.isEmpty
                data["overduePlanCount"] = overduePlan.count
                if let progress = try await ResultController.progress(env, principal: principal) { data["progress"] = progress }
            case .deptAdmin:
                data["deptAdmin"] = true
                data["departmentCode"] = principal.departmentCode
                data["departmentName"] = principal.departmentName
                data["memberCount"] = try await env.workflow.accountCount(for: principal)
                try await TaskDashboard.addConfirmations(to: &data, env, progress: queues.confirmations)
                let waiting = try await env.workflow.awaitingApproval(for: principal)
                let people = try await env.workflow.peopleNames(waiting.compactMap(\.result.submittedBy))
                data["awaitingApproval"] = waiting.enumerated().map { index, entry -> [String: Any] in
                    let r = entry.result
                    return ["number": index + 1, "documentNumber": entry.documentNumber, "enterpriseName": entry.enterpriseName,
                            "uscc": r.uscc, "submittedBy": r.submittedBy.map { people[$0] ?? $0 } ?? "", "dueDate": r.dueDate?.chineseText ?? "",
                            "late": r.isOverdue(today: env.today),
                            "href": SiteURL.task(r.taskID, .result(enterprise: .init(r.uscc), department: .init(r.department))).path]
                }
                data["awaitingCount"] = waiting.count
                data["hasAwaiting"] = !waiting.isEmpty
                data["inspectorDraws"] = queues.inspectorDraws.enumerated().map { index, row -> [String: Any] in
                    ["number": index + 1, "documentNumber": row.task.documentNumber, "title": row.task.title,
                     "pending": row.pendingConfirmations, "ready": row.pendingConfirmations == 0,
                     "href": SiteURL.task(row.task.id).path + (row.pendingConfirmations == 0 ? "#inspectors" : "#dispatches")]
                }
                data["hasInspectorDraws"] = !queues.inspectorDraws.isEmpty
                let names = try await env.workflow.departmentNames()
                data["incoming"] = queues.incomingDispositions.enumerated().map { index, row -> [String: Any] in
                    let d = row.disposition
                    return ["number": index + 1, "documentNumber": row.documentNumber, "enterpriseName": row.enterpriseName, "uscc": d.uscc,
                            "from": names[d.department] ?? d.department, "kind": d.kind.label, "decidedOn": d.decidedOn.chineseText,
                            "dueOn": d.dueOn?.chineseText ?? "", "href": SiteURL.task(d.taskID, .dispositions).path + "#d\(d.id)"]
                }
                data["hasIncoming"] = !queues.incomingDispositions.isEmpty
            case .inspector:
                var mine = try await InspectionFormController.dashboard(env, principal: principal)
                let names = try await env.workflow.departmentNames()
                // 约定时间 of each enterprise (issue 16), by task and enterprise.
                var visits: [String: Workflow.Visit] = [:]
                for item in try await env.workflow.agenda(for: principal) { visits["\(item.visit.taskID)|\(item.visit.uscc)"] = item.visit }
                mine["myForms"] = queues.myInspections.enumerated().map { index, row -> [String: Any] in
                    var data = InspectionFormFormat.assignment(row.assignment, departmentNames: names)
                    let a = row.assignment
                    data["number"] = index + 1
                    data["status"] = row.status?.label ?? "未录入"
                    data["statusClass"] = ResultFormat.statusClass(row.status)
                    data["resultURL"] = SiteURL.task(a.taskID, .result(enterprise: .init(a.uscc), department: .init(a.department))).path
                    data["visitURL"] = SiteURL.task(a.taskID, .form(enterprise: .init(a.uscc))).path + "#visit"
                    if let visit = visits["\(a.taskID)|\(a.uscc)"] {
                        data["visitWhen"] = visit.whenText
                        data["visitState"] = visit.state.label
                    }
                    data["action"] = row.status == nil ? "录入检查结果" : row.status == .draft ? "继续填写" : "查看检查结果"
                    if let due = row.due, let left = row.workingDaysLeft, row.status != .approved {
                        data["due"] = due.chineseText
                        data["dueText"] = left < 0 ? "逾期 \(-left) 个工作日" : left == 0 ? "今天到期" : "还剩 \(left) 个工作日"
                        data["late"] = left < 0
                    }
                    return data
                }
                data["inspector"] = mine
            case .auditor:
                data["auditor"] = true
                data["eventCount"] = try await env.workflow.auditEventCount(for: principal)
            }
            return env.views.page("dashboard", title: "工作台", context: context, data: data)
        }
    }

    /// 一单两库 at a glance: the directory's size and, per department the principal may read,
    /// its roster and item list with links.
    static func directorySummary(_ env: WebEnvironment, principal: Principal) async throws -> [String: Any] {
        let (counts, departments) = try await env.workflow.directorySummary(for: principal)
        let rows: [[String: Any]] = departments.map { department in
            let c = counts.byDepartment[department.code] ?? DirectoryCounts.Department()
            return ["code": department.code, "name": department.name, "inspectors": c.inspectors, "onDuty": c.onDuty,
                    "items": c.items, "conflicts": c.conflicts]
        }
        return ["enterprises": counts.enterprises, "activeEnterprises": counts.activeEnterprises, "departments": rows,
                "itemTotal": counts.byDepartment.values.reduce(0) { $0 + $1.items }]
    }
}
