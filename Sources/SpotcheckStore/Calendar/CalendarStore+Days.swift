import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

/// Single stored days: the office admin's page lists them with who entered them and corrects one
/// day at a time. ``CalendarStore/importCSV(_:actor:)`` replaces whole years, which is right for
/// the State Council's list but wrong for "the county adds 2027-05-06 as a working day".
extension CalendarStore {
    /// One stored row with its provenance, for showing where a day's kind comes from.
    public struct StoredDay: Sendable, Hashable {
        public let date: CivilDate
        public let kind: CalendarOverrides.DayKind
        public let updatedBy: String
        public let updatedAt: Date
    }

    /// The stored rows of `year`, in date order.
    public func storedDays(year: Int) async throws -> [StoredDay] {
        try await storedRows(year: year)
    }

    /// The stored rows of `year` (nil: of every year), in date order.
    func storedRows(year: Int?) async throws -> [StoredDay] {
        var query = sql.select().columns("date", "kind", "updated_by", "updated_at").from("calendar_overrides")
        if let year { query = Self.within(year, query) }
        return try await query.orderBy("date").all().compactMap { row in
            // Rows are only written through this store; an unreadable one is skipped rather than
            // failing every deadline and the whole page.
            guard let date = CivilDate(try row.decode(column: "date", as: String.self)),
                  let kind = CalendarOverrides.DayKind(rawValue: try row.decode(column: "kind", as: String.self)) else { return nil }
            return StoredDay(date: date, kind: kind, updatedBy: try row.decode(column: "updated_by", as: String.self),
                             updatedAt: try row.decode(column: "updated_at", as: Date.self))
        }
    }

    /// `query` limited to the dates of `year` (stored as yyyy-MM-dd, which orders as dates do).
    static func within<Query: SQLPredicateBuilder>(_ year: Int, _ query: Query) -> Query {
        query.where("date", .greaterThanOrEqual, "\(year)-01-01").where("date", .lessThanOrEqual, "\(year)-12-31")
    }

    /// Writes one row (the caller deletes any previous row of the date first, in its transaction).
    static func insertRow(_ date: CivilDate, _ kind: CalendarOverrides.DayKind, by actor: AuditLog.Actor, at time: Date,
                          on sql: any SQLDatabase) async throws {
        try await sql.insert(into: "calendar_overrides").columns("date", "kind", "updated_by", "updated_at")
            .values(SQLBind(date.description), SQLBind(kind.rawValue), SQLBind(actor.name), SQLBind(time)).run()
    }

    /// The years that have at least one stored row, ascending.
    public func storedYears() async throws -> [Int] {
        try await overrides().coveredYears.sorted()
    }

    /// Stores `kind` for `date`, adding the day or changing a stored one; allowed for any year,
    /// built-in ones included (a stored day wins over the built-in notice). Audited with the
    /// previous stored kind, if any, in the same transaction. False (and nothing written or
    /// audited) when the day was already stored with that kind.
    @discardableResult
    public func setDay(_ date: CivilDate, to kind: CalendarOverrides.DayKind, actor: AuditLog.Actor) async throws -> Bool {
        try await db.transaction { tx -> Bool in
            let sql = tx as! any SQLDatabase
            let before = try await Self.storedKind(of: date, on: sql)
            if before == kind { return false }
            // Delete then insert rather than an upsert: the two dialects spell upserts differently
            // and the transaction makes the pair atomic.
            try await sql.delete(from: "calendar_overrides").where("date", .equal, date.description).run()
            try await Self.insertRow(date, kind, by: actor, at: Date(), on: sql)
            try await AuditLog.record(on: tx, actor: actor, action: before == nil ? "create" : "update", entity: "calendar", entityID: date.description,
                                      before: before.map { ["kind": $0.rawValue] }, after: ["kind": kind.rawValue])
            return true
        }
    }

    /// Removes the stored row of `date` (the built-in notice or the plain week applies again).
    /// Throws ``StoreError/notFound(entity:key:)`` when nothing is stored for that day.
    public func removeDay(_ date: CivilDate, actor: AuditLog.Actor) async throws {
        try await db.transaction { tx in
            let sql = tx as! any SQLDatabase
            guard let before = try await Self.storedKind(of: date, on: sql) else {
                throw StoreError.notFound(entity: "录入的日期", key: date.description)
            }
            try await sql.delete(from: "calendar_overrides").where("date", .equal, date.description).run()
            try await AuditLog.record(on: tx, actor: actor, action: "delete", entity: "calendar", entityID: date.description,
                                      before: ["kind": before.rawValue])
        }
    }

    private static func storedKind(of date: CivilDate, on sql: any SQLDatabase) async throws -> CalendarOverrides.DayKind? {
        let row = try await sql.select().column("kind").from("calendar_overrides").where("date", .equal, date.description).first()
        return try row.flatMap { CalendarOverrides.DayKind(rawValue: try $0.decode(column: "kind", as: String.self)) }
    }
}
