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
            // Counted before the password is checked, in the database: parallel attempts and
            // other server processes see the same count (`LoginThrottle`).
            let address = env.loginLimiter.clientAddress(request, context)
            let throttle = LoginThrottle(db: env.db)
            if case let .refused(wait) = try await throttle.reserve(username: username, address: address) {
                var response = failure("登录尝试过于频繁，请 \(wait) 秒后再试", status: .tooManyRequests)
                response.headers[.retryAfter] = String(wait)
                return response
            }
            let user = try await UserRepository(db: env.db).find(username: username)
            guard try await env.loginLimiter.checkPassword(form.password, hash: user?.passwordHash), let user else {
                env.loginFailureCounter.increment()
                return failure("用户名或密码错误", status: .unauthorized)
            }
            try await throttle.succeeded(username: username, address: address)
            guard user.active else { return failure("该账号已停用，请联系办公室管理员", status: .forbidden) }
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

    /// Only a path on this site, so the login form cannot be used as an open redirect: exactly
    /// one leading `/`, and no `//`, backslash, whitespace or control character, checked on the value
    /// and once more after percent-decoding it (browsers drop a tab or newline inside a URL, so
    /// `/%09/evil.example` would otherwise become `//evil.example`).
    static func safeNext(_ next: String?) -> String {
        let fallback = "/dashboard"
        guard let next, next.utf8.count <= 2048 else { return fallback }
        for form in [next, next.removingPercentEncoding ?? next] {
            guard form.hasPrefix("/"), !form.contains("//"), !form.contains("\\"),
                  !form.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control || $0.properties.generalCategory == .format })
            else { return fallback }
        }
        return next
    }
}
