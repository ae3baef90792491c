import Foundation
import Hummingbird
import Mustache
import SpotcheckCore

/// Renders Mustache templates from the bundled `Resources/templates` inside the shared layout.
public struct ViewRenderer: Sendable {
    let library: MustacheLibrary

    public static func load() async throws -> ViewRenderer {
        guard let base = WebResources.directory("templates") else {
            throw HTTPError(.internalServerError, message: "模板目录缺失")
        }
        return ViewRenderer(library: try await MustacheLibrary(directory: base.path))
    }

    /// How long a shared cache (a proxy, a CDN) may serve an anonymous page: the public notices
    /// change at the pace of office work, and a minute absorbs any burst of readers.
    static let publicCacheControl = "public, max-age=60"

    /// Renders `template` with the layout's data (title, user, navigation, CSRF token) merged in.
    ///
    /// An anonymous page that shows no form (every public page) is the same for everyone: it is
    /// sent without a cookie and may be cached by shared caches for a minute. A page that renders
    /// the CSRF token (the login form) or is for a logged-in user is `no-store`, and an anonymous
    /// token made for this request is set as the cookie its form is checked against.
    func page(_ template: String, title: String, context: some PageRequestContext, data: [String: Any] = [:], status: HTTPResponse.Status = .ok) -> Response {
        var object = data
        object["pageTitle"] = title
        object["site"] = Self.siteLinks
        let csrf = RenderedToken(context.csrfToken ?? "")
        object["csrf"] = csrf
        if let principal = context.viewer {
            object["user"] = [
                "username": principal.username, "displayName": principal.displayName,
                "roleLabel": principal.role.label, "departmentName": principal.departmentName,
            ]
            object["nav"] = Navigation.items(for: principal)
            object["unread"] = context.unreadMessages
            object["hasUnread"] = context.unreadMessages > 0
        } else {
            object["nav"] = Navigation.publicItems
        }
        guard let html = library.render(object, withTemplate: template) else {
            return Response(status: .internalServerError, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "模板 \(template) 缺失")))
        }
        var response = Self.html(html, status: status)
        if context.viewer == nil, !csrf.rendered, status == .ok {
            response.headers[.cacheControl] = Self.publicCacheControl
            // A shared cache keeps one copy for readers without cookies and asks the server for
            // anyone else's, so a logged-in reader never gets the anonymous copy.
            response.headers[.vary] = "Cookie"
        }
        if csrf.rendered, let token = context.csrfCookieToSet {
            response.setCookie(CSRFMiddleware.cookie(token))
        }
        return response
    }

    /// Links every page may show (the layout, lists, dashboards), built from ``SiteURL``.
    static let siteLinks: [String: String] = [
        "tasks": SiteURL.tasks.path, "newTask": SiteURL.newTask.path, "publicTasks": SiteURL.publicTasks.path,
    ]

    static func html(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}

/// The CSRF token as a template value that notes whether the template rendered it: only a page
/// with a form does, and only such a page needs the anonymous token's cookie.
private final class RenderedToken: MustacheCustomRenderable {
    let token: String
    private(set) var rendered = false

    init(_ token: String) { self.token = token }

    var renderText: String {
        rendered = true
        return token
    }

    var isNull: Bool { token.isEmpty }
}
