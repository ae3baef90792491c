import Foundation
import Hummingbird
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// Login and logout. Sessions live in the database; the cookie is HttpOnly and SameSite=Lax.
enum AuthController {
    struct LoginForm: Decodable {
        var username: String
        var password: String
        var next: String?
    }

    static func register(_ routes: SecuredRoutes, _ env: WebEnvironment) {
        routes.publicGet("/login") { request, context in
            if context.principal != nil { return ViewRenderer.redirect("/dashboard") }
            return env.views.page("login", title: "登录", context: context, data: ["next": safeNext(request.uri.queryParameters.get("next"))])
        }

        routes.publicPost("/login") { request, context in
            let form = try await decodeForm(LoginForm.self, from: request, context: context)
            let username = form.username.trimmingCharacters(in: .whitespaces)
            let next = safeNext(form.next)
            func failure(_ message: String, status: HTTPResponse.Status) -> Response {
                env.views.page("login", title: "登录", context: context, data: ["error": message, "username": username, "next": next], status: status)
            }
            let outcome = try await env.workflow.login(
                username: username, password: form.password, clientAddress: env.loginLimiter.clientAddress(request, context),
                checkPassword: { try await env.loginLimiter.checkPassword($0, hash: $1, with: env.store.passwords) })
            let session: SessionRepository.Started
            switch outcome {
            case let .throttled(wait):
                var response = failure("登录尝试过于频繁，请 \(wait) 秒后再试", status: .tooManyRequests)
                response.headers[.retryAfter] = String(wait)
                return response
            case .wrongCredentials:
                env.loginFailureCounter.increment()
                return failure("用户名或密码错误", status: .unauthorized)
            case .inactive:
                return failure("该账号已停用，请联系办公室管理员", status: .forbidden)
            case let .signedIn(started):
                env.loginCounter.increment()
                session = started
            }
            var response = ViewRenderer.redirect(next)
            response.setCookie(Cookie(name: SessionMiddleware.cookieName, value: session.token, expires: session.expiresAt,
                                      path: "/", secure: env.configuration.secureCookies, httpOnly: true, sameSite: .lax))
            return response
        }

        routes.post("/logout", .anyUser) { _, context in
            if let token = context.sessionToken { try await env.workflow.logout(sessionToken: token) }
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
