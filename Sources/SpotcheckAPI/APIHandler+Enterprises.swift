import Foundation
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// 检查对象名录库. The directory is shared by all departments: every reading role reads all of
/// it, but only the office admin changes it, since one department's change would alter every
/// department's draw (the same rule as the web pages).
extension APIHandler {
    func listEnterprises(_ input: Operations.ListEnterprises.Input) async throws -> Operations.ListEnterprises.Output {
        try await respond {
            let (page, perPage) = try Self.paging(page: input.query.page, perPage: input.query.perPage)
            let query = EnterpriseDirectory.Query(
                text: try Self.search(input.query.q), tag: try Self.search(input.query.tag, parameter: "tag"),
                riskClass: input.query.riskClass.map { RiskClass($0).rawValue },
                status: input.query.status.map { EnterpriseStatus($0).rawValue })
            let (records, total) = try await workflow.enterprises(query, page: page, perPage: perPage, for: try caller())
            return .ok(.init(body: .json(.init(
                items: records.map(Components.Schemas.Enterprise.init), total: total, page: page, perPage: perPage))))
        }
    }

    func createEnterprise(_ input: Operations.CreateEnterprise.Input) async throws -> Operations.CreateEnterprise.Output {
        try await respond {
            let principal = try caller()
            guard case let .json(request) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let record = EnterpriseRecord(
                uscc: request.uscc, name: request.name, legalRepresentative: request.legalRepresentative ?? "",
                address: request.address ?? "", regionCode: request.regionCode ?? "", industry: request.industry ?? "",
                tags: try Self.fieldTags(request.tags ?? [], field: "领域标签", alsoAccepting: []),
                riskClass: RiskClass(request.riskClass), status: request.status.map(EnterpriseStatus.init) ?? .active,
                phone: request.phone ?? "")
            let created = try await workflow.createEnterprise(record, by: principal)
            return .created(.init(body: .json(.init(created))))
        }
    }

    func getEnterprise(_ input: Operations.GetEnterprise.Input) async throws -> Operations.GetEnterprise.Output {
        try await respond {
            .ok(.init(body: .json(.init(try await workflow.enterprise(input.path.uscc, for: try caller())))))
        }
    }

    func replaceEnterprise(_ input: Operations.ReplaceEnterprise.Input) async throws -> Operations.ReplaceEnterprise.Output {
        try await respond {
            let principal = try caller()
            guard case let .json(request) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let existing = try await workflow.enterprise(input.path.uscc, for: principal)
            let record = EnterpriseRecord(
                uscc: existing.uscc, name: request.name, legalRepresentative: request.legalRepresentative ?? "",
                address: request.address ?? "", regionCode: request.regionCode ?? "", industry: request.industry ?? "",
                // Tags outside the standard fields that an earlier import accepted stay accepted.
                tags: try Self.fieldTags(request.tags ?? [], field: "领域标签", alsoAccepting: existing.tags),
                riskClass: RiskClass(request.riskClass), status: EnterpriseStatus(request.status), phone: request.phone ?? "")
            let stored = try await workflow.updateEnterprise(record, by: principal)
            return .ok(.init(body: .json(.init(stored))))
        }
    }

    /// The enterprise with this code; codes typed with lower-case letters or spaces are found too.
    static func fieldTags(_ values: [String], field: String, alsoAccepting existing: [FieldTag]) throws -> [FieldTag] {
        try FieldTagInput.parse(values, field: field, alsoAccepting: existing)
    }
}

// MARK: - Model to schema

extension RiskClass {
    init(_ value: Components.Schemas.RiskClass) {
        switch value {
        case .a: self = .a
        case .b: self = .b
        case .c: self = .c
        case .d: self = .d
        }
    }
}

extension Components.Schemas.RiskClass {
    init(_ value: RiskClass) {
        switch value {
        case .a: self = .a
        case .b: self = .b
        case .c: self = .c
        case .d: self = .d
        }
    }
}

extension EnterpriseStatus {
    init(_ value: Components.Schemas.EnterpriseStatus) {
        switch value {
        case .存续: self = .active
        case .注销: self = .deregistered
        case .吊销: self = .revoked
        }
    }
}

extension Components.Schemas.EnterpriseStatus {
    init(_ value: EnterpriseStatus) {
        switch value {
        case .active: self = .存续
        case .deregistered: self = .注销
        case .revoked: self = .吊销
        }
    }
}

extension Components.Schemas.Enterprise {
    init(_ r: EnterpriseRecord) {
        self.init(
            uscc: r.uscc, name: r.name, legalRepresentative: r.legalRepresentative, address: r.address,
            regionCode: r.regionCode, industry: r.industry, tags: r.tags.map(\.rawValue), riskClass: .init(r.riskClass),
            riskLabel: r.riskClass.label, status: .init(r.status), phone: r.phone, usccValid: USCC.isValid(r.uscc))
    }
}
