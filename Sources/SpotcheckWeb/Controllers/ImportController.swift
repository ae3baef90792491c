import Foundation
import Hummingbird
import SpotcheckCore
import SpotcheckWorkflow
import SpotcheckImport
import SpotcheckStore

/// 导入: upload a CSV or XLSX file of one of the three lists and see every bad row. The office
/// imports all three (choosing the department of rosters and item lists, or taking it from the
/// file's 部门 column); a department admin imports its own roster and item list only.
enum ImportController {
    static let importers = RoleGate.managers

    static func register(_ routes: SecuredRoutes, _ env: WebEnvironment) {
        routes.get("/imports", importers) { request, context in
            let principal = context.principal
            let kind = ImportKind(rawValue: request.uri.queryParameters.get("kind") ?? "") ?? defaultKind(principal)
            return env.views.page("import", title: "数据导入", context: context, data: try await pageData(env, context: context, principal: principal, kind: kind))
        }

        routes.post("/imports", importers) { request, context in
            let principal = context.principal
            var request = request
            // Larger files are refused with 413 before they are read into memory.
            let body = try await request.collectBody(upTo: context.bodyLimit)
            let form = try MultipartForm(body: Data(buffer: body), contentType: request.headers[.contentType] ?? "")
            let kind = ImportKind(rawValue: form.text("kind") ?? "") ?? defaultKind(principal)
            var data = try await pageData(env, context: context, principal: principal, kind: kind, selectedDepartment: form.text("department"))
            guard let file = form.part("file"), !file.data.isEmpty else {
                data["error"] = "请选择要导入的 CSV 或 XLSX 文件"
                return env.views.page("import", title: "数据导入", context: context, data: data, status: .badRequest)
            }
            let skipInvalid = form.text("skipInvalid") == "on"
            data["skipInvalid"] = skipInvalid
            do {
                let outcome = try await env.workflow.importDirectory(
                    kind, data: file.data, fileName: file.fileName ?? "upload", skipInvalid: skipInvalid, via: "web",
                    requestedDepartment: form.text("department"), by: principal)
                data["result"] = resultData(outcome, skipInvalid: skipInvalid)
                return env.views.page("import", title: "导入结果", context: context, data: data, status: outcome.issues.isEmpty || outcome.counts != nil ? .ok : .unprocessableContent)
            } catch let error as ImportFileError {
                data["error"] = "文件「\(file.fileName ?? "")」无法读取：\(error)"
                return env.views.page("import", title: "数据导入", context: context, data: data, status: .badRequest)
            }
        }

        routes.get("/imports/templates/{file}", importers) { _, context in
            try DirectoryExport.template(file: try context.parameters.require("file"))
        }
    }

    static func defaultKind(_ principal: Principal) -> ImportKind {
        principal.role == .officeAdmin ? .enterprises : .inspectors
    }

    static func kinds(for principal: Principal) -> [ImportKind] {
        principal.role == .officeAdmin ? ImportKind.allCases : [.inspectors, .items]
    }

    static func pageData(_ env: WebEnvironment, context: SignedInContext, principal: Principal, kind: ImportKind, selectedDepartment: String? = nil) async throws -> [String: Any] {
        let isOffice = principal.role == .officeAdmin
        let departments = isOffice ? try await env.workflow.workingDepartments() : []
        return [
            "kinds": kinds(for: principal).map { ["value": $0.rawValue, "label": $0.label, "selected": $0 == kind] },
            "kindLabel": kind.label,
            "isOffice": isOffice,
            "departmentName": principal.departmentName,
            "departments": DirectoryFormat.options(departments.map { ($0.code, $0.name) }, selected: selectedDepartment),
            "templates": kinds(for: principal).map { ["kind": $0.rawValue, "label": $0.label, "headers": ImportTemplates.headers(for: $0).joined(separator: "、"),
                                                      "english": ImportTemplates.englishHeaders(for: $0).joined(separator: ",")] },
            "maxMegabytes": context.maxUploadSize / (1024 * 1024),
        ]
    }

    static func resultData(_ outcome: DirectoryImport.Outcome, skipInvalid: Bool) -> [String: Any] {
        var data: [String: Any] = [
            "kindLabel": outcome.kind.label, "fileName": outcome.fileName, "sha256": outcome.sha256,
            "rowCount": outcome.rowCount, "validCount": outcome.validCount, "rejectedCount": outcome.rejectedCount,
            "issues": outcome.issues.map(\.description), "hasIssues": !outcome.issues.isEmpty,
            "rejectedLines": outcome.rejectedLines.map(String.init).joined(separator: "、"),
            "written": outcome.counts != nil,
        ]
        if !outcome.sourceLabel.isEmpty { data["source"] = outcome.sourceLabel }
        if let counts = outcome.counts {
            data["added"] = counts.added
            data["updated"] = counts.updated
            data["unchanged"] = counts.unchanged
            data["imported"] = counts.added + counts.updated + counts.unchanged
        } else if !outcome.issues.isEmpty && !skipInvalid {
            data["blocked"] = true
        }
        return data
    }
}
