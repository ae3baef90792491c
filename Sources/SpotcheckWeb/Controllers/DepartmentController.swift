import Foundation
import Hummingbird
import SpotcheckCore
import SpotcheckWorkflow
import SpotcheckStore

/// Departments: the office manages them; auditors read all; a department admin reads only its own.
enum DepartmentController {
    struct DepartmentForm: Decodable {
        var code: String?
        var name: String
        var kind: String?
    }

    static func register(_ routes: SecuredRoutes, _ env: WebEnvironment) {
        routes.get("/departments", .readers) { _, context in
            let principal = context.principal
            if principal.role == .deptAdmin { return ViewRenderer.redirect("/departments/\(principal.departmentCode)") }
            let departments = try await env.workflow.departments(for: principal)
            let rows: [[String: Any]] = try departments.map { ["code": $0.code, "name": $0.name, "kindLabel": (try $0.departmentKind).label] }
            return env.views.page("departments", title: "部门", context: context, data: [
                "departments": rows, "empty": rows.isEmpty, "canManage": principal.role == .officeAdmin,
            ])
        }

        routes.get("/departments/new", .office) { _, context in
            env.views.page("department-form", title: "新建部门", context: context, data: ["isNew": true, "kindDepartment": true])
        }

        routes.post("/departments", .office) { request, context in
            let principal = context.principal
            let form = try await decodeForm(DepartmentForm.self, from: request, context: context)
            let code = (form.code ?? "").trimmingCharacters(in: .whitespaces)
            let kind = DepartmentKind(rawValue: form.kind ?? "department") ?? .department
            do {
                _ = try await env.workflow.createDepartment(code: code, name: form.name, kind: kind, by: principal)
                return ViewRenderer.redirect("/departments/\(code)")
            } catch let error as StoreError {
                return env.views.page("department-form", title: "新建部门", context: context, data: [
                    "isNew": true, "error": error.description, "code": code, "name": form.name, "kindDepartment": kind == .department,
                ], status: .badRequest)
            }
        }

        routes.get("/departments/{code}", .readers) { request, context in
            let principal = context.principal
            let code = try context.parameters.require("code")
            let department = try await env.workflow.department(DepartmentCode(rawValue: code), for: principal)
            let page = try pageNumber(request)
            let (users, total) = try await env.workflow.departmentUsers(DepartmentCode(rawValue: code), search: nil, page: page, perPage: 50, for: principal)
            return env.views.page("department", title: department.name, context: context, data: [
                "code": department.code, "name": department.name, "kindLabel": (try department.departmentKind).label,
                "users": try users.map(UserController.row), "noUsers": users.isEmpty,
                "canManage": principal.role == .officeAdmin,
                "pagination": pagination(page: page, perPage: 50, total: total, base: "/departments/\(code)"),
            ])
        }

        routes.get("/departments/{code}/edit", .office) { _, context in
            let department = try await env.workflow.department(DepartmentCode(rawValue: try context.parameters.require("code")), for: context.principal)
            return env.views.page("department-form", title: "编辑部门", context: context, data: [
                "code": department.code, "name": department.name, "kindDepartment": (try department.departmentKind) == .department,
            ])
        }

        routes.post("/departments/{code}/edit", .office) { request, context in
            let principal = context.principal
            let code = try context.parameters.require("code")
            let form = try await decodeForm(DepartmentForm.self, from: request, context: context)
            do {
                _ = try await env.workflow.updateDepartment(DepartmentCode(rawValue: code), name: form.name,
                                                            kind: form.kind.flatMap(DepartmentKind.init(rawValue:)), by: principal)
                return ViewRenderer.redirect("/departments/\(code)")
            } catch let error as StoreError where error != .notFound(entity: "部门", key: code) {
                return env.views.page("department-form", title: "编辑部门", context: context, data: [
                    "code": code, "name": form.name, "error": error.description, "kindDepartment": form.kind != "office",
                ], status: .badRequest)
            }
        }

        routes.get("/departments/{code}/delete", .office) { _, context in
            let department = try await env.workflow.department(DepartmentCode(rawValue: try context.parameters.require("code")), for: context.principal)
            return env.views.page("confirm", title: "删除部门", context: context, data: [
                "question": "确定删除部门「\(department.name)」（\(department.code)）吗？此操作会记入审计日志，且不可撤销。",
                "action": "/departments/\(department.code)/delete", "cancel": "/departments/\(department.code)",
            ])
        }

        routes.post("/departments/{code}/delete", .office) { _, context in
            let principal = context.principal
            try await env.workflow.deleteDepartment(DepartmentCode(rawValue: try context.parameters.require("code")), by: principal)
            return ViewRenderer.redirect("/departments")
        }
    }
}
