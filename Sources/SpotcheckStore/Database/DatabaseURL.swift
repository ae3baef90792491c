import Foundation

/// Where the data lives, parsed from `SPOTCHECK_DATABASE_URL` or `--database`.
/// `sqlite:///abs/path.sqlite`, `sqlite://relative.sqlite` and a bare path select SQLite;
/// `postgres://` / `postgresql://` select PostgreSQL.
public enum DatabaseURL: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    public static let defaultSQLitePath = "./spotcheck.sqlite"
    public static let environmentKey = "SPOTCHECK_DATABASE_URL"

    public struct ParseError: Error, CustomStringConvertible {
        public let description: String
    }

    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("postgres://") || trimmed.hasPrefix("postgresql://") {
            guard URL(string: trimmed)?.host != nil else {
                throw ParseError(description: "数据库地址无效：\(Self.redacted(trimmed))（格式 postgres://用户:密码@主机:端口/库名）")
            }
            self = .postgres(url: trimmed)
        } else if trimmed.hasPrefix("sqlite://") {
            let path = String(trimmed.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw ParseError(description: "SQLite 地址缺少文件路径，例如 sqlite:///var/lib/spotcheck.sqlite") }
            self = .sqlite(path: path)
        } else if trimmed.contains("://") {
            throw ParseError(description: "不支持的数据库类型：\(Self.redacted(trimmed))（仅支持 sqlite:// 与 postgres://）")
        } else if trimmed.isEmpty {
            self = .sqlite(path: Self.defaultSQLitePath)
        } else {
            self = .sqlite(path: trimmed)
        }
    }

    /// Flag first, then environment, then the default file next to the working directory.
    public static func resolve(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> DatabaseURL {
        if let flag, !flag.isEmpty { return try DatabaseURL(parsing: flag) }
        if let env = environment[environmentKey], !env.isEmpty { return try DatabaseURL(parsing: env) }
        return .sqlite(path: defaultSQLitePath)
    }

    public var isSQLite: Bool { if case .sqlite = self { true } else { false } }

    /// Never print a password in logs or error messages.
    public var description: String {
        switch self {
        case let .sqlite(path): "sqlite://\(path)"
        case let .postgres(url): Self.redacted(url)
        }
    }

    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? url
    }
}
