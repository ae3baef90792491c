import FluentPostgresDriver

/// Whether an error means "every database connection is taken, try again shortly" rather than a
/// fault: the connection pool gave up waiting for a free connection (AsyncKit's
/// `ConnectionPoolTimeoutError`, the same for SQLite and PostgreSQL), or PostgreSQL itself refused
/// a new connection because it has too many or is starting up. Pages and the API answer it with
/// 503 and `Retry-After`, never 500: a burst of anonymous readers must not look like a crash.
public enum StoreOverloaded {
    public static func matches(_ error: any Error) -> Bool {
        switch error {
        case is ConnectionPoolTimeoutError:
            return true
        case let error as PSQLError where error.code == .server:
            let state = error.serverInfo?[.sqlState].map { PostgresError.Code(raw: $0) }
            return state == .tooManyConnections || state == .cannotConnectNow
        default:
            return false
        }
    }
}
