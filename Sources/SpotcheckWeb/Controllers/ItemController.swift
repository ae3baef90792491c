import Foundation
import Hummingbird
import SpotcheckCore
import SpotcheckImport
import SpotcheckStore

/// 抽查事项清单, one per department: the department admin (and the office) maintain it; everyone
/// logged in with a reading role sees it here, and the public sees it on `/public/items`.
enum ItemController {
    static func register(_ routes: SecuredRoutes, _ env: WebEnvironment) {
        routes.get("/departments/{code}/items", InspectorController.readers) { _, context in
            let (principal, department) = try await InspectorController.departmentFor(read: context, env)
            let (_, items, retired) = try await env.workflow.items(of: DepartmentCode(rawValue: department.code), search: "", for: principal)
            let canManage = principal.mayManage(departmentCode: department.code)
            return env.views.page("items", title: "抽查事项清单 · \(department.name)", context: context, data: [
                "code": department.code, "departmentName": department.name,
                "items": items.map { row in
                    var data = DirectoryFormat.item(row, departmentName: department.name)
                    data["canManage"] = canManage
                    data["retired"] = retired.contains(row.code)
                    return data
                },
                "empty": items.isEmpty, "total": items.count, "canManage": canManage,
                "switcher": try await InspectorController.departmentSwitcher(env, principal: principal, current: department.code, suffix: "items"),
            ])
        }

        for format in [DirectoryExport.Format.csv, .xlsx] {
            routes.get("/departments/{code}/items/export.\(format.rawValue)", InspectorController.readers) { _, context in
                let (principal, department) = try await InspectorController.departmentFor(read: context, env)
                return DirectoryExport.download(try await env.workflow.exportItems(
                    of: DepartmentCode(rawValue: department.code), format: format == .xlsx ? .xlsx : .csv, by: principal))
            }
        }

        routes.get("/departments/{code}/items/new", InspectorController.managers) { _, context in
            let (_, department) = try await InspectorController.departmentFor(manage: context, env)
            let blank = InspectionItemRecord(dept: department.code, code: "", name: "", legalBasis: "", subject: department.name)
            return env.views.page("item-form", title: "新增抽查事项", context: context, data: formData(blank, department: department, isNew: true, problems: []))
        }

        routes.post("/departments/{code}/items", InspectorController.managers) { request, context in
            let (principal, department) = try await InspectorController.departmentFor(manage: context, env)
            let form = try await decodeForm(DirectoryForms.ItemForm.self, from: request, context: context)
            let code = (form.code ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let (parsed, problems) = DirectoryForms.item(code: code, department: department.code, form: form)
            do {
                guard let record = parsed else { throw FormProblems(problems) }
                try await env.workflow.createItem(record, by: principal)
                return ViewRenderer.redirect("/departments/\(department.code)/items#\(record.code)")
            } catch let error as FormProblems {
                return env.views.page("item-form", title: "新增抽查事项", context: context,
                                      data: formData(submitted(code, department.code, form), department: department, isNew: true, problems: error.problems, ratioText: form.ratio), status: .badRequest)
            } catch let error as StoreError {
                return env.views.page("item-form", title: "新增抽查事项", context: context,
                                      data: formData(submitted(code, department.code, form), department: department, isNew: true, problems: [error.description], ratioText: form.ratio), status: .badRequest)
            }
        }

        routes.get("/departments/{code}/items/{item}/edit", InspectorController.managers) { _, context in
            let (principal, department) = try await InspectorController.departmentFor(manage: context, env)
            let record = try await env.workflow.item(try context.parameters.require("item"), of: DepartmentCode(rawValue: department.code), for: principal).item
            return env.views.page("item-form", title: "编辑抽查事项", context: context, data: formData(record, department: department, isNew: false, problems: []))
        }

        routes.post("/departments/{code}/items/{item}/edit", InspectorController.managers) { request, context in
            let (principal, department) = try await InspectorController.departmentFor(manage: context, env)
            let existing = try await env.workflow.item(try context.parameters.require("item"), of: DepartmentCode(rawValue: department.code), for: principal).item
            let form = try await decodeForm(DirectoryForms.ItemForm.self, from: request, context: context)
            let (parsed, problems) = DirectoryForms.item(code: existing.code, department: department.code, form: form)
            do {
                guard let record = parsed else { throw FormProblems(problems) }
                _ = try await env.workflow.updateItem(existing.code, of: DepartmentCode(rawValue: department.code), with: record, by: principal)
                return ViewRenderer.redirect("/departments/\(department.code)/items#\(existing.code)")
            } catch let error as FormProblems {
                return env.views.page("item-form", title: "编辑抽查事项", context: context,
                                      data: formData(submitted(existing.code, department.code, form), department: department, isNew: false, problems: error.problems, ratioText: form.ratio), status: .badRequest)
            } catch let error as StoreError where !error.isNotFound {
                return env.views.page("item-form", title: "编辑抽查事项", context: context,
                                      data: formData(submitted(existing.code, department.code, form), department: department, isNew: false, problems: [error.description], ratioText: form.ratio), status: .badRequest)
            }
        }

        routes.get("/departments/{code}/items/{item}/delete", InspectorController.managers) { _, context in
            let (principal, department) = try await InspectorController.departmentFor(manage: context, env)
            let record = try await env.workflow.item(try context.parameters.require("item"), of: DepartmentCode(rawValue: department.code), for: principal).item
            let base = "/departments/\(department.code)/items"
            return env.views.page("confirm", title: "删除抽查事项", context: context, data: [
                "question": "确定从\(department.name)的抽查事项清单中删除「\(record.code) \(record.name)」吗？删除后该事项不再公示，也不能再列入新的抽查任务。此操作会记入审计日志。",
                "action": "\(base)/\(record.code)/delete", "cancel": base,
            ])
        }

        routes.post("/departments/{code}/items/{item}/delete", InspectorController.managers) { _, context in
            let (principal, department) = try await InspectorController.departmentFor(manage: context, env)
            // An item published tasks use is refused (StoreError.inUse → 409 naming the tasks).
            try await env.workflow.deleteItem(try context.parameters.require("item"), of: DepartmentCode(rawValue: department.code), by: principal)
            return ViewRenderer.redirect("/departments/\(department.code)/items")
        }

        // 停用 / 启用: what a department does with an item it no longer uses, since published tasks keep theirs.
        for (action, retire) in [("retire", true), ("reinstate", false)] {
            routes.get("/departments/{code}/items/{item}/\(action)", InspectorController.managers) { _, context in
                let (principal, department) = try await InspectorController.departmentFor(manage: context, env)
                let record = try await env.workflow.item(try context.parameters.require("item"), of: DepartmentCode(rawValue: department.code), for: principal).item
                let base = "/departments/\(department.code)/items"
                let question = retire
                    ? "确定停用\(department.name)的抽查事项「\(record.code) \(record.name)」吗？停用后该事项不能再列入新的抽查任务（尚未发布、仍含该事项的任务草稿须先去掉它才能发布）；已发布任务的一企一表、检查记录和报告保持不变。可随时重新启用。此操作会记入审计日志。"
                    : "确定重新启用\(department.name)的抽查事项「\(record.code) \(record.name)」吗？启用后可再列入新的抽查任务。此操作会记入审计日志。"
                return env.views.page("confirm", title: retire ? "停用抽查事项" : "启用抽查事项", context: context, data: [
                    "question": question, "action": "\(base)/\(record.code)/\(action)", "cancel": "\(base)#\(record.code)",
                    "button": retire ? "确认停用" : "确认启用", "buttonClass": retire ? "danger" : "",
                ])
            }

            routes.post("/departments/{code}/items/{item}/\(action)", InspectorController.managers) { _, context in
                let (principal, department) = try await InspectorController.departmentFor(manage: context, env)
                let code = try context.parameters.require("item")
                _ = try await env.workflow.setItemRetired(code, of: DepartmentCode(rawValue: department.code), retired: retire, by: principal)
                return ViewRenderer.redirect("/departments/\(department.code)/items#\(code)")
            }
        }
    }

    static func submitted(_ code: String, _ department: String, _ form: DirectoryForms.ItemForm) -> InspectionItemRecord {
        func lines(_ text: String?) -> [String] { (text ?? "").split(whereSeparator: \.isNewline).map(String.init) }
        return InspectionItemRecord(
            dept: department, code: code, name: form.name ?? "", subItems: lines(form.subItems), legalBasis: form.legalBasis ?? "",
            subject: form.subject ?? "", scopeTags: (form.scopeTags ?? []).map { FieldTag($0) },
            methods: (form.methods ?? []).compactMap(InspectionMethod.init(rawValue:)),
            category: InspectionItemCategory(rawValue: form.category ?? "") ?? .general,
            defaultRatioBasisPoints: 0, frequency: form.frequency ?? "", materials: lines(form.materials),
            inspectorRequirements: form.inspectorRequirements ?? "")
    }

    static func formData(_ record: InspectionItemRecord, department: DepartmentModel, isNew: Bool, problems: [String], ratioText: String? = nil) -> [String: Any] {
        var data = DirectoryFormat.item(record, departmentName: department.name)
        data["subItemsText"] = record.subItems.joined(separator: "\n")
        data["materialsText"] = record.materials.joined(separator: "\n")
        data["ratioText"] = ratioText ?? (isNew && problems.isEmpty ? "" : DirectoryFormat.percent(record.defaultRatioBasisPoints))
        data["isNew"] = isNew
        data["departmentCode"] = department.code
        data["problems"] = problems
        data["hasProblems"] = !problems.isEmpty
        data["tagChoices"] = DirectoryFormat.tagChoices(selected: record.scopeTags)
        data["methodChoices"] = InspectionMethod.allCases.map { ["value": $0.rawValue, "checked": record.methods.contains($0)] }
        data["categories"] = DirectoryFormat.options(InspectionItemCategory.allCases.map { ($0.rawValue, $0.rawValue) }, selected: record.category.rawValue)
        return data
    }
}
