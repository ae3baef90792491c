import Foundation
import OpenAPIRuntime
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// The office's administration (audit log, working-day calendar), the caller's own password and
/// the forms list of a task: each operation calls the use case the page calls.
extension APIHandler {
    // MARK: Audit log

    func listAuditEvents(_ input: Operations.ListAuditEvents.Input) async throws -> Operations.ListAuditEvents.Output {
        try await respond {
            let (page, perPage) = try Self.paging(page: input.query.page, perPage: input.query.perPage)
            let entity = try Self.search(input.query.entity, parameter: "entity", maxLength: 32)
            let (events, total) = try await workflow.auditEvents(entity: entity, page: page, perPage: perPage, for: try caller())
            return .ok(.init(body: .json(.init(items: events.map(Components.Schemas.AuditEvent.init), total: total, page: page, perPage: perPage))))
        }
    }

    func verifyAuditChain(_ input: Operations.VerifyAuditChain.Input) async throws -> Operations.VerifyAuditChain.Output {
        try await respond {
            let report = try await workflow.verifyAuditChain(for: try caller())
            return .ok(.init(body: .json(.init(intact: report.isIntact, checked: report.checked, firstBreak: report.firstBreak?.description))))
        }
    }

    // MARK: Working-day calendar

    func getCalendarYear(_ input: Operations.GetCalendarYear.Input) async throws -> Operations.GetCalendarYear.Output {
        try await respond {
            let year = try await workflow.calendar(year: try Self.calendarYear(input.path.year), for: try caller())
            return .ok(.init(body: .json(.init(year))))
        }
    }

    func clearCalendarYear(_ input: Operations.ClearCalendarYear.Input) async throws -> Operations.ClearCalendarYear.Output {
        try await respond {
            try await workflow.clearCalendarYear(try Self.calendarYear(input.path.year), by: try caller())
            return .noContent(.init())
        }
    }

    func setCalendarDay(_ input: Operations.SetCalendarDay.Input) async throws -> Operations.SetCalendarDay.Output {
        try await respond {
            let principal = try caller()
            let date = try Self.calendarDate(input.path.date)
            guard case let .json(change) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let kind = change.kind.dayKind
            let changed = try await workflow.setCalendarDay(date, to: kind, by: principal)
            let stored = try await workflow.calendar(year: date.year, for: principal).storedDays.first { $0.date == date }
            let day = Components.Schemas.CalendarDay(
                date: date.description, kind: change.kind, kindLabel: kind.rawValue, source: .stored,
                updatedBy: stored?.updatedBy, updatedAt: stored?.updatedAt)
            return .ok(.init(body: .json(.init(day: day, changed: changed))))
        }
    }

    func removeCalendarDay(_ input: Operations.RemoveCalendarDay.Input) async throws -> Operations.RemoveCalendarDay.Output {
        try await respond {
            try await workflow.removeCalendarDay(try Self.calendarDate(input.path.date), by: try caller())
            return .noContent(.init())
        }
    }

    func importCalendar(_ input: Operations.ImportCalendar.Input) async throws -> Operations.ImportCalendar.Output {
        try await respond {
            let principal = try caller()
            guard case let .csv(body) = input.body else { throw APIError.badRequest("请求体须为 CSV（Content-Type: text/csv）") }
            let data = try await Data(collecting: body, upTo: APIInputCheck.maxUploadBytes)
            let (years, entries) = try await workflow.importCalendar(file: data, by: principal)
            return .ok(.init(body: .json(.init(years: years, entries: entries))))
        }
    }

    static func calendarYear(_ year: Int) throws -> Int {
        guard Workflow.calendarYears.contains(year) else {
            throw APIError.invalidField("year", "参数「year」须为 \(Workflow.calendarYears.lowerBound) 至 \(Workflow.calendarYears.upperBound) 之间的整数")
        }
        return year
    }

    static func calendarDate(_ text: String) throws -> CivilDate {
        guard let date = CivilDate(text), Workflow.calendarYears.contains(date.year) else {
            throw APIError.invalidField("date", "无效日期 \(text)（应为 yyyy-MM-dd，年份在 1900 至 2200 之间，例如 2027-02-06）")
        }
        return date
    }

    // MARK: Own password

    func changeMyPassword(_ input: Operations.ChangeMyPassword.Input) async throws -> Operations.ChangeMyPassword.Output {
        try await respond {
            let principal = try caller()
            guard case let .json(change) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            try await workflow.changeOwnPassword(current: change.currentPassword, to: change.password, confirmation: nil, by: principal)
            return .noContent(.init())
        }
    }

    // MARK: Forms list

    func listTaskForms(_ input: Operations.ListTaskForms.Input) async throws -> Operations.ListTaskForms.Output {
        try await respond {
            let (task, forms, scope) = try await workflow.forms(task: TaskReference(input.path.task), for: try caller())
            return .ok(.init(body: .json(.init(
                taskId: task.id, documentNumber: task.documentNumber, scope: .init(scope),
                items: forms.enumerated().map { Components.Schemas.InspectionFormSummary($1, number: $0 + 1) }))))
        }
    }
}

extension Components.Schemas.AuditEvent {
    init(_ e: AuditEventModel) {
        self.init(seq: e.id ?? 0, occurredAt: e.occurredAt, actor: e.actor, action: e.action, entity: e.entity, entityId: e.entityID,
                  before: e.beforeJSON, after: e.afterJSON, hash: e.hash, previousHash: e.previousHash)
    }
}

extension Components.Schemas.CalendarDayKind {
    init(_ kind: CalendarOverrides.DayKind) {
        switch kind {
        case .workday: self = .workday
        case .restDay: self = .restDay
        }
    }

    var dayKind: CalendarOverrides.DayKind {
        switch self {
        case .workday: .workday
        case .restDay: .restDay
        }
    }
}

extension Components.Schemas.CalendarYear {
    init(_ c: Workflow.CalendarYear) {
        let stored = Set(c.storedDays.map(\.date))
        var days = c.storedDays.map {
            Components.Schemas.CalendarDay(date: $0.date.description, kind: .init($0.kind), kindLabel: $0.kind.rawValue, source: .stored,
                                           updatedBy: $0.updatedBy, updatedAt: $0.updatedAt)
        }
        // A stored day wins over the notice's entry for the same date.
        days += c.builtInDays.filter { !stored.contains($0.date) }.map {
            Components.Schemas.CalendarDay(date: $0.date.description, kind: .init($0.kind), kindLabel: $0.kind.rawValue, source: .builtIn)
        }
        days.sort { $0.date < $1.date }
        self.init(year: c.year, builtIn: c.isBuiltIn, covered: c.isBuiltIn || !c.storedDays.isEmpty, storedYears: c.storedYears, days: days)
    }
}

extension Components.Schemas.InspectionFormSummaryList.ScopePayload {
    init(_ scope: Workflow.FormScope) {
        switch scope {
        case .wholeTask: self = .wholeTask
        case .department: self = .department
        case .ownTeams: self = .ownTeams
        }
    }
}

extension Components.Schemas.InspectionFormSummary {
    init(_ s: InspectionFormSummary, number: Int) {
        self.init(
            number: number, uscc: s.uscc, name: s.name, address: s.address, riskClass: s.riskClass,
            origin: s.origin == .replacement ? .replacement : .selected,
            teams: s.teams.map {
                .init(departmentCode: $0.department, departmentName: $0.departmentName, isLead: $0.isLead, team: $0.teamIndex + 1,
                      members: $0.members.map(Components.Schemas.TeamMember.init))
            })
    }
}
