import Foundation
import Hummingbird
import SpotcheckCore
import SpotcheckWorkflow
import SpotcheckImport
import SpotcheckStore

/// 检查对象名录库. The directory is shared by all departments: department admins read and export
/// it (they compare dispatched enterprises and declare conflicts against it) but only the office
/// edits it, since one department's change would alter every department's draw.
enum EnterpriseController {
    static let readers = RoleGate.readers
    static let perPage = 50

    static func register(_ routes: SecuredRoutes, _ env: WebEnvironment) {
        routes.get("/enterprises", readers) { request, context in
            let principal = context.principal
            let params = try SearchQuery.fields(request)
            let query = EnterpriseDirectory.Query(
                text: try SearchQuery.text(of: "q", in: request), tag: params.first("tag"), riskClass: params.first("class"),
                status: params.first("status"))
            let page = try pageNumber(request)
            let (records, total) = try await env.workflow.enterprises(query, page: page, perPage: perPage, for: principal)
            let filters = ["q": query.text ?? "", "tag": query.tag ?? "", "class": query.riskClass ?? "", "status": query.status ?? ""]
            let queryString = filters.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }
                .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
            return env.views.page("enterprises", title: "检查对象名录库", context: context, data: [
                "enterprises": records.map(DirectoryFormat.enterprise), "empty": records.isEmpty, "total": total,
                "q": query.text ?? "", "filtered": !queryString.isEmpty,
                "tags": DirectoryFormat.options(FieldTag.known.map { ($0.rawValue, $0.rawValue) }, selected: query.tag),
                "classes": DirectoryFormat.options(RiskClass.allCases.map { ($0.rawValue, "\($0.rawValue) 类 · \($0.label)") }, selected: query.riskClass),
                "statuses": DirectoryFormat.options(EnterpriseStatus.allCases.map { ($0.rawValue, $0.rawValue) }, selected: query.status),
                "canManage": principal.role == .officeAdmin,
                "exportQuery": queryString.isEmpty ? "" : "?" + queryString,
                "pagination": pagination(page: page, perPage: perPage, total: total, base: "/enterprises" + (queryString.isEmpty ? "" : "?" + queryString)),
            ])
        }

        // Registered before `{uscc}`; the router prefers constant components anyway.
        for format in [DirectoryExport.Format.csv, .xlsx] {
            routes.get("/enterprises/export.\(format.rawValue)", readers) { request, context in
                let principal = context.principal
                let params = try SearchQuery.fields(request)
                let query = EnterpriseDirectory.Query(text: try SearchQuery.text(of: "q", in: request), tag: params.first("tag"),
                                                      riskClass: params.first("class"), status: params.first("status"))
                let workflow = env.workflow
                // CSV streams (a province's directory is a million rows); a workbook is a zip
                // built whole, so it is assembled in memory.
                guard format == .xlsx else {
                    return DirectoryExport.streamedCSV(fileName: "\(workflow.enterpriseExportBaseName).csv") { emit in
                        try await workflow.exportEnterprisesCSV(query, by: principal, emit: emit)
                    }
                }
                return DirectoryExport.download(try await workflow.exportEnterprisesWorkbook(query, by: principal))
            }
        }

        routes.get("/enterprises/{uscc}", readers) { _, context in
            let principal = context.principal
            let record = try await requireEnterprise(env, context)
            var data = DirectoryFormat.enterprise(record)
            data["canManage"] = principal.role == .officeAdmin
            // Only set when there is one: Mustache renders a section for any string, even "".
            if let problem = USCC.validate(record.uscc).reason { data["checkProblem"] = problem }
            return env.views.page("enterprise", title: record.name, context: context, data: data)
        }

        routes.get("/enterprises/{uscc}/edit", .office) { _, context in
            let record = try await requireEnterprise(env, context)
            return env.views.page("enterprise-form", title: "编辑企业", context: context, data: formData(record, problems: []))
        }

        routes.post("/enterprises/{uscc}/edit", .office) { request, context in
            let principal = context.principal
            let existing = try await requireEnterprise(env, context)
            let form = try await decodeForm(DirectoryForms.EnterpriseForm.self, from: request, context: context)
            let (parsed, problems) = DirectoryForms.enterprise(uscc: existing.uscc, form: form, existingTags: existing.tags)
            guard let record = parsed else {
                return env.views.page("enterprise-form", title: "编辑企业", context: context, data: formData(submitted(existing, form), problems: problems), status: .badRequest)
            }
            if record == existing { return ViewRenderer.redirect("/enterprises/\(record.uscc)") }
            // Directory changes move enterprises in and out of every department's draw, so the
            // office sees exactly what will change before it is saved.
            if form.confirmed != "1" {
                return env.views.page("enterprise-confirm", title: "确认修改", context: context, data: confirmData(before: existing, after: record))
            }
            do {
                _ = try await env.workflow.updateEnterprise(record, by: principal)
            } catch let error as StoreError {
                return env.views.page("enterprise-form", title: "编辑企业", context: context, data: formData(record, problems: [error.description]), status: .badRequest)
            }
            return ViewRenderer.redirect("/enterprises/\(record.uscc)")
        }
    }

    static func requireEnterprise(_ env: WebEnvironment, _ context: SignedInContext) async throws -> EnterpriseRecord {
        try await env.workflow.enterprise(try context.parameters.require("uscc"), for: context.principal)
    }

    /// What the user typed, shown again after a validation error so nothing has to be retyped.
    static func submitted(_ existing: EnterpriseRecord, _ form: DirectoryForms.EnterpriseForm) -> EnterpriseRecord {
        var record = existing
        record.name = form.name ?? ""
        record.legalRepresentative = form.legalRepresentative ?? ""
        record.address = form.address ?? ""
        record.regionCode = form.regionCode ?? ""
        record.industry = form.industry ?? ""
        record.tags = (form.tags ?? []).map { FieldTag($0) }
        record.phone = form.phone ?? ""
        record.riskClass = RiskClass(rawValue: form.riskClass ?? "") ?? existing.riskClass
        record.status = EnterpriseStatus(rawValue: form.status ?? "") ?? existing.status
        return record
    }

    static func confirmData(before: EnterpriseRecord, after: EnterpriseRecord) -> [String: Any] {
        let old = DirectoryExport.cells(before)
        let new = DirectoryExport.cells(after)
        let changes: [[String: String]] = EnterpriseColumn.allCases.indices.compactMap { index in
            old[index] == new[index] ? nil : ["field": EnterpriseColumn.allCases[index].label, "before": old[index], "after": new[index]]
        }
        let hidden: [[String: String]] = [
            ("name", after.name), ("legalRepresentative", after.legalRepresentative), ("address", after.address),
            ("regionCode", after.regionCode), ("industry", after.industry), ("riskClass", after.riskClass.rawValue),
            ("status", after.status.rawValue), ("phone", after.phone),
        ].map { ["name": $0.0, "value": $0.1] } + after.tags.map { ["name": "tags[]", "value": $0.rawValue] }
        return ["uscc": after.uscc, "name": before.name, "changes": changes, "hidden": hidden]
    }

    static func formData(_ record: EnterpriseRecord, problems: [String]) -> [String: Any] {
        var data = DirectoryFormat.enterprise(record)
        data["problems"] = problems
        data["hasProblems"] = !problems.isEmpty
        data["tagChoices"] = DirectoryFormat.tagChoices(selected: record.tags)
        data["classes"] = DirectoryFormat.options(RiskClass.allCases.map { ($0.rawValue, "\($0.rawValue) 类 · \($0.label)") }, selected: record.riskClass.rawValue)
        data["statuses"] = DirectoryFormat.options(EnterpriseStatus.allCases.map { ($0.rawValue, $0.rawValue) }, selected: record.status.rawValue)
        return data
    }
}
