import Foundation
import Hummingbird
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// User accounts: the office admin creates, edits, resets and deletes; the auditor reads.
enum UserController {
    struct UserForm: Decodable {
        var username: String?
        var displayName: String
        var role: String
        var department: String
        var mobile: String?
        var password: String?
        var active: String?
        var inspectorCode: String?
    }

    struct PasswordForm: Decodable {
        var password: String
    }

    static func row(_ user: UserModel) throws -> [String: Any] {
        [
            "username": user.username, "displayName": user.displayName, "roleLabel": (try user.userRole).label,
            "departmentName": user.$department.value?.name ?? "", "departmentCode": user.$department.value?.code ?? "",
            "mobile": user.mobile ?? "", "active": user.active,
        ]
    }

    /// The form's choices. `officer` is the linked (or typed) 执法证号; the officer select lists each
    /// department's roster under its name, marking officers another account already acts as.
    static func formData(_ env: WebEnvironment, _ context: SignedInContext, role: Role?, department: String?, officer: String?,
                         account: String? = nil) async throws -> [String: Any] {
        let departments = try await env.workflow.allDepartments()
        let officers = try await env.workflow.officersForAccounts(by: context.principal)
        let groups: [[String: Any]] = departments.compactMap { d in
            let mine = officers.filter { $0.officer.dept == d.code }
            guard !mine.isEmpty else { return nil }
            return ["label": d.name, "officers": mine.map { item -> [String: Any] in
                let taken = item.account.map { $0 != account } ?? false
                return ["value": item.officer.code, "selected": item.officer.code == officer,
                        "label": "\(item.officer.name)（\(item.officer.code)）\(taken ? "——已由账号 \(item.account!) 使用" : "")"]
            }]
        }
        return [
            "roles": Role.allCases.map { ["value": $0.rawValue, "label": $0.label, "selected": $0 == role] },
            "departments": departments.map { ["value": $0.code, "label": $0.name, "selected": $0.code == department] },
            "officerGroups": groups, "noOfficer": (officer ?? "").isEmpty,
        ]
    }

    static func register(_ routes: SecuredRoutes, _ env: WebEnvironment) {
        routes.get("/users", .oversight) { request, context in
            let principal = context.principal
            let search = request.uri.queryParameters.get("q")?.trimmingCharacters(in: .whitespaces)
            let page = try pageNumber(request)
            let (users, total) = try await env.workflow.users(search: search, page: page, perPage: 50, for: principal)
            let base = "/users" + (search.map { "?q=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") } ?? "")
            return env.views.page("users", title: "用户", context: context, data: [
                "users": try users.map(row), "empty": users.isEmpty, "q": search ?? "",
                "canManage": principal.role == .officeAdmin,
                "pagination": pagination(page: page, perPage: 50, total: total, base: base),
            ])
        }

        routes.get("/users/new", .office) { request, context in
            var data = try await formData(env, context, role: .inspector, department: request.uri.queryParameters.get("department"), officer: nil)
            data["isNew"] = true
            return env.views.page("user-form", title: "新建用户", context: context, data: data)
        }

        routes.post("/users", .office) { request, context in
            let principal = context.principal
            let form = try await decodeForm(UserForm.self, from: request, context: context)
            let role = Role(rawValue: form.role)
            do {
                guard let role else { throw StoreError.invalid("请选择角色") }
                let new = UserRepository.NewUser(
                    username: (form.username ?? "").trimmingCharacters(in: .whitespaces), displayName: form.displayName,
                    password: form.password ?? "", role: role, departmentCode: form.department, mobile: form.mobile,
                    inspectorCode: form.inspectorCode)
                let user = try await env.workflow.createUser(new, by: principal)
                return ViewRenderer.redirect("/departments/\(user.$department.value?.code ?? form.department)")
            } catch let error as StoreError {
                var data = try await formData(env, context, role: role, department: form.department, officer: form.inspectorCode)
                data["isNew"] = true
                data["error"] = error.description
                data["username"] = form.username ?? ""
                data["displayName"] = form.displayName
                data["mobile"] = form.mobile ?? ""
                return env.views.page("user-form", title: "新建用户", context: context, data: data, status: .badRequest)
            }
        }

        routes.get("/users/{username}/edit", .office) { _, context in
            let user = try await env.workflow.user(try context.parameters.require("username"), for: context.principal)
            var data = try await formData(env, context, role: (try user.userRole), department: user.$department.value?.code,
                                          officer: user.inspectorCode, account: user.username)
            data.merge(try row(user)) { $1 }
            return env.views.page("user-form", title: "编辑用户", context: context, data: data)
        }

        routes.post("/users/{username}/edit", .office) { request, context in
            let principal = context.principal
            let username = try context.parameters.require("username")
            let form = try await decodeForm(UserForm.self, from: request, context: context)
            let change = UserRepository.Change(displayName: form.displayName, role: Role(rawValue: form.role), departmentCode: form.department,
                                               mobile: form.mobile ?? "", active: form.active == "on", inspectorCode: form.inspectorCode ?? "")
            do {
                let user = try await env.workflow.updateUser(username, change: change, password: nil, by: principal)
                return ViewRenderer.redirect("/departments/\(user.$department.value?.code ?? "")")
            } catch let error as StoreError {
                var data = try await formData(env, context, role: Role(rawValue: form.role), department: form.department,
                                              officer: form.inspectorCode, account: username)
                data["error"] = error.description
                data["username"] = username
                data["displayName"] = form.displayName
                data["mobile"] = form.mobile ?? ""
                data["active"] = form.active == "on"
                return env.views.page("user-form", title: "编辑用户", context: context, data: data, status: .badRequest)
            }
        }

        routes.post("/users/{username}/password", .office) { request, context in
            let principal = context.principal
            let username = try context.parameters.require("username")
            let form = try await decodeForm(PasswordForm.self, from: request, context: context)
            try await env.workflow.resetPassword(of: username, to: form.password, by: principal)
            return ViewRenderer.redirect("/users/\(username)/edit")
        }

        routes.get("/users/{username}/delete", .office) { _, context in
            let user = try await env.workflow.user(try context.parameters.require("username"), for: context.principal)
            let username = user.username
            return env.views.page("confirm", title: "删除用户", context: context, data: [
                "question": "确定删除用户「\(user.displayName)」（\(user.username)）吗？此操作会记入审计日志，且不可撤销。如只需暂停使用，请改为停用账号。",
                "action": "/users/\(username)/delete", "cancel": "/users/\(username)/edit",
            ])
        }

        routes.post("/users/{username}/delete", .office) { _, context in
            let principal = context.principal
            let username = try context.parameters.require("username")
            try await env.workflow.deleteUser(username, by: principal)
            return ViewRenderer.redirect("/users")
        }
    }
}
