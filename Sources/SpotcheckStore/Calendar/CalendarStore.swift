import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

/// The office's holiday list for years the release does not know, stored in the database and
/// merged over the built-in notices. Every deadline the platform computes uses ``calendar()``.
public struct CalendarStore: Sendable {
    public let db: any Database
    public init(db: any Database) { self.db = db }
    var sql: any SQLDatabase { db as! any SQLDatabase }

    /// The stored entries (without the built-in years).
    public func overrides() async throws -> CalendarOverrides {
        CalendarOverrides(try await storedRows(year: nil).map { ($0.date, $0.kind) })
    }

    /// The built-in notices with the stored entries on top.
    public func calendar() async throws -> WorkingDayCalendar {
        WorkingDayCalendar(overrides: try await overrides())
    }

    /// `fixed` when given (tests pin a calendar), else ``calendar()``: what the stores that
    /// compute deadlines (tasks, results) use, so they all read the office's entries alike.
    public static func calendar(fixed: WorkingDayCalendar?, on db: any Database) async throws -> WorkingDayCalendar {
        if let fixed { return fixed }
        return try await CalendarStore(db: db).calendar()
    }

    /// Replaces the stored entries of every year the CSV names with the CSV's entries (the State
    /// Council's list for a year is published whole). All or nothing; the CSV's bad lines are
    /// reported together by ``CalendarOverrides/parseCSV(_:)`` before anything is written.
    @discardableResult
    public func importCSV(_ text: String, actor: AuditLog.Actor) async throws -> (years: [Int], entries: Int) {
        let parsed: CalendarOverrides
        do {
            parsed = try CalendarOverrides.parseCSV(text)
        } catch {
            throw StoreError.invalid(error.issues.map(\.description).joined(separator: "\n"))
        }
        let years = parsed.coveredYears.sorted()
        guard !years.isEmpty else { throw StoreError.invalid("文件中没有日期") }
        try await db.transaction { tx in
            let sql = tx as! any SQLDatabase
            for year in years {
                try await Self.within(year, sql.delete(from: "calendar_overrides")).run()
            }
            let now = Date()
            for entry in parsed.entries {
                try await Self.insertRow(entry.date, entry.kind, by: actor, at: now, on: sql)
            }
            try await AuditLog.record(on: tx, actor: actor, action: "import", entity: "calendar", entityID: years.map(String.init).joined(separator: ","),
                                      after: ["entries": String(parsed.entries.count), "csv": parsed.csvText()])
        }
        return (years, parsed.entries.count)
    }

    /// Removes the stored entries of `year` (the built-in notice, if any, applies again).
    public func clear(year: Int, actor: AuditLog.Actor) async throws {
        try await db.transaction { tx in
            let sql = tx as! any SQLDatabase
            try await Self.within(year, sql.delete(from: "calendar_overrides")).run()
            try await AuditLog.record(on: tx, actor: actor, action: "delete", entity: "calendar", entityID: String(year))
        }
    }
}
