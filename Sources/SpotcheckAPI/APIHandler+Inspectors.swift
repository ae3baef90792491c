import Foundation
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// 执法检查人员名录库, one per department: the office admin manages every roster, a department
/// admin only its own (403 on another's), the auditor reads all — the rules of the web pages.
/// Under `/departments/{code}` the department is checked before anything is loaded, so a 404
/// does not reveal which codes exist; under `/inspectors/{code}` the inspector's own department
/// decides.
extension APIHandler {
    func listDepartmentInspectors(_ input: Operations.ListDepartmentInspectors.Input) async throws -> Operations.ListDepartmentInspectors.Output {
        try await respond {
            let (page, perPage) = try Self.paging(page: input.query.page, perPage: input.query.perPage)
            let (records, conflicts) = try await workflow.inspectors(
                of: DepartmentCode(rawValue: input.path.code), search: try Self.search(input.query.q) ?? "",
                status: input.query.status.map(InspectorStatus.init), for: try caller())
            let today = workflow.today
            let items = Self.page(records, page: page, perPage: perPage).map {
                Components.Schemas.Inspector($0, today: today, conflictCount: conflicts[$0.code] ?? 0)
            }
            return .ok(.init(body: .json(.init(items: items, total: records.count, page: page, perPage: perPage))))
        }
    }

    func createInspector(_ input: Operations.CreateInspector.Input) async throws -> Operations.CreateInspector.Output {
        try await respond {
            let principal = try caller()
            let department = input.path.code
            guard case let .json(request) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let record = InspectorRecord(
                code: request.code, name: request.name, dept: department, mobile: request.mobile ?? "",
                status: request.status.map(InspectorStatus.init) ?? .onDuty,
                certificateExpiry: try Self.certificateExpiry(request.certificateExpiry),
                expertise: request.expertise ?? [], isExpert: request.isExpert ?? false)
            let created = try await workflow.createInspector(record, by: principal)
            return .created(.init(body: .json(.init(created, today: workflow.today, conflictCount: 0))))
        }
    }

    func getInspector(_ input: Operations.GetInspector.Input) async throws -> Operations.GetInspector.Output {
        try await respond {
            let (record, conflicts) = try await workflow.inspector(input.path.code, for: try caller())
            return .ok(.init(body: .json(.init(record, today: workflow.today, conflictCount: conflicts))))
        }
    }

    func replaceInspector(_ input: Operations.ReplaceInspector.Input) async throws -> Operations.ReplaceInspector.Output {
        try await respond {
            let principal = try caller()
            guard case let .json(request) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let (existing, _) = try await workflow.inspector(input.path.code, for: principal)
            let change = InspectorRecord(
                code: existing.code, name: request.name, dept: existing.dept, mobile: request.mobile ?? "",
                status: InspectorStatus(request.status), certificateExpiry: try Self.certificateExpiry(request.certificateExpiry),
                expertise: request.expertise ?? [], isExpert: request.isExpert ?? false)
            let (stored, conflicts) = try await workflow.updateInspector(existing.code, with: change, by: principal)
            return .ok(.init(body: .json(.init(stored, today: workflow.today, conflictCount: conflicts))))
        }
    }

    func deleteInspector(_ input: Operations.DeleteInspector.Input) async throws -> Operations.DeleteInspector.Output {
        try await respond {
            let principal = try caller()
            try await workflow.deleteInspector(input.path.code, by: principal)
            return .noContent(.init())
        }
    }

    /// `yyyy-MM-dd`, checked here because the generated code keeps `format: date` as text.
    static func certificateExpiry(_ text: String?) throws -> CivilDate? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        guard let date = CivilDate(text) else {
            throw APIError.unprocessable("执法证有效期至：日期格式不正确 \(text)（应为 yyyy-MM-dd）")
        }
        return date
    }

    /// Today in Beijing time, the day the office works in and eligibility is judged on.
}

// MARK: - Model to schema

extension InspectorStatus {
    init(_ value: Components.Schemas.InspectorStatus) {
        switch value {
        case .在岗: self = .onDuty
        case .休假: self = .onLeave
        case .离岗: self = .departed
        }
    }
}

extension Components.Schemas.InspectorStatus {
    init(_ value: InspectorStatus) {
        switch value {
        case .onDuty: self = .在岗
        case .onLeave: self = .休假
        case .departed: self = .离岗
        }
    }
}

extension Components.Schemas.Inspector {
    init(_ r: InspectorRecord, today: CivilDate, conflictCount: Int) {
        self.init(
            code: r.code, name: r.name, departmentCode: r.dept, mobile: r.mobile, status: .init(r.status),
            certificateExpiry: r.certificateExpiry?.description, expertise: r.expertise, isExpert: r.isExpert,
            eligible: r.isEligible(on: today), conflictCount: conflictCount)
    }
}
