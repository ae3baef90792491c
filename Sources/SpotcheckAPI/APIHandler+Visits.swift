import Foundation
import OpenAPIRuntime
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// 约定时间 (issue 16) over `Workflow+Visits`, with the pages' rules: inspectors propose and accept
/// only for enterprises on their own teams (department admins for their department's officers),
/// the first proposal is the lead department's, and a clash is 409 naming the other enterprise.
extension APIHandler {
    func listTaskVisits(_ input: Operations.ListTaskVisits.Input) async throws -> Operations.ListTaskVisits.Output {
        try await respond {
            let task = try await visibleTask(input.path.task)
            let board = try await workflow.visitBoard(task: TaskID(task.id), for: try caller())
            return .ok(.init(body: .json(.init(agreed: board.agreed, items: board.rows.map {
                .init(uscc: $0.uscc, enterpriseName: $0.enterpriseName, departments: $0.departments, visit: $0.visit.map(Components.Schemas.Visit.init))
            }))))
        }
    }

    func proposeTaskVisit(_ input: Operations.ProposeTaskVisit.Input) async throws -> Operations.ProposeTaskVisit.Output {
        try await respond {
            guard case let .json(body) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let task = try await visibleTask(input.path.task)
            guard let date = CivilDate(body.date) else { throw APIError.invalidField("date", "日期格式应为 yyyy-MM-dd") }
            let time = body.time ?? ""
            if !time.isEmpty, VisitHalfDay.of(time: time) == nil { throw APIError.invalidField("time", "时间格式应为 HH:MM，如 09:30") }
            guard let half = body.halfDay.map({ $0 == .am ? VisitHalfDay.morning : .afternoon }) ?? VisitHalfDay.of(time: time) else {
                throw APIError.invalidField("half_day", "请给出 half_day（am/pm）或 time")
            }
            let outcome = try await workflow.proposeVisit(
                task: TaskID(task.id), enterprise: USCC(rawValue: USCC.normalized(body.uscc)),
                .init(date: date, halfDay: half, time: time, place: body.place, note: body.note ?? ""), by: try caller())
            return .created(.init(body: .json(.init(visit: .init(outcome.visit), warnings: outcome.warnings))))
        }
    }

    func acceptTaskVisit(_ input: Operations.AcceptTaskVisit.Input) async throws -> Operations.AcceptTaskVisit.Output {
        try await respond {
            guard case let .json(body) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let task = try await visibleTask(input.path.task)
            let visit = try await workflow.acceptVisit(task: TaskID(task.id), enterprise: USCC(rawValue: USCC.normalized(body.uscc)),
                                                       visit: input.path.visit, by: try caller())
            return .ok(.init(body: .json(.init(visit))))
        }
    }

    func getMyAgenda(_ input: Operations.GetMyAgenda.Input) async throws -> Operations.GetMyAgenda.Output {
        try await respond {
            let items = try await workflow.agenda(for: try caller())
            return .ok(.init(body: .json(.init(items: items.map {
                .init(documentNumber: $0.documentNumber, enterpriseName: $0.enterpriseName, address: $0.address, visit: .init($0.visit))
            }))))
        }
    }

    func renewCalendarFeed(_ input: Operations.RenewCalendarFeed.Input) async throws -> Operations.RenewCalendarFeed.Output {
        try await respond {
            let token = try await workflow.renewCalendarFeed(by: try caller())
            return .created(.init(body: .json(.init(path: "/agenda/feed/\(token).ics"))))
        }
    }

    func revokeCalendarFeed(_ input: Operations.RevokeCalendarFeed.Input) async throws -> Operations.RevokeCalendarFeed.Output {
        try await respond {
            try await workflow.revokeCalendarFeed(by: try caller())
            return .noContent(.init())
        }
    }
}

extension Components.Schemas.Visit {
    init(_ visit: VisitStore.Visit) {
        let state: Components.Schemas.Visit.StatePayload = switch visit.state {
        case .proposed: .proposed
        case .agreed: .agreed
        case .replaced: .replaced
        }
        self.init(id: visit.id, uscc: visit.uscc, date: visit.date.description, halfDay: visit.halfDay == .morning ? .am : .pm,
                  time: visit.time, place: visit.place, note: visit.note,
                  state: state,
                  stateLabel: visit.state.label, proposedBy: visit.proposedBy, proposedDepartment: visit.proposedDepartment,
                  acceptedDepartments: visit.acceptances.map(\.department))
    }
}
