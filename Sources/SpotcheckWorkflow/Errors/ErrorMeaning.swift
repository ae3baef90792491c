import FluentKit
import Foundation
import SpotcheckCore
import SpotcheckImport
import SpotcheckStore

/// What an error means to the person who caused it: the HTTP status both transports answer with,
/// the Chinese message, and the kind of conflict. The one error → status mapping: pages and
/// the API ask it and differ only where their contracts do (`contentStatus`).
public struct ErrorMeaning: Sendable, Equatable {
    /// The kinds of 409 a client may branch on (the API's problem `type`).
    public enum Conflict: Sendable, Equatable {
        case duplicate, state, inUse, other
    }

    public let status: Int
    public let message: String
    public let conflict: Conflict?
    /// Each refused field, for forms and the API's `problems`.
    public let problems: [TaskPlanProblem]
    /// Input refused by the shared text and paging rules (`TextInput`, `ListPage`): 400 on pages,
    /// 422 in the API, whose contract calls every refused value unprocessable content.
    public let isRefusedInput: Bool
    /// A content rule of the store (`StoreError.invalid`): 400 where it always was.
    public let isContentRule: Bool
    /// The server is busy, not broken: the answer says when to retry.
    public var isBusy: Bool { status == 503 }

    init(_ status: Int, _ message: String, conflict: Conflict? = nil, problems: [TaskPlanProblem] = [],
         isRefusedInput: Bool = false, isContentRule: Bool = false) {
        self.status = status
        self.message = message
        self.conflict = conflict
        self.problems = problems
        self.isRefusedInput = isRefusedInput
        self.isContentRule = isContentRule
    }

    /// Seconds a client is asked to wait before retrying a 503 (`Retry-After`).
    public static let retryAfterSeconds = 5

    /// nil for failures that are not the caller's doing (a bug, a lost connection): the transports
    /// log those and answer 500 without internals.
    public static func of(_ error: any Error) -> ErrorMeaning? {
        switch error {
        case let error as AccessRefusal:
            switch error {
            case .loginRequired: return ErrorMeaning(401, error.description)
            case .forbidden: return ErrorMeaning(403, error.description)
            }
        case let error as StoreError:
            switch error {
            case .notFound: return ErrorMeaning(404, error.description)
            case .duplicate: return ErrorMeaning(409, error.description, conflict: .duplicate)
            case .invalid: return ErrorMeaning(400, error.description, isContentRule: true)
            case .forbidden: return ErrorMeaning(403, error.description)
            case .conflict: return ErrorMeaning(409, error.description, conflict: .state)
            case .inUse: return ErrorMeaning(409, error.description, conflict: .inUse)
            case .cannotOpen: return nil
            }
        case let error as TaskTransitionError:
            // A step the task's state does not allow: the state is the conflict.
            return ErrorMeaning(409, error.description, conflict: .state)
        case let error as TaskPlanInvalid:
            return ErrorMeaning(422, error.description, problems: error.problems)
        case let error as ResultInvalid:
            return ErrorMeaning(422, error.description, problems: error.problems)
        case let error as InputInvalid:
            return ErrorMeaning(422, error.description, problems: error.problems)
        case let error as any VisitRefusal:
            // Another enterprise holds one of the inspectors that half-day: the time conflicts.
            return ErrorMeaning(409, error.description, conflict: .other)
        case let error as TipStore.RateLimited:
            return ErrorMeaning(429, error.description)
        case let error as WebhookAddressRefused:
            // An address that is not HTTPS or points into the server's own network (issue 17).
            return ErrorMeaning(422, error.message, problems: [TaskPlanProblem(field: "url", message: error.message)])
        case let error as AnnualPlanEntryInvalid:
            return ErrorMeaning(422, error.description, problems: error.problems)
        case let error as Workflow.PlanFileInvalid:
            // Every bad row of a plan file, each with its line; nothing was written.
            return ErrorMeaning(422, "文件有 \(error.issues.count) 处错误，未写入任何数据", problems: error.issues.map {
                TaskPlanProblem(field: "第 \($0.line) 行 \($0.field)", message: $0.message)
            })
        case let error as Workflow.PasswordChangeRefusal:
            return ErrorMeaning(422, error.description, problems: [TaskPlanProblem(field: error.field, message: error.description)])
        case let error as CalendarOverrides.ParseError:
            // Every bad line of a holiday CSV, each with its line and column.
            return ErrorMeaning(422, "文件有 \(error.issues.count) 处错误，未写入任何数据", problems: error.issues.map {
                TaskPlanProblem(field: "第 \($0.line) 行 \($0.field)", message: $0.description)
            })
        case let error as ImportFileError:
            return ErrorMeaning(422, "文件无法读取：\(error)")
        case let error as DrawError:
            // The frozen inputs cannot give the draw asked for (too few candidates, …): the
            // request cannot be carried out as it stands, on pages as in the API.
            return ErrorMeaning(422, "抽取失败：\(error)")
        case let error as ListPage.Invalid:
            return ErrorMeaning(400, error.description, isRefusedInput: true)
        case let error as TextInput.Problem:
            return ErrorMeaning(400, error.description, isRefusedInput: true)
        case is DecodingError:
            return ErrorMeaning(400, "提交的数据格式不正确，请检查后重试")
        case let error as any DatabaseError where error.isConstraintFailure:
            // A foreign key or unique index: the data changed under the caller (a concurrent
            // insert) or is still referenced; the driver does not say which.
            return ErrorMeaning(409, "与现有数据冲突：该记录仍被其他数据引用，或同一值已存在", conflict: .other)
        case _ where StoreOverloaded.matches(error) || StoreBusy.matches(error):
            // Every connection in use, or SQLite's write lock held past busy_timeout: busy, not broken.
            return ErrorMeaning(503, "系统繁忙，请 \(retryAfterSeconds) 秒后再试")
        default:
            return nil
        }
    }

    /// The status the API answers: refused input is 422 there.
    public var apiStatus: Int { isRefusedInput ? 422 : status }
}
