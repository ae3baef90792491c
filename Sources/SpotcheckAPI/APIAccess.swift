import SpotcheckCore
import SpotcheckWorkflow

/// The operations of openapi.yaml with the role each needs: every operation has exactly one
/// rule here, a `RoleGate` of the workflow layer (the same role sets the pages name);
/// `APIAccessMiddleware` enforces it before the request is decoded and refuses operations without
/// a rule, so a new operation that forgets its rule fails closed. Department and task rules
/// (`AccessPolicy`) are checked by the use cases, which know the department and the task.
public enum APIAccess {
    /// One operation: its method and path under the server URL, and its rule.
    public struct Rule: Sendable {
        public let operationID: String
        public let method: String
        public let path: String
        public let access: RoleGate
    }

    /// The server URL of openapi.yaml; the operations' paths are relative to it.
    public static let basePath = "/api/v1"

    public static let rules: [Rule] = {
        let readers = RoleGate.readers
        let office = RoleGate.office
        // The department lists' rules of the web pages: the office and a department's admin change
        // a department's roster, conflicts and items (the handlers refuse another department).
        let managers = RoleGate.managers
        let taskReaders = RoleGate.taskReaders
        let departmentStep = RoleGate.departmentStep
        return [
            Rule(operationID: Operations.GetHealth.id, method: "GET", path: "/health", access: .publicAccess),
            Rule(operationID: Operations.GetMe.id, method: "GET", path: "/me", access: .anyUser),
            Rule(operationID: Operations.ListMyTokens.id, method: "GET", path: "/me/tokens", access: .anyUser),
            Rule(operationID: Operations.CreateMyToken.id, method: "POST", path: "/me/tokens", access: .anyUser),
            Rule(operationID: Operations.RevokeMyToken.id, method: "DELETE", path: "/me/tokens/{id}", access: .anyUser),
            Rule(operationID: Operations.ListDepartments.id, method: "GET", path: "/departments", access: readers),
            Rule(operationID: Operations.CreateDepartment.id, method: "POST", path: "/departments", access: office),
            Rule(operationID: Operations.GetDepartment.id, method: "GET", path: "/departments/{code}", access: readers),
            Rule(operationID: Operations.UpdateDepartment.id, method: "PATCH", path: "/departments/{code}", access: office),
            Rule(operationID: Operations.DeleteDepartment.id, method: "DELETE", path: "/departments/{code}", access: office),
            Rule(operationID: Operations.ListDepartmentUsers.id, method: "GET", path: "/departments/{code}/users", access: readers),
            Rule(operationID: Operations.ListUsers.id, method: "GET", path: "/users", access: RoleGate.oversight),
            Rule(operationID: Operations.CreateUser.id, method: "POST", path: "/users", access: office),
            Rule(operationID: Operations.GetUser.id, method: "GET", path: "/users/{username}", access: readers),
            Rule(operationID: Operations.UpdateUser.id, method: "PATCH", path: "/users/{username}", access: office),
            Rule(operationID: Operations.DeleteUser.id, method: "DELETE", path: "/users/{username}", access: office),
            Rule(operationID: Operations.ListEnterprises.id, method: "GET", path: "/enterprises", access: readers),
            Rule(operationID: Operations.CreateEnterprise.id, method: "POST", path: "/enterprises", access: office),
            Rule(operationID: Operations.GetEnterprise.id, method: "GET", path: "/enterprises/{uscc}", access: readers),
            Rule(operationID: Operations.ReplaceEnterprise.id, method: "PUT", path: "/enterprises/{uscc}", access: office),
            Rule(operationID: Operations.ListDepartmentInspectors.id, method: "GET", path: "/departments/{code}/inspectors", access: readers),
            Rule(operationID: Operations.CreateInspector.id, method: "POST", path: "/departments/{code}/inspectors", access: managers),
            Rule(operationID: Operations.GetInspector.id, method: "GET", path: "/inspectors/{code}", access: readers),
            Rule(operationID: Operations.ReplaceInspector.id, method: "PUT", path: "/inspectors/{code}", access: managers),
            Rule(operationID: Operations.DeleteInspector.id, method: "DELETE", path: "/inspectors/{code}", access: managers),
            Rule(operationID: Operations.DeleteConflict.id, method: "DELETE", path: "/inspectors/{code}/conflicts/{uscc}", access: managers),
            Rule(operationID: Operations.ListDepartmentConflicts.id, method: "GET", path: "/departments/{code}/conflicts", access: readers),
            Rule(operationID: Operations.CreateConflict.id, method: "POST", path: "/departments/{code}/conflicts", access: managers),
            Rule(operationID: Operations.ListDepartmentItems.id, method: "GET", path: "/departments/{code}/items", access: readers),
            Rule(operationID: Operations.CreateItem.id, method: "POST", path: "/departments/{code}/items", access: managers),
            Rule(operationID: Operations.GetItem.id, method: "GET", path: "/departments/{code}/items/{itemCode}", access: readers),
            Rule(operationID: Operations.ReplaceItem.id, method: "PUT", path: "/departments/{code}/items/{itemCode}", access: managers),
            Rule(operationID: Operations.DeleteItem.id, method: "DELETE", path: "/departments/{code}/items/{itemCode}", access: managers),
            Rule(operationID: Operations.SetItemRetired.id, method: "PUT", path: "/departments/{code}/items/{itemCode}/retired", access: managers),
            Rule(operationID: Operations.ListPublicItems.id, method: "GET", path: "/public/departments/{code}/items", access: .publicAccess),
            // 联合抽查任务, with the task pages' rules: the office plans and runs the task, a
            // department admin takes its department's steps (the handlers refuse another
            // department), a department's users read the tasks it takes part in.
            Rule(operationID: Operations.ListTasks.id, method: "GET", path: "/tasks", access: taskReaders),
            Rule(operationID: Operations.CreateTask.id, method: "POST", path: "/tasks", access: office),
            Rule(operationID: Operations.GetTask.id, method: "GET", path: "/tasks/{task}", access: taskReaders),
            Rule(operationID: Operations.ReplaceTask.id, method: "PUT", path: "/tasks/{task}", access: office),
            Rule(operationID: Operations.DeleteTask.id, method: "DELETE", path: "/tasks/{task}", access: office),
            Rule(operationID: Operations.PublishTask.id, method: "POST", path: "/tasks/{task}/publish", access: office),
            Rule(operationID: Operations.DrawTask.id, method: "POST", path: "/tasks/{task}/draw", access: office),
            Rule(operationID: Operations.ListTaskDispatches.id, method: "GET", path: "/tasks/{task}/dispatches", access: taskReaders),
            Rule(operationID: Operations.ConfirmTaskDispatch.id, method: "POST", path: "/tasks/{task}/departments/{code}/confirmations", access: departmentStep),
            Rule(operationID: Operations.RejectTaskDispatch.id, method: "POST", path: "/tasks/{task}/departments/{code}/rejections", access: departmentStep),
            Rule(operationID: Operations.AddTaskExpert.id, method: "POST", path: "/tasks/{task}/departments/{code}/teams/{team}/experts", access: departmentStep),
            Rule(operationID: Operations.RemoveTaskExpert.id, method: "DELETE", path: "/tasks/{task}/departments/{code}/teams/{team}/experts/{expert}", access: departmentStep),
            Rule(operationID: Operations.SetTaskInspectorCount.id, method: "PUT", path: "/tasks/{task}/departments/{code}/inspector-count", access: departmentStep),
            Rule(operationID: Operations.DrawTaskInspectors.id, method: "POST", path: "/tasks/{task}/departments/{code}/inspector-draw", access: departmentStep),
            Rule(operationID: Operations.RejectTaskInspector.id, method: "POST", path: "/tasks/{task}/departments/{code}/inspector-rejections", access: departmentStep),
            Rule(operationID: Operations.ListTaskInspectors.id, method: "GET", path: "/tasks/{task}/inspectors", access: taskReaders),
            Rule(operationID: Operations.MatchTask.id, method: "POST", path: "/tasks/{task}/match", access: office),
            Rule(operationID: Operations.CancelTask.id, method: "POST", path: "/tasks/{task}/cancel", access: office),
            Rule(operationID: Operations.StartTask.id, method: "POST", path: "/tasks/{task}/start", access: office),
            Rule(operationID: Operations.CompleteTask.id, method: "POST", path: "/tasks/{task}/complete", access: office),
            Rule(operationID: Operations.ArchiveTask.id, method: "POST", path: "/tasks/{task}/archive", access: office),
            Rule(operationID: Operations.GetTaskRecord.id, method: "GET", path: "/tasks/{task}/record", access: taskReaders),
            Rule(operationID: Operations.GetTaskCandidates.id, method: "GET", path: "/tasks/{task}/candidates/{kind}", access: RoleGate.oversight),
            Rule(operationID: Operations.GetTaskForm.id, method: "GET", path: "/tasks/{task}/forms/{uscc}", access: taskReaders),
            Rule(operationID: Operations.GetTaskGroupReport.id, method: "GET", path: "/tasks/{task}/groups/{code}", access: readers),
            // Inspection, with the rules of the result, disposition, group report and statistics
            // pages (issue 14 item 7); the use cases check the department, the team and the state.
            Rule(operationID: Operations.ConfirmAllTaskDispatches.id, method: "POST", path: "/tasks/{task}/departments/{code}/confirm-all", access: departmentStep),
            Rule(operationID: Operations.ListTaskResults.id, method: "GET", path: "/tasks/{task}/results", access: readers),
            Rule(operationID: Operations.GetTaskResult.id, method: "GET", path: "/tasks/{task}/results/{uscc}/{code}", access: taskReaders),
            Rule(operationID: Operations.SaveTaskResultDraft.id, method: "PUT", path: "/tasks/{task}/results/{uscc}/{code}", access: RoleGate.resultEntry),
            Rule(operationID: Operations.SubmitTaskResult.id, method: "POST", path: "/tasks/{task}/results/{uscc}/{code}/submission", access: RoleGate.resultEntry),
            Rule(operationID: Operations.ApproveTaskResult.id, method: "POST", path: "/tasks/{task}/results/{uscc}/{code}/approval", access: departmentStep),
            Rule(operationID: Operations.CorrectTaskResult.id, method: "POST", path: "/tasks/{task}/results/{uscc}/{code}/corrections", access: departmentStep),
            Rule(operationID: Operations.ListTaskResultEvidence.id, method: "GET", path: "/tasks/{task}/results/{uscc}/{code}/evidence", access: taskReaders),
            Rule(operationID: Operations.UploadTaskResultEvidence.id, method: "POST", path: "/tasks/{task}/results/{uscc}/{code}/evidence", access: RoleGate.resultEntry),
            Rule(operationID: Operations.DownloadTaskResultEvidence.id, method: "GET", path: "/tasks/{task}/results/{uscc}/{code}/evidence/{file}", access: taskReaders),
            Rule(operationID: Operations.WithdrawTaskResultEvidence.id, method: "POST", path: "/tasks/{task}/results/{uscc}/{code}/evidence/{file}/withdraw", access: RoleGate.resultEntry),
            Rule(operationID: Operations.ListTaskDispositions.id, method: "GET", path: "/tasks/{task}/dispositions", access: readers),
            Rule(operationID: Operations.CreateTaskDisposition.id, method: "POST", path: "/tasks/{task}/dispositions", access: managers),
            Rule(operationID: Operations.UpdateTaskDispositionStatus.id, method: "PUT", path: "/tasks/{task}/dispositions/{disposition}/status", access: managers),
            Rule(operationID: Operations.GetTaskDispositionHistory.id, method: "GET", path: "/tasks/{task}/dispositions/{disposition}/history", access: readers),
            Rule(operationID: Operations.SubmitTaskGroupReport.id, method: "POST", path: "/tasks/{task}/groups/{code}/submission", access: departmentStep),
            Rule(operationID: Operations.GetStatistics.id, method: "GET", path: "/statistics", access: readers),
            Rule(operationID: Operations.GetStatisticsCSV.id, method: "GET", path: "/statistics.csv", access: readers),
            Rule(operationID: Operations.GetStatisticsXLSX.id, method: "GET", path: "/statistics.xlsx", access: readers),
            // Office administration, own password, forms list, exports/imports and public reads,
            // with the rules of the pages that do the same (issue 14 item 7).
            Rule(operationID: Operations.ListAuditEvents.id, method: "GET", path: "/audit", access: RoleGate.oversight),
            Rule(operationID: Operations.VerifyAuditChain.id, method: "GET", path: "/audit/verification", access: RoleGate.oversight),
            Rule(operationID: Operations.GetCalendarYear.id, method: "GET", path: "/calendar/years/{year}", access: office),
            Rule(operationID: Operations.ClearCalendarYear.id, method: "DELETE", path: "/calendar/years/{year}", access: office),
            Rule(operationID: Operations.SetCalendarDay.id, method: "PUT", path: "/calendar/days/{date}", access: office),
            Rule(operationID: Operations.RemoveCalendarDay.id, method: "DELETE", path: "/calendar/days/{date}", access: office),
            Rule(operationID: Operations.ImportCalendar.id, method: "POST", path: "/calendar/imports", access: office),
            // 举报线索 (issue 17): public submission and status; the workflow decides whose tips.
            Rule(operationID: Operations.SubmitPublicTip.id, method: "POST", path: "/public/tips", access: .publicAccess),
            Rule(operationID: Operations.GetPublicTipStatus.id, method: "GET", path: "/public/tips/{receipt}", access: .publicAccess),
            Rule(operationID: Operations.ListTips.id, method: "GET", path: "/tips", access: managers),
            Rule(operationID: Operations.GetTip.id, method: "GET", path: "/tips/{tip}", access: managers),
            Rule(operationID: Operations.RouteTip.id, method: "POST", path: "/tips/{tip}/route", access: office),
            Rule(operationID: Operations.RejectTip.id, method: "POST", path: "/tips/{tip}/rejection", access: office),
            Rule(operationID: Operations.AddTipNote.id, method: "POST", path: "/tips/{tip}/notes", access: managers),
            Rule(operationID: Operations.CloseTip.id, method: "POST", path: "/tips/{tip}/closing", access: departmentStep),
            // 消息中心, channels and the delivery log (issue 17): the workflow checks whose.
            Rule(operationID: Operations.ListMyMessages.id, method: "GET", path: "/me/messages", access: .anyUser),
            Rule(operationID: Operations.MarkMyMessageRead.id, method: "POST", path: "/me/messages/{message}/read", access: .anyUser),
            Rule(operationID: Operations.MarkAllMyMessagesRead.id, method: "POST", path: "/me/messages/read-all", access: .anyUser),
            Rule(operationID: Operations.ListChannels.id, method: "GET", path: "/channels", access: .anyUser),
            Rule(operationID: Operations.SetChannel.id, method: "PUT", path: "/channels", access: .anyUser),
            Rule(operationID: Operations.DeleteChannel.id, method: "DELETE", path: "/channels/{channel}", access: .anyUser),
            Rule(operationID: Operations.TestChannel.id, method: "POST", path: "/channels/{channel}/test", access: .anyUser),
            Rule(operationID: Operations.ListDeliveries.id, method: "GET", path: "/deliveries", access: readers),
            Rule(operationID: Operations.RetryDelivery.id, method: "POST", path: "/deliveries/{delivery}/retry", access: office),
            Rule(operationID: Operations.ListTaskSummaries.id, method: "GET", path: "/tasks/{task}/summaries", access: readers),
            Rule(operationID: Operations.SaveTaskSummary.id, method: "PUT", path: "/tasks/{task}/summaries/{code}", access: departmentStep),
            Rule(operationID: Operations.SubmitTaskSummary.id, method: "POST", path: "/tasks/{task}/summaries/{code}/submission", access: departmentStep),
            Rule(operationID: Operations.AttachTaskSummaryFile.id, method: "POST", path: "/tasks/{task}/summaries/{code}/files", access: departmentStep),
            Rule(operationID: Operations.GetTaskClosingReport.id, method: "GET", path: "/tasks/{task}/report", access: RoleGate.oversight),
            Rule(operationID: Operations.ListTaskVisits.id, method: "GET", path: "/tasks/{task}/visits", access: RoleGate.taskReaders),
            Rule(operationID: Operations.ProposeTaskVisit.id, method: "POST", path: "/tasks/{task}/visits", access: RoleGate.resultEntry),
            Rule(operationID: Operations.AcceptTaskVisit.id, method: "POST", path: "/tasks/{task}/visits/{visit}/acceptance", access: RoleGate.resultEntry),
            Rule(operationID: Operations.GetMyAgenda.id, method: "GET", path: "/me/agenda", access: RoleGate.only(.inspector)),
            Rule(operationID: Operations.RenewCalendarFeed.id, method: "POST", path: "/me/calendar-feed", access: RoleGate.only(.inspector)),
            Rule(operationID: Operations.RevokeCalendarFeed.id, method: "DELETE", path: "/me/calendar-feed", access: RoleGate.only(.inspector)),
            Rule(operationID: Operations.ListAnnualPlans.id, method: "GET", path: "/plans", access: readers),
            Rule(operationID: Operations.GetAnnualPlan.id, method: "GET", path: "/plans/{year}", access: readers),
            Rule(operationID: Operations.CreatePlanEntry.id, method: "POST", path: "/plans/{year}/entries", access: managers),
            Rule(operationID: Operations.ReplacePlanEntry.id, method: "PUT", path: "/plans/entries/{entry}", access: managers),
            Rule(operationID: Operations.DeletePlanEntry.id, method: "DELETE", path: "/plans/entries/{entry}", access: managers),
            Rule(operationID: Operations.ApproveAnnualPlan.id, method: "POST", path: "/plans/{year}/approval", access: office),
            Rule(operationID: Operations.ReopenAnnualPlan.id, method: "POST", path: "/plans/{year}/reopening", access: office),
            Rule(operationID: Operations.PublishAnnualPlan.id, method: "POST", path: "/plans/{year}/publication", access: office),
            Rule(operationID: Operations.ImportAnnualPlan.id, method: "POST", path: "/plans/{year}/imports", access: managers),
            Rule(operationID: Operations.ExportAnnualPlan.id, method: "GET", path: "/plans/{year}/export.xlsx", access: readers),
            Rule(operationID: Operations.GetPublicAnnualPlan.id, method: "GET", path: "/public/plans/{year}", access: .publicAccess),
            Rule(operationID: Operations.ChangeMyPassword.id, method: "PUT", path: "/me/password", access: .anyUser),
            Rule(operationID: Operations.ListTaskForms.id, method: "GET", path: "/tasks/{task}/forms", access: taskReaders),
            Rule(operationID: Operations.ExportDirectory.id, method: "GET", path: "/exports/{kind}", access: readers),
            Rule(operationID: Operations.ImportDirectory.id, method: "POST", path: "/imports/{kind}", access: managers),
            Rule(operationID: Operations.ListPublicTasks.id, method: "GET", path: "/public/tasks", access: .publicAccess),
            Rule(operationID: Operations.GetPublicTask.id, method: "GET", path: "/public/tasks/{task}", access: .publicAccess),
            Rule(operationID: Operations.GetPublicTaskRecord.id, method: "GET", path: "/public/tasks/{task}/record", access: .publicAccess),
            Rule(operationID: Operations.GetPublicTaskCandidates.id, method: "GET", path: "/public/tasks/{task}/candidates/{kind}", access: .publicAccess),
            Rule(operationID: Operations.SearchPublicResults.id, method: "GET", path: "/public/results", access: .publicAccess),
            Rule(operationID: Operations.GetPublicityFeed.id, method: "GET", path: "/public/results/feed", access: .publicAccess),
            Rule(operationID: Operations.GetPublicityFeedCSV.id, method: "GET", path: "/public/results/feed.csv", access: .publicAccess),
        ]
    }()

    /// Each path with the methods it has, in the order of `rules`: what a 405's `Allow` names.
    public static let methodsByPath: [(path: String, methods: [String])] = rules.reduce(into: []) { paths, rule in
        if let index = paths.firstIndex(where: { $0.path == rule.path }) {
            paths[index].methods.append(rule.method)
        } else {
            paths.append((rule.path, [rule.method]))
        }
    }

    /// The methods of the path template `path` (under `basePath`) matches, nil when none does: a
    /// `{name}` segment matches any one segment. What a 405 for another method names in `Allow`.
    public static func methods(forPath path: String) -> [String]? {
        let segments = path.split(separator: "/")
        var found: [String] = []
        for (template, methods) in methodsByPath {
            let parts = template.split(separator: "/")
            guard parts.count == segments.count,
                  zip(parts, segments).allSatisfy({ $0.hasPrefix("{") || $0 == $1 }) else { continue }
            found += methods.filter { !found.contains($0) }
        }
        return found.isEmpty ? nil : found
    }

    private static let byOperation: [String: RoleGate] = Dictionary(uniqueKeysWithValues: rules.map { ($0.operationID, $0.access) })

    public static func rule(for operationID: String) -> RoleGate? { byOperation[operationID] }
}
