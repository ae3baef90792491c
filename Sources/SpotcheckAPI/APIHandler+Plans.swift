import Foundation
import OpenAPIRuntime
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// 年度抽查计划 (issue 16) over `Workflow+AnnualPlan`, with the pages' rules: department admins
/// draft the entries their department leads, the office edits any entry and publishes, the
/// auditor reads; the public reads published plans.
extension APIHandler {
    func listAnnualPlans(_ input: Operations.ListAnnualPlans.Input) async throws -> Operations.ListAnnualPlans.Output {
        try await respond {
            let plans = try await workflow.annualPlans(for: try caller())
            return .ok(.init(body: .json(.init(items: plans.map(Components.Schemas.AnnualPlanSummary.init)))))
        }
    }

    func getAnnualPlan(_ input: Operations.GetAnnualPlan.Input) async throws -> Operations.GetAnnualPlan.Output {
        try await respond {
            let view = try await workflow.annualPlan(year: try Self.planYear(input.path.year), for: try caller())
            return .ok(.init(body: .json(.init(view))))
        }
    }

    func createPlanEntry(_ input: Operations.CreatePlanEntry.Input) async throws -> Operations.CreatePlanEntry.Output {
        try await respond {
            guard case let .json(body) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let saved = try await workflow.addPlanEntry(Self.planEntry(body, year: try Self.planYear(input.path.year)), by: try caller())
            return .created(.init(body: .json(.init(saved, tasks: []))))
        }
    }

    func replacePlanEntry(_ input: Operations.ReplacePlanEntry.Input) async throws -> Operations.ReplacePlanEntry.Output {
        try await respond {
            guard case let .json(body) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let saved = try await workflow.updatePlanEntry(input.path.entry, with: Self.planEntry(body, year: AnnualPlanEntry.years.lowerBound),
                                                           by: try caller())
            let progress = try await workflow.planEntry(saved.entry.id, for: try caller())
            return .ok(.init(body: .json(.init(progress))))
        }
    }

    func deletePlanEntry(_ input: Operations.DeletePlanEntry.Input) async throws -> Operations.DeletePlanEntry.Output {
        try await respond {
            try await workflow.deletePlanEntry(input.path.entry, by: try caller())
            return .noContent(.init())
        }
    }

    func approveAnnualPlan(_ input: Operations.ApproveAnnualPlan.Input) async throws -> Operations.ApproveAnnualPlan.Output {
        try await respond {
            let plan = try await workflow.approveAnnualPlan(year: try Self.planYear(input.path.year), by: try caller())
            return .ok(.init(body: .json(.init(plan))))
        }
    }

    func reopenAnnualPlan(_ input: Operations.ReopenAnnualPlan.Input) async throws -> Operations.ReopenAnnualPlan.Output {
        try await respond {
            guard case let .json(body) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let plan = try await workflow.reopenAnnualPlan(year: try Self.planYear(input.path.year), reason: body.reason, by: try caller())
            return .ok(.init(body: .json(.init(plan))))
        }
    }

    func publishAnnualPlan(_ input: Operations.PublishAnnualPlan.Input) async throws -> Operations.PublishAnnualPlan.Output {
        try await respond {
            let plan = try await workflow.publishAnnualPlan(year: try Self.planYear(input.path.year), by: try caller())
            return .ok(.init(body: .json(.init(plan))))
        }
    }

    func importAnnualPlan(_ input: Operations.ImportAnnualPlan.Input) async throws -> Operations.ImportAnnualPlan.Output {
        try await respond {
            let principal = try caller()
            let year = try Self.planYear(input.path.year)
            let (body, fallbackName) = switch input.body {
            case let .csv(body): (body, "plan.csv")
            case let .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(body): (body, "plan.xlsx")
            }
            let data = try await Data(collecting: body, upTo: APIInputCheck.maxUploadBytes)
            let fileName = (try Self.search(input.query.fileName, parameter: "fileName")).flatMap { $0.isEmpty ? nil : $0 } ?? fallbackName
            let added = try await workflow.importPlanFile(data, fileName: fileName, year: year, by: principal)
            return .ok(.init(body: .json(.init(items: added.map { Components.Schemas.PlanEntry($0, tasks: []) }))))
        }
    }

    func exportAnnualPlan(_ input: Operations.ExportAnnualPlan.Input) async throws -> Operations.ExportAnnualPlan.Output {
        try await respond {
            let year = try Self.planYear(input.path.year)
            let data = try await workflow.annualPlanWorkbook(year: year, principal: try caller())
            return .ok(.init(headers: .init(contentDisposition: Self.contentDisposition("\(year)年度抽查计划.xlsx", format: .xlsx)),
                             body: .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(HTTPBody(data))))
        }
    }

    func getPublicAnnualPlan(_ input: Operations.GetPublicAnnualPlan.Input) async throws -> Operations.GetPublicAnnualPlan.Output {
        try await respond {
            .ok(.init(body: .json(.init(try await workflow.publicAnnualPlan(year: try Self.planYear(input.path.year))))))
        }
    }

    static func planYear(_ year: Int) throws -> Int {
        guard AnnualPlanEntry.years.contains(year) else {
            throw APIError.invalidField("year", "参数「year」须为 \(AnnualPlanEntry.years.lowerBound) 至 \(AnnualPlanEntry.years.upperBound) 之间的整数")
        }
        return year
    }

    static func planEntry(_ body: Components.Schemas.PlanEntryInput, year: Int) -> AnnualPlanEntry {
        AnnualPlanEntry(year: year, title: body.title, leadDepartment: body.leadDepartment,
                        cooperatingDepartments: body.cooperatingDepartments ?? [], field: body.field, itemCodes: body.itemCodes ?? [],
                        objectScope: body.objectScope, ratioBasisPoints: body.ratioBasisPoints, months: body.months)
    }
}

extension Components.Schemas.AnnualPlanSummary {
    init(_ plan: AnnualPlanStore.Plan) {
        self.init(year: plan.year, state: .init(rawValue: plan.state.rawValue) ?? .drafting, stateLabel: plan.state.label,
                  approvedAt: plan.approvedAt, approvedBy: plan.approvedBy, publishedAt: plan.publishedAt, publishedBy: plan.publishedBy)
    }
}

extension Components.Schemas.PlanEntry {
    init(_ stored: AnnualPlanStore.StoredEntry, tasks: [AnnualPlanStore.LinkedTask], status: String = "未启动") {
        let e = stored.entry
        self.init(id: e.id, year: e.year, title: e.title, kind: e.kindLabel, leadDepartment: e.leadDepartment,
                  cooperatingDepartments: e.cooperatingDepartments, field: e.field, itemCodes: e.itemCodes, objectScope: e.objectScope,
                  ratioBasisPoints: e.ratioBasisPoints, months: e.months, monthsText: e.monthsText, status: status,
                  tasks: tasks.map { .init(id: $0.id, documentNumber: $0.documentNumber, state: $0.state.rawValue) })
    }

    init(_ progress: Workflow.PlanEntryProgress) {
        self.init(progress.stored, tasks: progress.tasks, status: progress.statusLabel)
    }
}

extension Components.Schemas.AnnualPlan {
    init(_ view: Workflow.AnnualPlanView) {
        self.init(year: view.year, state: .init(rawValue: view.state.rawValue) ?? .drafting, stateLabel: view.state.label,
                  approvedAt: view.plan?.approvedAt, publishedAt: view.plan?.publishedAt, entries: view.entries.map(Components.Schemas.PlanEntry.init),
                  departments: view.departments.map { .init(department: $0.department, planned: $0.planned, launched: $0.launched, completed: $0.completed) })
    }
}
