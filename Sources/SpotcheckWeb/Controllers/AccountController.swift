import Foundation
import Hummingbird
import SpotcheckCore
import SpotcheckStore

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

    static func render(_ env: WebEnvironment, _ context: AppRequestContext, extra: [String: Any] = [:], status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.requirePrincipal()
        let tokens = try await APITokenRepository(db: env.db).list(for: principal)
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
            let principal = try context.requirePrincipal()
            let form = try await decodeForm(PasswordChange.self, from: request, context: context)
            guard let user = try await UserRepository(db: env.db).find(username: principal.username),
                  try await PasswordHasher.verify(form.current, hash: user.passwordHash) else {
                return try await render(env, context, extra: ["passwordError": "当前密码不正确"], status: .badRequest)
            }
            guard form.password == form.confirm else {
                return try await render(env, context, extra: ["passwordError": "两次输入的新密码不一致"], status: .badRequest)
            }
            do {
                try await UserRepository(db: env.db).setPassword(username: principal.username, password: form.password, actor: .init(principal.username))
            } catch let error as StoreError {
                return try await render(env, context, extra: ["passwordError": error.description], status: .badRequest)
            }
            // Changing the password ends all sessions, this one included.
            return ViewRenderer.redirect("/login")
        }

        routes.post("/account/tokens", .anyUser) { request, context in
            let principal = try context.requirePrincipal()
            let form = try await decodeForm(TokenForm.self, from: request, context: context)
            do {
                let (_, secret) = try await APITokenRepository(db: env.db).create(name: form.name, for: principal)
                return try await render(env, context, extra: ["newToken": secret])
            } catch let error as StoreError {
                return try await render(env, context, extra: ["tokenError": error.description], status: .badRequest)
            }
        }

        routes.post("/account/tokens/{id}/revoke", .anyUser) { _, context in
            let principal = try context.requirePrincipal()
            guard let id = UUID(uuidString: try context.parameters.require("id")) else { throw HTTPError(.notFound) }
            try await APITokenRepository(db: env.db).revoke(id: id, by: principal)
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
        return String(format: "%04d-%02d-%02d %02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }
}
