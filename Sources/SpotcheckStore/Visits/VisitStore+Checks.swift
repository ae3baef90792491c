import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

/// What a visit is checked against (issue 16): one officer in two places in one half-day (refused,
/// and the refusal audited), and the results deadline already running at the enterprise (warned).
extension VisitStore {
    /// Refuses the half-day when an officer of `uscc`'s teams is on a team of another enterprise
    /// with a current visit then (in any task).
    func refuseClash(taskID: Int, uscc: String, date: CivilDate, halfDay: VisitHalfDay) async throws {
        let mine = Array(Set(try await inspectors(taskID: taskID, uscc: uscc))).sorted()
        guard !mine.isEmpty else { return }
        // One query: a current visit that half-day, at another enterprise, whose teams share an officer.
        let visitJoin = and(equal(column("task_id", Self.assignments), column("task_id", Self.visits)),
                            equal(column("uscc", Self.assignments), column("uscc", Self.visits)))
        let elsewhere: any SQLExpression = SQLGroupExpression(SQLBinaryExpression(
            SQLBinaryExpression(column("task_id", Self.visits), .notEqual, SQLBind(taskID)), .or,
            SQLBinaryExpression(column("uscc", Self.visits), .notEqual, SQLBind(uscc))))
        let query = membersAtAssignments().join(Self.visits, on: visitJoin)
            .column(column("task_id", Self.visits)).column(column("uscc", Self.visits)).column(column("inspector_code", Self.members))
            .where(column("visit_date", Self.visits), .equal, SQLBind(date.description))
            .where(column("half_day", Self.visits), .equal, SQLBind(halfDay.rawValue))
            .where(column("state", Self.visits), .notEqual, SQLBind(VisitState.replaced.rawValue))
            .where(column("inspector_code", Self.members), .in, SQLBind.group(mine)).where(elsewhere)
        guard let hit = try await query.orderBy(column("inspector_code", Self.members)).limit(1).first()
        else { return }
        let shared = try hit.decode(column: "inspector_code", as: String.self)
        let otherTask = try hit.decode(column: "task_id", as: Int.self), otherUSCC = try hit.decode(column: "uscc", as: String.self)
        let name = try await sql.select().column("name").from("inspectors").where("code", .equal, shared).first()?
            .decode(column: "name", as: String.self) ?? shared
        let enterprise = try await sql.select().column("name").from("enterprises").where("uscc", .equal, otherUSCC).first()?
            .decode(column: "name", as: String.self) ?? otherUSCC
        let number = try await sql.select().column("document_number").from("tasks").where("id", .equal, otherTask).first()?
            .decode(column: "document_number", as: String.self) ?? String(otherTask)
        throw Clash(inspector: name, otherEnterprise: enterprise, otherDocumentNumber: number, when: "\(date.chineseText)\(halfDay.label)")
    }

    /// The earliest results deadline running at `uscc`: once any of its departments has recorded
    /// an inspection date (draft or submitted), its result is due N working days later (the
    /// notice: 自完成抽查工作后20个工作日内). Nil while nobody has inspected.
    public func resultDeadline(taskID: Int, uscc: String) async throws -> ResultDeadlineRunning? {
        let rows = try await sql.select().columns("department_code", "inspection_date", "due_date").from("inspection_results")
            .where("task_id", .equal, taskID).where("uscc", .equal, uscc).all()
        guard !rows.isEmpty else { return nil }
        let working = try await CalendarStore.calendar(fixed: calendar, on: db)
        var earliest: (code: String, inspected: CivilDate, due: CivilDate)?
        for row in rows {
            let key = "\(taskID)/\(uscc)"
            guard let inspected = try row.decodeStoredOptionalDate("inspection_date", entity: "inspection_results", id: key),
                  let due = ResultDeadline.due(stored: try row.decodeStoredOptionalDate("due_date", entity: "inspection_results", id: key),
                                               inspectedOn: inspected, calendar: working) else { continue }
            if earliest.map({ due < $0.due }) ?? true {
                earliest = (try row.decode(column: "department_code", as: String.self), inspected, due)
            }
        }
        guard let earliest else { return nil }
        let department = try await sql.select().column("name").from("departments").where("code", .equal, earliest.code).first()?
            .decode(column: "name", as: String.self) ?? earliest.code
        return ResultDeadlineRunning(department: department, inspectionDate: earliest.inspected, due: earliest.due)
    }

    /// Leaves a refused proposal or acceptance in the audit log (as refused imports are), so the
    /// office sees who tried to book an officer twice; nothing else of the attempt is written.
    func recordRefusal(_ refusal: any VisitRefusal, taskID: Int, uscc: String, date: CivilDate,
                       halfDay: VisitHalfDay, actor: AuditLog.Actor) async throws {
        try await AuditLog.record(on: db, actor: actor, action: "refuse-visit", entity: "task_visit", entityID: "\(taskID)/\(uscc)",
                                  after: ["task": String(taskID), "uscc": uscc, "date": date.description, "half_day": halfDay.label,
                                          "reason": refusal.description], at: clock.now())
    }
}
