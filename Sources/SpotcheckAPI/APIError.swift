import Foundation
import HTTPTypes
import OpenAPIRuntime
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// An error the API answers with a problem response (RFC 9457): a status and a Chinese `detail`
/// the caller can act on. Handlers throw these or `StoreError`s; `respond` turns both into the
/// operation's typed problem response, so the status is one that openapi.yaml declares.
public struct APIError: Error, Sendable, Equatable, CustomStringConvertible {
    public let status: Int
    public let detail: String
    /// What kind of failure this is (the problem's `type`), for clients that must not parse `detail`.
    public let type: ProblemType
    /// Every problem of refused content, each with its field (`problems` of the body).
    public let problems: [TaskPlanProblem]

    public init(status: Int, detail: String, type: ProblemType? = nil, problems: [TaskPlanProblem] = []) {
        self.status = status
        self.detail = detail
        self.type = type ?? ProblemType(status: status)
        self.problems = problems
    }

    public static let unauthorized = APIError(status: 401, detail: "缺少访问令牌：请在请求头中加入 Authorization: Bearer <令牌>（在“我的账户”页面创建）")
    public static func forbidden(_ detail: String) -> APIError { APIError(status: 403, detail: detail) }
    public static func badRequest(_ detail: String) -> APIError { APIError(status: 400, detail: detail) }
    public static func notFound(_ detail: String) -> APIError { APIError(status: 404, detail: detail) }
    /// A 409 whose kind the caller knows: a duplicate, a state that forbids the step, a record in use.
    public static func conflict(_ detail: String, _ type: ProblemType) -> APIError { APIError(status: 409, detail: detail, type: type) }
    public static func unprocessable(_ detail: String) -> APIError { APIError(status: 422, detail: detail) }
    /// Content refused for one field: 422 with the field in `problems` as well as in `detail`.
    public static func invalidField(_ field: String, _ message: String) -> APIError {
        APIError(status: 422, detail: message, problems: [TaskPlanProblem(field: field, message: message)])
    }

    /// A refusal of the workflow layer's access rules: 401 without a token, 403 otherwise.
    public init(_ refusal: AccessRefusal) {
        switch refusal {
        case .loginRequired: self = .unauthorized
        case let .forbidden(message): self = .forbidden(message)
        }
    }

    /// Any error by its meaning (`ErrorMeaning`, shared with the pages); `nil` for failures that
    /// are not the caller's doing.
    public init?(_ error: any Error) {
        if let error = error as? APIError { self = error; return }
        if let refusal = error as? AccessRefusal { self.init(refusal); return }
        guard let meaning = ErrorMeaning.of(error) else { return nil }
        let type: ProblemType? = switch meaning.conflict {
        case .duplicate: .duplicate
        case .state: .stateConflict
        case .inUse: .inUse
        case .other: .conflict
        case nil: nil
        }
        self.init(status: meaning.apiStatus, detail: meaning.message, type: type, problems: meaning.problems)
        self.isContentRule = meaning.isContentRule
    }

    /// A content rule of the store, answered 400 by the older operations and 422 by those that
    /// declare it (`ContentRulesAnswer422`).
    var isContentRule = false

    public var description: String { "\(status) \(detail)" }

    /// The problem body for the current request (see `APIRequestPrincipal`).
    var problem: Components.Schemas.Problem {
        Components.Schemas.Problem(
            _type: type.uri, title: ReasonPhrase.forCode(status), status: status, detail: detail,
            instance: APIRequestPrincipal.path, requestId: APIRequestPrincipal.requestID,
            problems: problems.isEmpty ? nil : problems.map { .init(field: $0.field, message: $0.message) })
    }

    /// The problem body as bytes, for answers built outside the generated server (405).
    public var problemJSON: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(problem)) ?? Data()
    }

    /// A complete HTTP response, for the middleware that answers before any handler runs.
    public var httpResponse: (HTTPResponse, HTTPBody) {
        var fields = HTTPFields()
        fields[.contentType] = "application/problem+json"
        if status == 401 { fields[.wwwAuthenticate] = "Bearer" }
        return (HTTPResponse(status: .init(code: status), headerFields: fields), HTTPBody(problemJSON))
    }
}

// MARK: - Typed problem responses

/// An operation output that can carry a problem: every operation declares a `default` problem
/// response. The protocols below match the generated enum cases by name (enum cases satisfy
/// static-function requirements), so an output conforms only to the statuses its operation
/// declares, and a mismatch between openapi.yaml and the handlers is a compile error.
protocol ProblemOutput {
    static func `default`(statusCode: Int, _ response: Components.Responses.UnexpectedError) -> Self
}

protocol BadRequestOutput { static func badRequest(_ response: Components.Responses.BadRequest) -> Self }
protocol UnauthorizedOutput { static func unauthorized(_ response: Components.Responses.Unauthorized) -> Self }
protocol ForbiddenOutput { static func forbidden(_ response: Components.Responses.Forbidden) -> Self }
protocol NotFoundOutput { static func notFound(_ response: Components.Responses.NotFound) -> Self }
protocol ConflictOutput { static func conflict(_ response: Components.Responses.Conflict) -> Self }
/// Every operation but the health check declares 422 (bounded input, see `APIInputCheck`);
/// `StoreError.invalid` from the older operations still answers 400, as they always did.
protocol UnprocessableContentOutput { static func unprocessableContent(_ response: Components.Responses.UnprocessableContent) -> Self }
/// Operations whose content rules (`StoreError.invalid`) answer 422 since they were added; the
/// older operations answered 400 for the same and keep it, so their clients see no change.
protocol ContentRulesAnswer422 {}

extension ProblemOutput {
    /// The declared response for the error's status, or the `default` response with that status.
    static func problem(_ error: APIError) -> Self {
        let body = error.problem
        let declared: Any? = switch error.status {
        case 400: (Self.self as? any BadRequestOutput.Type)?.badRequest(.init(body: .applicationProblemJson(body)))
        case 401: (Self.self as? any UnauthorizedOutput.Type)?.unauthorized(.init(headers: .init(wwwAuthenticate: "Bearer"), body: .applicationProblemJson(body)))
        case 403: (Self.self as? any ForbiddenOutput.Type)?.forbidden(.init(body: .applicationProblemJson(body)))
        case 404: (Self.self as? any NotFoundOutput.Type)?.notFound(.init(body: .applicationProblemJson(body)))
        case 409: (Self.self as? any ConflictOutput.Type)?.conflict(.init(body: .applicationProblemJson(body)))
        case 422: (Self.self as? any UnprocessableContentOutput.Type)?.unprocessableContent(.init(body: .applicationProblemJson(body)))
        default: nil
        }
        return declared as? Self ?? .default(statusCode: error.status, .init(body: .applicationProblemJson(body)))
    }
}

/// Runs a handler body and answers its `APIError`s and `StoreError`s with the typed problem
/// response. Anything else (a lost database connection, a bug) propagates to the web layer,
/// which logs it with the request id and answers 500 without internals.
func respond<Output: ProblemOutput>(_ body: () async throws -> Output) async throws -> Output {
    do {
        return try await body()
    } catch {
        // A busy store propagates: the web layer answers 503 with Retry-After for every route.
        guard let apiError = APIError(error), apiError.status != 503 else { throw error }
        if apiError.isContentRule, Output.self is any ContentRulesAnswer422.Type {
            return .problem(.unprocessable(apiError.detail))
        }
        return .problem(apiError)
    }
}

extension Operations.GetHealth.Output: ProblemOutput {}
extension Operations.GetMe.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, UnprocessableContentOutput {}
extension Operations.ListMyTokens.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, UnprocessableContentOutput {}
extension Operations.CreateMyToken.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, UnprocessableContentOutput {}
extension Operations.RevokeMyToken.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, NotFoundOutput, UnprocessableContentOutput {}
extension Operations.ListDepartments.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, UnprocessableContentOutput {}
extension Operations.CreateDepartment.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, ConflictOutput, UnprocessableContentOutput {}
extension Operations.GetDepartment.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, UnprocessableContentOutput {}
extension Operations.UpdateDepartment.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, UnprocessableContentOutput {}
extension Operations.DeleteDepartment.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput {}
extension Operations.ListDepartmentUsers.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, UnprocessableContentOutput {}
extension Operations.ListUsers.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, UnprocessableContentOutput {}
extension Operations.CreateUser.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput {}
extension Operations.GetUser.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, UnprocessableContentOutput {}
extension Operations.UpdateUser.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, UnprocessableContentOutput {}
extension Operations.DeleteUser.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, UnprocessableContentOutput {}
extension Operations.ListEnterprises.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, UnprocessableContentOutput {}
extension Operations.CreateEnterprise.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.GetEnterprise.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, UnprocessableContentOutput {}
extension Operations.ReplaceEnterprise.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.ListDepartmentInspectors.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, UnprocessableContentOutput {}
extension Operations.CreateInspector.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.GetInspector.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, UnprocessableContentOutput {}
extension Operations.ReplaceInspector.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.DeleteInspector.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput {}
extension Operations.DeleteConflict.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, UnprocessableContentOutput {}
extension Operations.ListDepartmentConflicts.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, UnprocessableContentOutput {}
extension Operations.CreateConflict.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.ListDepartmentItems.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, UnprocessableContentOutput {}
extension Operations.CreateItem.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.GetItem.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, UnprocessableContentOutput {}
extension Operations.ReplaceItem.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.DeleteItem.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput {}
extension Operations.SetItemRetired.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, UnprocessableContentOutput {}
extension Operations.ListPublicItems.Output: ProblemOutput, BadRequestOutput, NotFoundOutput, UnprocessableContentOutput {}
extension Operations.ListTasks.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, UnprocessableContentOutput {}
extension Operations.CreateTask.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.GetTask.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, UnprocessableContentOutput {}
extension Operations.ReplaceTask.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.DeleteTask.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput {}
extension Operations.PublishTask.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.DrawTask.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.ListTaskDispatches.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, UnprocessableContentOutput {}
extension Operations.ConfirmTaskDispatch.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.RejectTaskDispatch.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.AddTaskExpert.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.RemoveTaskExpert.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput {}
extension Operations.SetTaskInspectorCount.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.DrawTaskInspectors.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.RejectTaskInspector.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.ListTaskInspectors.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, UnprocessableContentOutput {}
extension Operations.MatchTask.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.CancelTask.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.StartTask.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput {}
extension Operations.CompleteTask.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput {}
extension Operations.ArchiveTask.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput {}
extension Operations.GetTaskRecord.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, UnprocessableContentOutput {}
extension Operations.GetTaskCandidates.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, UnprocessableContentOutput {}
extension Operations.GetTaskForm.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput {}
extension Operations.GetTaskGroupReport.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput {}
extension Operations.ConfirmAllTaskDispatches.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.ListTaskResults.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.GetTaskResult.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.SaveTaskResultDraft.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.SubmitTaskResult.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.ApproveTaskResult.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.CorrectTaskResult.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.ListTaskResultEvidence.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.UploadTaskResultEvidence.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.DownloadTaskResultEvidence.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.WithdrawTaskResultEvidence.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.ListTaskDispositions.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.CreateTaskDisposition.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.UpdateTaskDispositionStatus.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.GetTaskDispositionHistory.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.SubmitTaskGroupReport.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.GetStatistics.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.GetStatisticsCSV.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.GetStatisticsXLSX.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.ListAuditEvents.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, UnprocessableContentOutput {}
extension Operations.VerifyAuditChain.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, UnprocessableContentOutput {}
extension Operations.GetCalendarYear.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.ClearCalendarYear.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.SetCalendarDay.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.RemoveCalendarDay.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.ImportCalendar.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.ChangeMyPassword.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.ListTaskForms.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput {}
extension Operations.ExportDirectory.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.ImportDirectory.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.ListPublicTasks.Output: ProblemOutput, BadRequestOutput, UnprocessableContentOutput {}
extension Operations.GetPublicTask.Output: ProblemOutput, BadRequestOutput, NotFoundOutput, UnprocessableContentOutput {}
extension Operations.GetPublicTaskRecord.Output: ProblemOutput, BadRequestOutput, NotFoundOutput, UnprocessableContentOutput {}
extension Operations.GetPublicTaskCandidates.Output: ProblemOutput, BadRequestOutput, NotFoundOutput, UnprocessableContentOutput {}
extension Operations.SearchPublicResults.Output: ProblemOutput, BadRequestOutput, UnprocessableContentOutput {}
extension Operations.GetPublicityFeed.Output: ProblemOutput, BadRequestOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.GetPublicityFeedCSV.Output: ProblemOutput, BadRequestOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.ListAnnualPlans.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.GetAnnualPlan.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.CreatePlanEntry.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.ReplacePlanEntry.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.DeletePlanEntry.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.ApproveAnnualPlan.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.ReopenAnnualPlan.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.PublishAnnualPlan.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.ImportAnnualPlan.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.ExportAnnualPlan.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.GetPublicAnnualPlan.Output: ProblemOutput, BadRequestOutput, NotFoundOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.ListTaskVisits.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.ProposeTaskVisit.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput {}
extension Operations.AcceptTaskVisit.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput {}
extension Operations.GetMyAgenda.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, UnprocessableContentOutput {}
extension Operations.RenewCalendarFeed.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, UnprocessableContentOutput {}
extension Operations.RevokeCalendarFeed.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, UnprocessableContentOutput {}
extension Operations.ListTaskSummaries.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.SaveTaskSummary.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.SubmitTaskSummary.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.AttachTaskSummaryFile.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.GetTaskClosingReport.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}

// 消息中心, channels and deliveries (issue 17).
extension Operations.ListMyMessages.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.MarkMyMessageRead.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.MarkAllMyMessagesRead.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.ListChannels.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.SetChannel.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.DeleteChannel.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.TestChannel.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.ListDeliveries.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.RetryDelivery.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}

// 举报线索 (issue 17).
extension Operations.SubmitPublicTip.Output: ProblemOutput, BadRequestOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.GetPublicTipStatus.Output: ProblemOutput, BadRequestOutput, NotFoundOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.ListTips.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.GetTip.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.RouteTip.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.RejectTip.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.AddTipNote.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
extension Operations.CloseTip.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput, ContentRulesAnswer422 {}
