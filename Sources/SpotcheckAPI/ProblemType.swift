/// The `type` of a problem response (RFC 9457): a stable URI per kind of failure, so a client
/// tells a validation error from a state conflict or a duplicate without reading the Chinese
/// `detail`. The URIs are identifiers, not pages (`.invalid` never resolves); openapi.yaml and
/// docs/api.md list them.
public enum ProblemType: String, Sendable, CaseIterable {
    /// 400 or 422: the request or its content breaks a rule; `detail` (and `problems`) name the field.
    case validation
    /// 401: no token, or an unknown, revoked or disabled one.
    case unauthorized
    /// 403: the caller's role or department may not do this.
    case forbidden
    /// 404: the addressed record does not exist.
    case notFound = "not-found"
    /// 405: the path exists, the method does not (`Allow` lists the methods it has).
    case methodNotAllowed = "method-not-allowed"
    /// 406: the `Accept` header excludes JSON.
    case notAcceptable = "not-acceptable"
    /// 409: a code, name or number that must be unique already exists.
    case duplicate
    /// 409: the step is not allowed in the record's current state (a task's state, usually).
    case stateConflict = "state-conflict"
    /// 409: the record is still referenced by others and cannot be removed.
    case inUse = "in-use"
    /// 409: the database refused the write as conflicting, without saying which way.
    case conflict
    /// 413: the body is over the limit.
    case tooLarge = "too-large"
    /// 415: the body is not JSON.
    case unsupportedMediaType = "unsupported-media-type"
    /// 429: too many attempts; `Retry-After` says when to try again.
    case rateLimited = "rate-limited"
    /// 503: the database is busy or unreachable; try again later.
    case unavailable
    /// 500: a fault of the server, logged with the request id.
    case internalError = "internal"

    public static let base = "https://spotcheck.invalid/problems/"

    public var uri: String { Self.base + rawValue }

    /// The kind a bare status stands for, where nothing more specific is known.
    public init(status: Int) {
        self = switch status {
        case 400, 422: .validation
        case 401: .unauthorized
        case 403: .forbidden
        case 404: .notFound
        case 405: .methodNotAllowed
        case 406: .notAcceptable
        case 409: .conflict
        case 413: .tooLarge
        case 415: .unsupportedMediaType
        case 429: .rateLimited
        case 503: .unavailable
        default: .internalError
        }
    }
}
