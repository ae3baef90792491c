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

    /// Renders `template` with the layout's data (title, user, navigation, CSRF token) merged in.
    func page(_ template: String, title: String, context: AppRequestContext, data: [String: Any] = [:], status: HTTPResponse.Status = .ok) -> Response {
        var object = data
        object["pageTitle"] = title
        object["csrf"] = context.csrfToken ?? ""
        if let principal = context.principal {
            object["user"] = [
                "username": principal.username, "displayName": principal.displayName,
                "roleLabel": principal.role.label, "departmentName": principal.departmentName,
            ]
            object["nav"] = Navigation.items(for: principal)
        } else {
            object["nav"] = Navigation.publicItems
        }
        guard let html = library.render(object, withTemplate: template) else {
            return Response(status: .internalServerError, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "模板 \(template) 缺失")))
        }
        return Self.html(html, status: status)
    }

    static func html(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}
