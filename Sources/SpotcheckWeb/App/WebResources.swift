import Foundation

/// Locates the bundled `Resources` folder. Foundation on Linux and on macOS disagree on whether
/// `resourceURL` already ends in `Resources`, so both layouts are tried.
enum WebResources {
    static func directory(_ name: String) -> URL? {
        let bundle = URL(fileURLWithPath: Bundle.module.bundlePath)
        let candidates = [
            bundle.appendingPathComponent("Resources").appendingPathComponent(name),
            Bundle.module.resourceURL?.appendingPathComponent(name),
            Bundle.module.resourceURL?.appendingPathComponent("Resources").appendingPathComponent(name),
        ].compactMap { $0 }
        return candidates.first { FileManager.default.fileExists(atPath: $0.path) }
    }
}
