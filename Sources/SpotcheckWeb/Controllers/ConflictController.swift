import Foundation
import Hummingbird
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// 回避: conflicts declared per inspector. Managed by whoever manages the inspector's roster;
/// adding needs a reason, removing needs a confirmation, and both are audited.
enum ConflictController {
    struct ConflictForm: Decodable {
        var uscc: String?
        var reason: String?
    }

    static func register(_ routes: SecuredRoutes, _ env: WebEnvironment) {
        routes.post("/departments/{code}/inspectors/{inspector}/conflicts", InspectorController.managers) { request, context in
            let (principal, department) = try await InspectorController.departmentFor(manage: context, env)
            let (inspector, _) = try await env.workflow.inspector(
                try context.parameters.require("inspector"), in: DepartmentCode(rawValue: department.code), for: principal)
            let form = try await decodeForm(ConflictForm.self, from: request, context: context)
            let base = "/departments/\(department.code)/inspectors/\(inspector.code)"
            do {
                _ = try await env.workflow.addConflict(department: DepartmentCode(rawValue: department.code), inspector: inspector.code,
                                                       uscc: form.uscc ?? "", reason: form.reason ?? "", by: principal)
                return ViewRenderer.redirect(base)
            } catch let error as StoreError {
                // Back to the inspector page with the reason and the values typed.
                let (_, conflicts) = try await env.workflow.inspector(inspector.code, in: DepartmentCode(rawValue: department.code), for: principal)
                var data = DirectoryFormat.inspector(inspector, today: env.today, conflicts: conflicts.count)
                data["departmentCode"] = department.code
                data["departmentName"] = department.name
                data["conflictRows"] = conflicts.map(DirectoryFormat.conflict)
                data["noConflicts"] = conflicts.isEmpty
                data["canManage"] = true
                data["conflictError"] = error.description
                data["formUSCC"] = form.uscc ?? ""
                data["formReason"] = form.reason ?? ""
                return env.views.page("inspector", title: "\(inspector.name) · 执法检查人员", context: context, data: data, status: .badRequest)
            }
        }

        routes.get("/departments/{code}/inspectors/{inspector}/conflicts/{uscc}/delete", InspectorController.managers) { _, context in
            let (principal, department) = try await InspectorController.departmentFor(manage: context, env)
            let (inspector, conflicts) = try await env.workflow.inspector(
                try context.parameters.require("inspector"), in: DepartmentCode(rawValue: department.code), for: principal)
            let uscc = try context.parameters.require("uscc")
            guard let conflict = conflicts.first(where: { $0.uscc == uscc }) else {
                throw StoreError.notFound(entity: "回避记录", key: uscc)
            }
            let base = "/departments/\(department.code)/inspectors/\(inspector.code)"
            return env.views.page("confirm", title: "撤销回避", context: context, data: [
                "question": "确定撤销「\(inspector.name)」对「\(conflict.enterpriseName ?? uscc)」（\(uscc)）的回避吗？原因：\(conflict.reason)。"
                    + "撤销后，该检查人员可能被匹配到这家企业。此操作会记入审计日志。",
                "action": "\(base)/conflicts/\(uscc)/delete", "cancel": base,
            ])
        }

        routes.post("/departments/{code}/inspectors/{inspector}/conflicts/{uscc}/delete", InspectorController.managers) { _, context in
            let (principal, department) = try await InspectorController.departmentFor(manage: context, env)
            let (record, _) = try await env.workflow.inspector(
                try context.parameters.require("inspector"), in: DepartmentCode(rawValue: department.code), for: principal)
            let inspector = record.code
            try await env.workflow.removeConflict(inspector: inspector, uscc: try context.parameters.require("uscc"), by: principal)
            return ViewRenderer.redirect("/departments/\(department.code)/inspectors/\(inspector)")
        }
    }
}
