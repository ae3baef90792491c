import Foundation
import SpotcheckCore
import SpotcheckStore

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
            let (records, total) = try await EnterpriseDirectory(db: db).search(query, page: page, perPage: perPage)
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
            let created = try await EnterpriseDirectory(db: db).create(record, actor: actor(principal))
            return .created(.init(body: .json(.init(created))))
        }
    }

    func getEnterprise(_ input: Operations.GetEnterprise.Input) async throws -> Operations.GetEnterprise.Output {
        try await respond {
            .ok(.init(body: .json(.init(try await requireEnterprise(input.path.uscc)))))
        }
    }

    func replaceEnterprise(_ input: Operations.ReplaceEnterprise.Input) async throws -> Operations.ReplaceEnterprise.Output {
        try await respond {
            let principal = try caller()
            guard case let .json(request) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let existing = try await requireEnterprise(input.path.uscc)
            let record = EnterpriseRecord(
                uscc: existing.uscc, name: request.name, legalRepresentative: request.legalRepresentative ?? "",
                address: request.address ?? "", regionCode: request.regionCode ?? "", industry: request.industry ?? "",
                // Tags outside the standard fields that an earlier import accepted stay accepted.
                tags: try Self.fieldTags(request.tags ?? [], field: "领域标签", alsoAccepting: existing.tags),
                riskClass: RiskClass(request.riskClass), status: EnterpriseStatus(request.status), phone: request.phone ?? "")
            let stored = try await EnterpriseDirectory(db: db).update(record, actor: actor(principal))
            return .ok(.init(body: .json(.init(stored))))
        }
    }

    /// The enterprise with this code; codes typed with lower-case letters or spaces are found too.
    func requireEnterprise(_ uscc: String) async throws -> EnterpriseRecord {
        guard let record = try await EnterpriseDirectory(db: db).find(uscc: USCC.normalized(uscc)) else {
            throw StoreError.notFound(entity: "企业", key: uscc)
        }
        return record
    }

    /// Field tags of a request, checked against the standard fields (plus `existing`, the tags the
    /// record already carries): an unknown tag is refused, as the import and the web form refuse
    /// it, because a typo would silently take an enterprise or an item out of scope.
    static func fieldTags(_ values: [String], field: String, alsoAccepting existing: [FieldTag]) throws -> [FieldTag] {
        let vocabulary = FieldTagVocabulary.standard.adding(existing)
        var tags: [FieldTag] = []
        for value in values {
            let tag = FieldTag(value.trimmingCharacters(in: .whitespacesAndNewlines))
            if tag.rawValue.isEmpty || tags.contains(tag) { continue }
            guard vocabulary.contains(tag) else {
                let known = vocabulary.tags.map(\.rawValue).joined(separator: "、")
                throw APIError.unprocessable("\(field)：未知标签 \(tag.rawValue)（可用：\(known)）")
            }
            tags.append(tag)
        }
        return tags
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
