import FluentSQLiteDriver

/// Whether an error means "the database is busy, try again shortly" rather than a fault: SQLite
/// still locked by another process after `busy_timeout`. Pages and the API answer it with 503
/// and `Retry-After`, never 500, because waiting a moment is all the caller needs to do.
public enum StoreBusy {
    public static func matches(_ error: any Error) -> Bool {
        guard let sqlite = error as? SQLiteError else { return false }
        switch sqlite.reason {
        case .busy, .busyInRecovery, .busyInSnapshot, .busyTimeout, .locked, .lockedBySharedCache: return true
        default: return false
        }
    }
}
