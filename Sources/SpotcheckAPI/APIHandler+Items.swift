import Foundation
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// 抽查事项清单, one per department: the office admin and the department's admin maintain it, the
/// auditor and the office read every department's list, a department admin its own; anyone,
/// without a token, reads the published list (公开抽查依据、抽查主体、抽查内容、抽查方式).
extension APIHandler {
    func listDepartmentItems(_ input: Operations.ListDepartmentItems.Input) async throws -> Operations.ListDepartmentItems.Output {
        try await respond {
            let (page, perPage) = try Self.paging(page: input.query.page, perPage: input.query.perPage)
            let (department, items, retired) = try await workflow.items(
                of: DepartmentCode(rawValue: input.path.code), search: try Self.search(input.query.q) ?? "", for: try caller())
            return .ok(.init(body: .json(.init(
                items: Self.page(items, page: page, perPage: perPage).map {
                    .init($0, departmentName: department.name, retired: retired.contains($0.code))
                },
                total: items.count, page: page, perPage: perPage))))
        }
    }

    func createItem(_ input: Operations.CreateItem.Input) async throws -> Operations.CreateItem.Output {
        try await respond {
            let principal = try caller()
            let code = input.path.code
            try AccessPolicy.requireManage(principal, department: code)
            guard case let .json(request) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let department = try await workflow.department(DepartmentCode(rawValue: code), for: principal)
            let record = InspectionItemRecord(
                dept: code, code: request.code, name: request.name, subItems: request.subItems ?? [],
                legalBasis: request.legalBasis,
                // The web form starts with the department's name as 抽查主体, too.
                subject: request.subject ?? department.name,
                scopeTags: try Self.fieldTags(request.scopeTags ?? [], field: "抽查对象", alsoAccepting: []),
                methods: (request.methods ?? []).map(InspectionMethod.init),
                category: request.category.map(InspectionItemCategory.init) ?? .general,
                defaultRatioBasisPoints: request.ratioBasisPoints ?? 0, frequency: request.frequency ?? "",
                materials: request.materials ?? [], inspectorRequirements: request.inspectorRequirements ?? "")
            let created = try await workflow.createItem(record, by: principal)
            return .created(.init(body: .json(.init(created, departmentName: department.name))))
        }
    }

    func getItem(_ input: Operations.GetItem.Input) async throws -> Operations.GetItem.Output {
        try await respond {
            let (department, item, retired) = try await workflow.item(
                input.path.itemCode, of: DepartmentCode(rawValue: input.path.code), for: try caller())
            return .ok(.init(body: .json(.init(item, departmentName: department.name, retired: retired))))
        }
    }

    func replaceItem(_ input: Operations.ReplaceItem.Input) async throws -> Operations.ReplaceItem.Output {
        try await respond {
            let principal = try caller()
            let code = input.path.code
            try AccessPolicy.requireManage(principal, department: code)
            guard case let .json(request) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let (department, existing, _) = try await workflow.item(input.path.itemCode, of: DepartmentCode(rawValue: code), for: principal)
            let change = InspectionItemRecord(
                dept: code, code: existing.code, name: request.name, subItems: request.subItems ?? [],
                legalBasis: request.legalBasis, subject: request.subject ?? "",
                scopeTags: try Self.fieldTags(request.scopeTags ?? [], field: "抽查对象", alsoAccepting: existing.scopeTags),
                methods: (request.methods ?? []).map(InspectionMethod.init),
                category: request.category.map(InspectionItemCategory.init) ?? .general,
                defaultRatioBasisPoints: request.ratioBasisPoints ?? 0, frequency: request.frequency ?? "",
                materials: request.materials ?? [], inspectorRequirements: request.inspectorRequirements ?? "")
            let (stored, retired) = try await workflow.updateItem(existing.code, of: DepartmentCode(rawValue: code), with: change, by: principal)
            return .ok(.init(body: .json(.init(stored, departmentName: department.name, retired: retired))))
        }
    }

    func deleteItem(_ input: Operations.DeleteItem.Input) async throws -> Operations.DeleteItem.Output {
        try await respond {
            // An item published tasks use: StoreError.inUse → 409 `…/in-use` naming the tasks.
            try await workflow.deleteItem(input.path.itemCode, of: DepartmentCode(rawValue: input.path.code), by: try caller())
            return .noContent(.init())
        }
    }

    func setItemRetired(_ input: Operations.SetItemRetired.Input) async throws -> Operations.SetItemRetired.Output {
        try await respond {
            let principal = try caller()
            let code = input.path.code
            guard case let .json(request) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let item = try await workflow.setItemRetired(input.path.itemCode, of: DepartmentCode(rawValue: code), retired: request.retired, by: principal)
            let department = try await workflow.department(DepartmentCode(rawValue: code), for: principal)
            return .ok(.init(body: .json(.init(item, departmentName: department.name, retired: request.retired))))
        }
    }

    /// What `/public/items/{code}` shows: the office has no list of its own, so it reads as absent.
    func listPublicItems(_ input: Operations.ListPublicItems.Input) async throws -> Operations.ListPublicItems.Output {
        try await respond {
            let code = input.path.code
            guard let (department, items) = try await workflow.publicItems(of: DepartmentCode(rawValue: code)) else {
                throw APIError.notFound("没有这个部门的抽查事项清单")
            }
            return .ok(.init(body: .json(.init(
                departmentCode: department.code, departmentName: department.name,
                items: items.map { .init($0, departmentName: department.name) }, total: items.count))))
        }
    }
}

// MARK: - Model to schema

extension InspectionMethod {
    init(_ value: Components.Schemas.InspectionMethod) {
        switch value {
        case .实地核查: self = .onSite
        case .书面检查: self = .documentary
        case .信息比对: self = .dataComparison
        case .引用其他部门检查结果或专业机构结论: self = .otherDepartmentResults
        case .检验检测: self = .testing
        case .网络监测: self = .networkMonitoring
        case .委托专业机构辅助: self = .entrustedBody
        }
    }
}

extension Components.Schemas.InspectionMethod {
    init(_ value: InspectionMethod) {
        switch value {
        case .onSite: self = .实地核查
        case .documentary: self = .书面检查
        case .dataComparison: self = .信息比对
        case .otherDepartmentResults: self = .引用其他部门检查结果或专业机构结论
        case .testing: self = .检验检测
        case .networkMonitoring: self = .网络监测
        case .entrustedBody: self = .委托专业机构辅助
        }
    }
}

extension InspectionItemCategory {
    init(_ value: Components.Schemas.InspectionItemCategory) {
        switch value {
        case .一般检查事项: self = .general
        case .重点检查事项: self = .key
        }
    }
}

extension Components.Schemas.InspectionItemCategory {
    init(_ value: InspectionItemCategory) {
        switch value {
        case .general: self = .一般检查事项
        case .key: self = .重点检查事项
        }
    }
}

extension Components.Schemas.InspectionItem {
    init(_ r: InspectionItemRecord, departmentName: String, retired: Bool? = nil) {
        self.init(
            departmentCode: r.dept, departmentName: departmentName, code: r.code, name: r.name, subItems: r.subItems,
            legalBasis: r.legalBasis, subject: r.subject, scopeTags: r.scopeTags.map(\.rawValue),
            methods: r.methods.map(Components.Schemas.InspectionMethod.init), category: .init(r.category),
            ratioBasisPoints: r.defaultRatioBasisPoints, ratio: Self.percent(r.defaultRatioBasisPoints), frequency: r.frequency,
            materials: r.materials, inspectorRequirements: r.inspectorRequirements, retired: retired)
    }

    /// Basis points as the published lists print ratios: 2000 → 20%, 250 → 2.5%.
    static func percent(_ basisPoints: Int) -> String {
        let whole = basisPoints / 100
        let fraction = basisPoints % 100
        if fraction == 0 { return "\(whole)%" }
        let digits = fraction % 10 == 0 ? String(fraction / 10) : (fraction < 10 ? "0\(fraction)" : String(fraction))
        return "\(whole).\(digits)%"
    }
}
