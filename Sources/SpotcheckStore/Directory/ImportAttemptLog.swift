import FluentKit

/// Every import attempt leaves an audit event, written or not (issue 13 item 12): a written
/// import's event comes from the list's own upsert (with its counts); this writes the event of
/// an attempt that wrote nothing — a file that could not be read, rows with errors, nothing left
/// to import — so "已记入审计日志" is true of every result the import page shows, and a
/// department trying file after file is visible to the auditor. Pages and the CLI both call it.
public enum ImportAttemptLog {
    /// Audit entity of each list, as its upsert names it.
    public enum List: String, Sendable {
        case enterprises = "enterprise"
        case inspectors = "inspector"
        case items = "inspection_item"
    }

    /// An attempt that wrote nothing. `note` names the file and its SHA-256 as the upsert's does.
    public static func refused(on db: any Database, list: List, actor: AuditLog.Actor, note: String,
                               rows: Int, rejected: Int, reason: String) async throws {
        try await AuditLog.record(on: db, actor: actor, action: "import-refused", entity: list.rawValue, entityID: "bulk", after: [
            "rows": String(rows), "rejected": String(rejected), "reason": String(reason.prefix(500)), "note": note,
        ])
    }
}
