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
            if principal.role != .inspector { data["directory"] = try await directorySummary(env, principal: principal) }
            switch principal.role {
            case .officeAdmin:
                let departments = try await env.workflow.workingDepartments()
                data["office"] = true
                data["departmentCount"] = departments.count
                data["userCount"] = try await env.workflow.accountCount(for: principal)
                data["noDepartments"] = departments.isEmpty
                try await TaskDashboard.addConfirmations(to: &data, env, principal: principal)
                if let progress = try await ResultController.progress(env, principal: principal) { data["progress"] = progress }
            case .deptAdmin:
                data["deptAdmin"] = true
                data["departmentCode"] = principal.departmentCode
                data["departmentName"] = principal.departmentName
                data["memberCount"] = try await env.workflow.accountCount(for: principal)
                try await TaskDashboard.addConfirmations(to: &data, env, principal: principal)
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
            case .inspector:
                data["inspector"] = try await InspectionFormController.dashboard(env, principal: principal)
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
