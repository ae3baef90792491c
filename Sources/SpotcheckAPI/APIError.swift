import FluentKit
import Foundation
import HTTPTypes
import OpenAPIRuntime
import SpotcheckCore
import SpotcheckStore

/// An error the API answers with a problem response (RFC 9457): a status and a Chinese `detail`
/// the caller can act on. Handlers throw these or `StoreError`s; `respond` turns both into the
/// operation's typed problem response, so the status is one that openapi.yaml declares.
public struct APIError: Error, Sendable, Equatable, CustomStringConvertible {
    public let status: Int
    public let detail: String
    /// Every problem of a refused task plan, each with its field (`problems` of the body).
    public let problems: [TaskPlanProblem]

    public init(status: Int, detail: String, problems: [TaskPlanProblem] = []) {
        self.status = status
        self.detail = detail
        self.problems = problems
    }

    public static let unauthorized = APIError(status: 401, detail: "缺少访问令牌：请在请求头中加入 Authorization: Bearer <令牌>（在“我的账户”页面创建）")
    public static func forbidden(_ detail: String) -> APIError { APIError(status: 403, detail: detail) }
    public static func badRequest(_ detail: String) -> APIError { APIError(status: 400, detail: detail) }
    public static func notFound(_ detail: String) -> APIError { APIError(status: 404, detail: detail) }
    public static func conflict(_ detail: String) -> APIError { APIError(status: 409, detail: detail) }
    public static func unprocessable(_ detail: String) -> APIError { APIError(status: 422, detail: detail) }

    /// A write the database refused because of a foreign key or unique index: the data changed
    /// under the caller (a concurrent insert) or is still referenced.
    static let constraintConflict = APIError.conflict("与现有数据冲突：该记录仍被其他数据引用，或同一值已存在")

    /// The store's errors by their meaning; `nil` for failures that are not the caller's doing.
    public init?(_ error: StoreError) {
        switch error {
        case .notFound: self.init(status: 404, detail: error.description)
        case .duplicate: self.init(status: 409, detail: error.description)
        case .invalid: self.init(status: 400, detail: error.description)
        case .forbidden: self.init(status: 403, detail: error.description)
        case .cannotOpen: return nil
        }
    }

    public var description: String { "\(status) \(detail)" }

    /// The problem body for the current request (see `APIRequestPrincipal`).
    var problem: Components.Schemas.Problem {
        Components.Schemas.Problem(
            _type: "about:blank", title: ReasonPhrase.forCode(status), status: status, detail: detail,
            instance: APIRequestPrincipal.path, requestId: APIRequestPrincipal.requestID,
            problems: problems.isEmpty ? nil : problems.map { .init(field: $0.field, message: $0.message) })
    }

    /// A complete HTTP response, for the middleware that answers before any handler runs.
    public var httpResponse: (HTTPResponse, HTTPBody) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(problem)) ?? Data()
        var fields = HTTPFields()
        fields[.contentType] = "application/problem+json"
        if status == 401 { fields[.wwwAuthenticate] = "Bearer" }
        return (HTTPResponse(status: .init(code: status), headerFields: fields), HTTPBody(data))
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
/// Operations that answer content breaking a rule of the lists with 422; the older operations
/// document 400 for the same and keep it.
protocol UnprocessableContentOutput { static func unprocessableContent(_ response: Components.Responses.UnprocessableContent) -> Self }

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
    } catch let error as APIError {
        return .problem(error)
    } catch let error as StoreError {
        guard let apiError = APIError(error) else { throw error }
        if case .invalid = error, Output.self is any UnprocessableContentOutput.Type {
            return .problem(.unprocessable(apiError.detail))
        }
        return .problem(apiError)
    } catch let error as TaskTransitionError {
        // A step the task's state does not allow: the state is the conflict.
        return .problem(.conflict(error.description))
    } catch let error as TaskPlanInvalid {
        return .problem(APIError(status: 422, detail: error.description, problems: error.problems))
    } catch let error as DrawError {
        return .problem(.unprocessable("抽取失败：\(error)"))
    } catch let error as any DatabaseError where error.isConstraintFailure {
        return .problem(.constraintConflict)
    }
}

extension Operations.GetHealth.Output: ProblemOutput {}
extension Operations.GetMe.Output: ProblemOutput, UnauthorizedOutput {}
extension Operations.ListMyTokens.Output: ProblemOutput, UnauthorizedOutput {}
extension Operations.CreateMyToken.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput {}
extension Operations.RevokeMyToken.Output: ProblemOutput, UnauthorizedOutput, NotFoundOutput {}
extension Operations.ListDepartments.Output: ProblemOutput, UnauthorizedOutput, ForbiddenOutput {}
extension Operations.CreateDepartment.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, ConflictOutput {}
extension Operations.GetDepartment.Output: ProblemOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput {}
extension Operations.UpdateDepartment.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput {}
extension Operations.DeleteDepartment.Output: ProblemOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput {}
extension Operations.ListDepartmentUsers.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput {}
extension Operations.ListUsers.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput {}
extension Operations.CreateUser.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput {}
extension Operations.GetUser.Output: ProblemOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput {}
extension Operations.UpdateUser.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput {}
extension Operations.DeleteUser.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput {}
extension Operations.ListEnterprises.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput {}
extension Operations.CreateEnterprise.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, ConflictOutput, UnprocessableContentOutput {}
extension Operations.GetEnterprise.Output: ProblemOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput {}
extension Operations.ReplaceEnterprise.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, UnprocessableContentOutput {}
extension Operations.ListDepartmentInspectors.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput {}
extension Operations.CreateInspector.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput {}
extension Operations.GetInspector.Output: ProblemOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput {}
extension Operations.ReplaceInspector.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, UnprocessableContentOutput {}
extension Operations.DeleteInspector.Output: ProblemOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput {}
extension Operations.DeleteConflict.Output: ProblemOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput {}
extension Operations.ListDepartmentConflicts.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput {}
extension Operations.CreateConflict.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput {}
extension Operations.ListDepartmentItems.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput {}
extension Operations.CreateItem.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput {}
extension Operations.GetItem.Output: ProblemOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput {}
extension Operations.ReplaceItem.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, UnprocessableContentOutput {}
extension Operations.DeleteItem.Output: ProblemOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput {}
extension Operations.ListPublicItems.Output: ProblemOutput, NotFoundOutput {}
extension Operations.ListTasks.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput {}
extension Operations.CreateTask.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, ConflictOutput, UnprocessableContentOutput {}
extension Operations.GetTask.Output: ProblemOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput {}
extension Operations.ReplaceTask.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput {}
extension Operations.DeleteTask.Output: ProblemOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput {}
extension Operations.PublishTask.Output: ProblemOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput {}
extension Operations.DrawTask.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput {}
extension Operations.ListTaskDispatches.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput {}
extension Operations.ConfirmTaskDispatch.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput {}
extension Operations.RejectTaskDispatch.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput {}
extension Operations.AddTaskExpert.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput {}
extension Operations.RemoveTaskExpert.Output: ProblemOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput {}
extension Operations.SetTaskInspectorCount.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput {}
extension Operations.DrawTaskInspectors.Output: ProblemOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput {}
extension Operations.RejectTaskInspector.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput {}
extension Operations.ListTaskInspectors.Output: ProblemOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput {}
extension Operations.MatchTask.Output: ProblemOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput {}
extension Operations.CancelTask.Output: ProblemOutput, BadRequestOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput, UnprocessableContentOutput {}
extension Operations.StartTask.Output: ProblemOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput {}
extension Operations.CompleteTask.Output: ProblemOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput {}
extension Operations.ArchiveTask.Output: ProblemOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput {}
extension Operations.GetTaskRecord.Output: ProblemOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput {}
extension Operations.GetTaskCandidates.Output: ProblemOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput {}
extension Operations.GetTaskForm.Output: ProblemOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput {}
extension Operations.GetTaskGroupReport.Output: ProblemOutput, UnauthorizedOutput, ForbiddenOutput, NotFoundOutput, ConflictOutput {}
