import Foundation
import Hummingbird
import SpotcheckCore

/// Pages anyone may open without logging in, and the static assets.
enum PublicController {
    static func register(_ routes: SecuredRoutes, _ env: WebEnvironment, assets: StaticAssets) {
        routes.publicGet("/") { _, context in
            env.views.page("home", title: "双随机、一公开 公示", context: context, data: [:])
        }

        routes.publicGet("/static/{file}") { _, context in
            let name = try context.parameters.require("file")
            guard let asset = assets.files[name] else { throw HTTPError(.notFound) }
            return Response(status: .ok, headers: [.contentType: asset.contentType, .cacheControl: "public, max-age=3600"],
                            body: .init(byteBuffer: ByteBuffer(bytes: asset.bytes)))
        }
    }
}

/// CSS and JavaScript read once at start; served from memory by exact name, so no path from a
/// request ever reaches the file system.
struct StaticAssets: Sendable {
    struct Asset: Sendable {
        let bytes: [UInt8]
        let contentType: String
    }

    let files: [String: Asset]

    static func load() throws -> StaticAssets {
        guard let base = WebResources.directory("static") else { return StaticAssets(files: [:]) }
        var files: [String: Asset] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: base.path) where !name.hasPrefix(".") {
            let data = try Data(contentsOf: base.appendingPathComponent(name))
            let type = name.hasSuffix(".css") ? "text/css; charset=utf-8" : name.hasSuffix(".js") ? "application/javascript; charset=utf-8" : "application/octet-stream"
            files[name] = Asset(bytes: Array(data), contentType: type)
        }
        return StaticAssets(files: files)
    }
}
