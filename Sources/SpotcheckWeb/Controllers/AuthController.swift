import Foundation
import Hummingbird
import SpotcheckCore
import SpotcheckStore

/// Login and logout. Sessions live in the database; the cookie is HttpOnly and SameSite=Lax.
enum AuthController {
    struct LoginForm: Decodable {
        var username: String
        var password: String
        var next: String?
    }

    static func register(_ routes: SecuredRoutes, _ env: WebEnvironment) {
        routes.get("/login", .publicAccess) { request, context in
            if context.principal != nil { return ViewRenderer.redirect("/dashboard") }
            return env.views.page("login", title: "登录", context: context, data: ["next": safeNext(request.uri.queryParameters.get("next"))])
        }

        routes.post("/login", .publicAccess) { request, context in
            let form = try await decodeForm(LoginForm.self, from: request, context: context)
            let username = form.username.trimmingCharacters(in: .whitespaces)
            let next = safeNext(form.next)
            func failure(_ message: String, status: HTTPResponse.Status) -> Response {
                env.views.page("login", title: "登录", context: context, data: ["error": message, "username": username, "next": next], status: status)
            }
            if let wait = await env.loginLimiter.retryAfter(for: username.lowercased()) {
                var response = failure("登录失败次数过多，请 \(wait) 秒后再试", status: .tooManyRequests)
                response.headers[.retryAfter] = String(wait)
                return response
            }
            guard let user = try await UserRepository(db: env.db).find(username: username),
                  try await PasswordHasher.verify(form.password, hash: user.passwordHash) else {
                await env.loginLimiter.recordFailure(for: username.lowercased())
                env.loginFailureCounter.increment()
                return failure("用户名或密码错误", status: .unauthorized)
            }
            guard user.active else { return failure("该账号已停用，请联系办公室管理员", status: .forbidden) }
            await env.loginLimiter.recordSuccess(for: username.lowercased())
            env.loginCounter.increment()
            let session = try await SessionRepository(db: env.db).start(for: user)
            var response = ViewRenderer.redirect(next)
            response.setCookie(Cookie(name: SessionMiddleware.cookieName, value: session.token, expires: session.expiresAt,
                                      path: "/", secure: env.configuration.secureCookies, httpOnly: true, sameSite: .lax))
            return response
        }

        routes.post("/logout", .anyUser) { _, context in
            if let token = context.sessionToken { try await SessionRepository(db: env.db).end(token: token) }
            var response = ViewRenderer.redirect("/login")
            response.setCookie(Cookie(name: SessionMiddleware.cookieName, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .lax))
            return response
        }
    }

    /// Only same-site paths, so the login form cannot be used as an open redirect.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\") else { return "/dashboard" }
        return next
    }
}
