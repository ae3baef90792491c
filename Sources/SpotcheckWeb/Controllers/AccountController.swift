import Foundation
import Hummingbird
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// A user's own account: change password, create and revoke API tokens.
enum AccountController {
    struct PasswordChange: Decodable {
        var current: String
        var password: String
        var confirm: String
    }

    struct TokenForm: Decodable {
        var name: String
    }

    static func render(_ env: WebEnvironment, _ context: SignedInContext, extra: [String: Any] = [:], status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = context.principal
        let tokens = try await env.workflow.tokens(of: principal)
        var data: [String: Any] = [
            "tokens": tokens.map { token -> [String: Any] in
                ["id": token.id?.uuidString ?? "", "name": token.name, "created": token.createdAt.map(DisplayDate.format) ?? "",
                 "revoked": token.revokedAt != nil]
            },
            "noTokens": tokens.isEmpty,
        ]
        data.merge(extra) { $1 }
        return env.views.page("account", title: "我的账户", context: context, data: data, status: status)
    }

    static func register(_ routes: SecuredRoutes, _ env: WebEnvironment) {
        routes.get("/account", .anyUser) { _, context in try await render(env, context) }

        routes.post("/account/password", .anyUser) { request, context in
            let principal = context.principal
            let form = try await decodeForm(PasswordChange.self, from: request, context: context)
            do {
                try await env.workflow.changeOwnPassword(current: form.current, to: form.password, confirmation: form.confirm, by: principal)
            } catch let error as Workflow.PasswordChangeRefusal {
                return try await render(env, context, extra: ["passwordError": error.description], status: .badRequest)
            } catch let error as StoreError {
                return try await render(env, context, extra: ["passwordError": error.description], status: .badRequest)
            }
            // Changing the password ends all sessions, this one included.
            return ViewRenderer.redirect("/login")
        }

        routes.post("/account/tokens", .anyUser) { request, context in
            let principal = context.principal
            let form = try await decodeForm(TokenForm.self, from: request, context: context)
            do {
                let (_, secret) = try await env.workflow.createToken(name: form.name, for: principal)
                return try await render(env, context, extra: ["newToken": secret])
            } catch let error as StoreError {
                return try await render(env, context, extra: ["tokenError": error.description], status: .badRequest)
            }
        }

        routes.post("/account/tokens/{id}/revoke", .anyUser) { _, context in
            let principal = context.principal
            try await env.workflow.revokeToken(try context.parameters.require("id"), by: principal)
            return ViewRenderer.redirect("/account")
        }
    }
}

/// Dates as office staff read them, in China Standard Time.
enum DisplayDate {
    static func format(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%d年%d月%d日 %02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }
}
