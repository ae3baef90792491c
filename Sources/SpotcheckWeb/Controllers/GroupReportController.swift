import Foundation
import Hummingbird
import SpotcheckCore
import SpotcheckWorkflow
import SpotcheckStore

/// 分组情况: each department's grouping (enterprise → team members with names and mobile
/// numbers) as a page and an XLSX, and the department's 提交办公室. The office and the lead
/// department see every department's report; a department admin sees its own.
enum GroupReportController {
    static let readers = RoleGate.readers

    static func register(_ routes: SecuredRoutes, _ env: WebEnvironment) {
        routes.get(SiteURL.task(.key, .groups), readers) { _, context in
            let principal = context.principal
            let task = try await env.workflow.task(TaskReference(try context.parameters.require("id")), for: principal)
            try AccessPolicy.requireParticipant(principal, task)
            guard AccessPolicy.seesWholeTask(principal, task) else {
                return ViewRenderer.redirect(SiteURL.task(task.id, .group(department: .init(principal.departmentCode))).path)
            }
            let departments = try await env.workflow.groupReports(of: task, for: principal).map { report -> [String: Any] in
                [
                    "taskID": task.id, "url": TaskFormat.links(task.id, department: report.department), "department": report.department, "departmentName": report.departmentName,
                    "isLead": report.isLead, "teamCount": report.teamCount, "enterpriseCount": report.rows.count,
                    "submittedAt": report.submittedAt.map(DisplayDate.format) ?? "", "submitted": report.submittedAt != nil,
                ]
            }
            return env.views.page("group-reports", title: "分组情况 · \(task.documentNumber)", context: context, data: [
                "taskID": task.id, "url": TaskFormat.links(task.id, department: nil), "documentNumber": task.documentNumber, "title": task.title, "departments": departments,
                "hub": try await TaskHub.data(task, for: principal, current: .groups, env: env),
            ])
        }

        routes.get(SiteURL.task(.key, .group(department: .key)), readers) { _, context in
            let (principal, task, report) = try await load(context, env)
            var data = InspectionFormFormat.groupReport(report)
            data["canSubmit"] = principal.role == .deptAdmin && principal.departmentCode == report.department && task.state != .archived
            data["hub"] = try await TaskHub.data(task, for: principal, current: .groups, env: env)
            return env.views.page("group-report", title: "\(report.departmentName)分组情况 · \(task.documentNumber)", context: context, data: data)
        }

        routes.get(SiteURL.task(.key, .groupWorkbook(department: .key)), readers) { _, context in
            let (_, task, report) = try await load(context, env)
            return DirectoryExport.download(try InspectionFormFormat.groupReportXLSX(report),
                                            fileName: "分组情况-\(Workflow.fileNamePart(task.documentNumber))-\(Workflow.fileNamePart(report.departmentName)).xlsx", format: .xlsx)
        }

        routes.post(SiteURL.task(.key, .submitGroup(department: .key)), .departmentStep) { _, context in
            let principal = context.principal
            let id = try await env.workflow.taskID(TaskReference(try context.parameters.require("id")))
            let department = try context.parameters.require("dept")
            try await env.workflow.submitGroupReport(task: id, department: DepartmentCode(rawValue: department), by: principal)
            return ViewRenderer.redirect(SiteURL.task(id.rawValue, .group(department: .init(department))).path)
        }
    }

    static func load(_ context: SignedInContext, _ env: WebEnvironment) async throws -> (Principal, TaskInfo, GroupReport) {
        let principal = context.principal
        let task = try await env.workflow.task(TaskReference(try context.parameters.require("id")), for: principal)
        let department = DepartmentCode(rawValue: try context.parameters.require("dept"))
        return (principal, task, try await env.workflow.groupReport(task: TaskID(task.id), department: department, for: principal))
    }
}
