import Foundation
import Hummingbird
import SpotcheckCore
import SpotcheckWorkflow
import SpotcheckImport
import SpotcheckStore

/// 执法检查人员名录库, one per department. A department admin manages only its own roster (403 on
/// another's); the office manages all; the auditor reads all.
enum InspectorController {
    static let readers = RoleGate.readers
    static let managers = RoleGate.managers

    static func register(_ routes: SecuredRoutes, _ env: WebEnvironment) {
        routes.get("/departments/{code}/inspectors", readers) { _, context in
            let (principal, department) = try await departmentFor(read: context, env)
            let today = env.today
            let (records, conflicts) = try await env.workflow.inspectors(
                of: DepartmentCode(rawValue: department.code), search: "", status: nil, for: principal)
            let rows = records.map { DirectoryFormat.inspector($0, today: today, conflicts: conflicts[$0.code] ?? 0) }
            return env.views.page("inspectors", title: "执法检查人员名录库 · \(department.name)", context: context, data: [
                "code": department.code, "departmentName": department.name, "inspectors": rows, "empty": rows.isEmpty,
                "total": records.count, "onDuty": records.filter { $0.status == .onDuty }.count,
                "eligible": records.filter { $0.isEligible(on: today) }.count,
                "experts": records.filter(\.isExpert).count, "today": today.chineseText,
                "expiryWarningDays": DirectoryFormat.expiryWarningDays,
                "canManage": principal.mayManage(departmentCode: department.code),
                "switcher": try await departmentSwitcher(env, principal: principal, current: department.code, suffix: "inspectors"),
            ])
        }

        for format in [DirectoryExport.Format.csv, .xlsx] {
            routes.get("/departments/{code}/inspectors/export.\(format.rawValue)", readers) { _, context in
                let (principal, department) = try await departmentFor(read: context, env)
                return DirectoryExport.download(try await env.workflow.exportInspectors(
                    of: DepartmentCode(rawValue: department.code), format: format == .xlsx ? .xlsx : .csv, by: principal))
            }
        }

        routes.get("/departments/{code}/inspectors/new", managers) { _, context in
            let (_, department) = try await departmentFor(manage: context, env)
            let blank = InspectorRecord(code: "", name: "", dept: department.code, certificateExpiry: nil)
            return env.views.page("inspector-form", title: "添加执法检查人员", context: context,
                                  data: formData(env, blank, department: department, isNew: true, problems: []))
        }

        routes.post("/departments/{code}/inspectors", managers) { request, context in
            let (principal, department) = try await departmentFor(manage: context, env)
            let form = try await decodeForm(DirectoryForms.InspectorForm.self, from: request, context: context)
            let code = (form.code ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let (parsed, problems) = DirectoryForms.inspector(code: code, department: department.code, form: form)
            do {
                guard let record = parsed else { throw FormProblems(problems) }
                try await env.workflow.createInspector(record, by: principal)
                return ViewRenderer.redirect("/departments/\(department.code)/inspectors/\(record.code)")
            } catch let error as FormProblems {
                return env.views.page("inspector-form", title: "添加执法检查人员", context: context,
                                      data: formData(env, submitted(code, department.code, form), department: department, isNew: true, problems: error.problems), status: .badRequest)
            } catch let error as StoreError {
                return env.views.page("inspector-form", title: "添加执法检查人员", context: context,
                                      data: formData(env, submitted(code, department.code, form), department: department, isNew: true, problems: [error.description]), status: .badRequest)
            }
        }

        routes.get("/departments/{code}/inspectors/{inspector}", readers) { _, context in
            let (principal, department) = try await departmentFor(read: context, env)
            let (record, conflicts) = try await env.workflow.inspector(
                try context.parameters.require("inspector"), in: DepartmentCode(rawValue: department.code), for: principal)
            var data = DirectoryFormat.inspector(record, today: env.today, conflicts: conflicts.count)
            data["departmentCode"] = department.code
            data["departmentName"] = department.name
            data["conflictRows"] = conflicts.map(DirectoryFormat.conflict)
            data["noConflicts"] = conflicts.isEmpty
            data["canManage"] = principal.mayManage(departmentCode: department.code)
            data["retired"] = record.status == .departed
            return env.views.page("inspector", title: "\(record.name) · 执法检查人员", context: context, data: data)
        }

        routes.get("/departments/{code}/inspectors/{inspector}/edit", managers) { _, context in
            let (principal, department) = try await departmentFor(manage: context, env)
            let (record, _) = try await env.workflow.inspector(
                try context.parameters.require("inspector"), in: DepartmentCode(rawValue: department.code), for: principal)
            return env.views.page("inspector-form", title: "编辑执法检查人员", context: context, data: formData(env, record, department: department, isNew: false, problems: []))
        }

        routes.post("/departments/{code}/inspectors/{inspector}/edit", managers) { request, context in
            let (principal, department) = try await departmentFor(manage: context, env)
            let (existing, _) = try await env.workflow.inspector(
                try context.parameters.require("inspector"), in: DepartmentCode(rawValue: department.code), for: principal)
            let form = try await decodeForm(DirectoryForms.InspectorForm.self, from: request, context: context)
            let (parsed, problems) = DirectoryForms.inspector(code: existing.code, department: department.code, form: form)
            do {
                guard let record = parsed else { throw FormProblems(problems) }
                _ = try await env.workflow.updateInspector(existing.code, with: record, by: principal)
                return ViewRenderer.redirect("/departments/\(department.code)/inspectors/\(existing.code)")
            } catch let error as FormProblems {
                return env.views.page("inspector-form", title: "编辑执法检查人员", context: context,
                                      data: formData(env, submitted(existing.code, department.code, form), department: department, isNew: false, problems: error.problems), status: .badRequest)
            } catch let error as StoreError where !error.isNotFound {
                return env.views.page("inspector-form", title: "编辑执法检查人员", context: context,
                                      data: formData(env, submitted(existing.code, department.code, form), department: department, isNew: false, problems: [error.description]), status: .badRequest)
            }
        }

        routes.get("/departments/{code}/inspectors/{inspector}/delete", managers) { _, context in
            let (principal, department) = try await departmentFor(manage: context, env)
            let (record, conflictList) = try await env.workflow.inspector(
                try context.parameters.require("inspector"), in: DepartmentCode(rawValue: department.code), for: principal)
            let conflicts = conflictList.count
            let base = "/departments/\(department.code)/inspectors/\(record.code)"
            return env.views.page("confirm", title: "删除执法检查人员", context: context, data: [
                "question": "确定从\(department.name)的执法检查人员名录库中删除「\(record.name)」（\(record.code)）吗？"
                    + (conflicts > 0 ? "其 \(conflicts) 条回避记录将一并删除。" : "")
                    + "已在已发布任务名单中的人员不能删除；如只是暂时不参加抽取，请改为“休假”，不再参加请“停用”。此操作会记入审计日志。",
                "action": base + "/delete", "cancel": base,
            ])
        }

        routes.post("/departments/{code}/inspectors/{inspector}/delete", managers) { _, context in
            let (principal, department) = try await departmentFor(manage: context, env)
            // An inspector published tasks use is refused (StoreError.inUse → 409 naming the tasks).
            let (record, _) = try await env.workflow.inspector(
                try context.parameters.require("inspector"), in: DepartmentCode(rawValue: department.code), for: principal)
            try await env.workflow.deleteInspector(record.code, by: principal)
            return ViewRenderer.redirect("/departments/\(department.code)/inspectors")
        }

        // 停用 (status 离岗) / 启用 (在岗): what a department does with an officer who leaves, since
        // published tasks keep their names and phones.
        for (action, retire) in [("retire", true), ("reinstate", false)] {
            routes.get("/departments/{code}/inspectors/{inspector}/\(action)", managers) { _, context in
                let (principal, department) = try await departmentFor(manage: context, env)
                let (record, _) = try await env.workflow.inspector(
                    try context.parameters.require("inspector"), in: DepartmentCode(rawValue: department.code), for: principal)
                let base = "/departments/\(department.code)/inspectors/\(record.code)"
                let question = retire
                    ? "确定停用\(department.name)的执法检查人员「\(record.name)」（\(record.code)）吗？停用后状态改为“离岗”，不再参加新的抽取，也不能再作为专家加入检查组；已发布任务的名单、一企一表和报告中的姓名、电话保持不变。可随时重新启用。此操作会记入审计日志。"
                    : "确定重新启用\(department.name)的执法检查人员「\(record.name)」（\(record.code)）吗？启用后状态改为“在岗”，可参加以后发布的任务的抽取。此操作会记入审计日志。"
                return env.views.page("confirm", title: retire ? "停用执法检查人员" : "启用执法检查人员", context: context, data: [
                    "question": question, "action": "\(base)/\(action)", "cancel": base,
                    "button": retire ? "确认停用" : "确认启用", "buttonClass": retire ? "danger" : "",
                ])
            }

            routes.post("/departments/{code}/inspectors/{inspector}/\(action)", managers) { _, context in
                let (principal, department) = try await departmentFor(manage: context, env)
                let code = try context.parameters.require("inspector")
                try await env.workflow.setInspectorRetired(code, in: DepartmentCode(rawValue: department.code), retired: retire, by: principal)
                return ViewRenderer.redirect("/departments/\(department.code)/inspectors/\(code)")
            }
        }
    }

    /// The department of the URL after the read check; a department admin asking for another
    /// department gets 403 before anything is loaded.
    static func departmentFor(read context: SignedInContext, _ env: WebEnvironment) async throws -> (Principal, DepartmentModel) {
        let principal = context.principal
        return (principal, try await env.workflow.department(DepartmentCode(rawValue: try context.parameters.require("code")), for: principal))
    }

    static func departmentFor(manage context: SignedInContext, _ env: WebEnvironment) async throws -> (Principal, DepartmentModel) {
        let principal = context.principal
        return (principal, try await env.workflow.department(toManage: DepartmentCode(rawValue: try context.parameters.require("code")), by: principal))
    }

    /// Links to the same list of the other departments, for the office and the auditor.
    static func departmentSwitcher(_ env: WebEnvironment, principal: Principal, current: String, suffix: String) async throws -> [[String: Any]] {
        guard principal.role.seesAllDepartments else { return [] }
        return try await env.workflow.workingDepartments().map {
            ["href": "/departments/\($0.code)/\(suffix)", "label": $0.name, "current": $0.code == current]
        }
    }

    static func submitted(_ code: String, _ department: String, _ form: DirectoryForms.InspectorForm) -> InspectorRecord {
        InspectorRecord(code: code, name: form.name ?? "", dept: department, mobile: form.mobile ?? "",
                        status: InspectorStatus(rawValue: form.status ?? "") ?? .onDuty,
                        certificateExpiry: CivilDate(form.certificateExpiry ?? ""),
                        expertise: FieldTag.splitList(form.expertise ?? ""), isExpert: form.expert == "on")
    }

    static func formData(_ env: WebEnvironment, _ record: InspectorRecord, department: DepartmentModel, isNew: Bool, problems: [String]) -> [String: Any] {
        var data = DirectoryFormat.inspector(record, today: env.today)
        data["expiry"] = record.certificateExpiry?.description ?? ""
        data["expertise"] = record.expertise.joined(separator: ";")
        data["isNew"] = isNew
        data["departmentCode"] = department.code
        data["departmentName"] = department.name
        data["problems"] = problems
        data["hasProblems"] = !problems.isEmpty
        data["statuses"] = DirectoryFormat.options(InspectorStatus.allCases.map { ($0.rawValue, $0.rawValue) }, selected: record.status.rawValue)
        return data
    }
}
