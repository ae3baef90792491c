import Foundation
import SpotcheckAPI
import SpotcheckStore
import SpotcheckTestSupport
import SpotcheckWeb
import SpotcheckWorkflow
import Testing

/// Every action a page offers can be done through `/api/v1` by the same people (issue 14: "an
/// API that can run the whole notice"). The routes are read from the table the application fills
/// while it registers them, so a new page action without its operation (or a written reason why
/// it has none) fails here, and so does an operation whose access rule drifts from its page's.
@Suite struct PageAPIParityTests {
    /// Page action (POST path) → the API operations that do the same.
    static let operations: [String: [String]] = [
        "/departments": ["createDepartment"],
        "/departments/{code}/edit": ["updateDepartment"],
        "/departments/{code}/delete": ["deleteDepartment"],
        "/users": ["createUser"],
        "/users/{username}/edit": ["updateUser"],
        "/users/{username}/password": ["updateUser"],
        "/users/{username}/delete": ["deleteUser"],
        "/account/password": ["changeMyPassword"],
        "/account/tokens": ["createMyToken"],
        "/account/tokens/{id}/revoke": ["revokeMyToken"],
        "/enterprises/{uscc}/edit": ["replaceEnterprise"],
        "/departments/{code}/inspectors": ["createInspector"],
        "/departments/{code}/inspectors/{inspector}/edit": ["replaceInspector"],
        "/departments/{code}/inspectors/{inspector}/delete": ["deleteInspector"],
        "/departments/{code}/inspectors/{inspector}/retire": ["replaceInspector"],
        "/departments/{code}/inspectors/{inspector}/reinstate": ["replaceInspector"],
        "/departments/{code}/inspectors/{inspector}/conflicts": ["createConflict"],
        "/departments/{code}/inspectors/{inspector}/conflicts/{uscc}/delete": ["deleteConflict"],
        "/departments/{code}/items": ["createItem"],
        "/departments/{code}/items/{item}/edit": ["replaceItem"],
        "/departments/{code}/items/{item}/delete": ["deleteItem"],
        "/departments/{code}/items/{item}/retire": ["setItemRetired"],
        "/departments/{code}/items/{item}/reinstate": ["setItemRetired"],
        "/imports": ["importDirectory"],
        "/calendar/import": ["importCalendar"],
        "/calendar/days": ["setCalendarDay"],
        "/calendar/days/{date}/delete": ["removeCalendarDay"],
        "/calendar/years/{year}/clear": ["clearCalendarYear"],
        "/plans/entries": ["createPlanEntry"],
        "/tasks/{id}/summaries/{code}": ["saveTaskSummary"],
        "/tasks/{id}/summaries/{code}/submit": ["submitTaskSummary"],
        "/tasks/{id}/summaries/{code}/files": ["attachTaskSummaryFile"],
        "/tasks/{id}/forms/{uscc}/visits": ["proposeTaskVisit"],
        "/tasks/{id}/forms/{uscc}/visits/{visit}/accept": ["acceptTaskVisit"],
        "/agenda/feed": ["renewCalendarFeed"],
        "/tips": ["submitPublicTip"],
        "/tips/manage/{tid}/route": ["routeTip"],
        "/tips/manage/{tid}/reject": ["rejectTip"],
        "/tips/manage/{tid}/notes": ["addTipNote"],
        "/tips/manage/{tid}/close": ["closeTip"],
        "/messages/{mid}/read": ["markMyMessageRead"],
        "/messages/read-all": ["markAllMyMessagesRead"],
        "/settings/channels": ["setChannel"],
        "/settings/channels/{cid}/delete": ["deleteChannel"],
        "/settings/channels/{cid}/test": ["testChannel"],
        "/deliveries/{did}/retry": ["retryDelivery"],
        "/agenda/feed/revoke": ["revokeCalendarFeed"],
        "/plans/entries/{entry}/edit": ["replacePlanEntry"],
        "/plans/entries/{entry}/delete": ["deletePlanEntry"],
        "/plans/{year}/publish": ["publishAnnualPlan"],
        "/plans/{year}/approve": ["approveAnnualPlan"],
        "/plans/{year}/reopen": ["reopenAnnualPlan"],
        "/plans/{year}/import": ["importAnnualPlan"],
        "/tasks": ["createTask"],
        "/tasks/{id}/edit": ["replaceTask"],
        "/tasks/{id}/publish": ["publishTask"],
        "/tasks/{id}/draw": ["drawTask"],
        "/tasks/{id}/match": ["matchTask"],
        "/tasks/{id}/start": ["startTask"],
        "/tasks/{id}/complete": ["completeTask"],
        "/tasks/{id}/archive": ["archiveTask"],
        "/tasks/{id}/cancel": ["cancelTask"],
        "/tasks/{id}/delete": ["deleteTask"],
        "/tasks/{id}/departments/{code}/dispatches/{uscc}/confirm": ["confirmTaskDispatch"],
        "/tasks/{id}/departments/{code}/dispatches/{uscc}/reject": ["rejectTaskDispatch"],
        "/tasks/{id}/departments/{code}/confirm-all": ["confirmAllTaskDispatches"],
        "/tasks/{id}/departments/{code}/teams/{team}/experts": ["addTaskExpert"],
        "/tasks/{id}/departments/{code}/teams/{team}/experts/{expert}/remove": ["removeTaskExpert"],
        "/tasks/{id}/departments/{code}/inspector-count": ["setTaskInspectorCount"],
        "/tasks/{id}/departments/{code}/draw-inspectors": ["drawTaskInspectors"],
        "/tasks/{id}/departments/{code}/inspectors/{inspector}/reject": ["rejectTaskInspector"],
        "/tasks/{id}/groups/{dept}/submit": ["submitTaskGroupReport"],
        // One form, two buttons: 保存草稿 and 提交.
        "/tasks/{id}/forms/{uscc}/results/{dept}": ["saveTaskResultDraft", "submitTaskResult"],
        "/tasks/{id}/forms/{uscc}/results/{dept}/approve": ["approveTaskResult"],
        "/tasks/{id}/forms/{uscc}/results/{dept}/correct": ["correctTaskResult"],
        "/tasks/{id}/forms/{uscc}/results/{dept}/evidence": ["uploadTaskResultEvidence"],
        "/tasks/{id}/forms/{uscc}/results/{dept}/evidence/{file}/withdraw": ["withdrawTaskResultEvidence"],
        "/tasks/{id}/dispositions": ["createTaskDisposition"],
        "/tasks/{id}/dispositions/{did}": ["updateTaskDispositionStatus"],
    ]

    /// Page actions with no operation, and why.
    static let withoutOperation: [String: String] = [
        "/login": "API clients authenticate with a bearer token made on the account page, not a session",
        "/logout": "ends a browser session; a token is revoked with revokeMyToken",
    ]

    @Test func everyPageActionHasAnOperationWithTheSameAccessRule() async throws {
        try await TestDatabase.sqlite.withStore { store in
            let table = RouteTable()
            _ = try await buildApplication(store: store, configuration: WebConfiguration(), routes: table)
            let actions = table.all.filter { $0.method == "POST" && !$0.path.hasPrefix(APIAccess.basePath + "/") }
            #expect(actions.count >= Self.operations.count, "the table lists the page actions as they are registered")
            for action in actions {
                if Self.withoutOperation[action.path] != nil { continue }
                guard let operationIDs = Self.operations[action.path] else {
                    Issue.record("page action POST \(action.path) has no API operation; add one (or a reason to withoutOperation)")
                    continue
                }
                for id in operationIDs {
                    guard let rule = APIAccess.rules.first(where: { $0.operationID == id }) else {
                        Issue.record("\(action.path): operation \(id) does not exist")
                        continue
                    }
                    #expect(rule.access == action.access, "POST \(action.path) is for \(action.access), \(id) for \(rule.access)")
                }
            }
            // And nothing listed here is stale: each listed page action is still registered.
            let registered = Set(actions.map(\.path))
            for path in Self.operations.keys { #expect(registered.contains(path), "\(path) is no longer a page action") }
            // The API's own routes are in the same table with the rules APIAccess declares.
            let apiRoutes = table.all.filter { $0.path.hasPrefix(APIAccess.basePath + "/") }
            #expect(apiRoutes.count == APIAccess.rules.count)
        }
    }
}
