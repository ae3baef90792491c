/// The one rule every piece of user-supplied text passes before it is stored or searched:
/// a maximum length per kind of field and no C0 control characters other than tab and line
/// breaks. PostgreSQL refuses a NUL byte in text outright (a 500 if it reaches the driver) and
/// SQLite would store it and cut it short in every C string that later reads it, so the check
/// runs before either database sees the value, for pages, API, CLI and imports alike.
public enum TextInput {
    /// How long a field may be, in characters (Swift `Character`s, as a clerk counts them).
    public enum Limit: Int, Sendable, CaseIterable {
        /// Codes and identifiers: department and item codes, usernames, 执法证号, 文号.
        case code = 64
        /// Names and titles: people, departments, enterprises, items, tasks, addresses.
        case name = 200
        /// A search box.
        case search = 100
        /// One-line reasons and short notes (rejections, cancellations, recusals).
        case reason = 500
        /// Free text: results, findings, dispositions, summaries.
        case freeText = 10_000

        public var characters: Int { rawValue }
    }

    /// Why a value was refused, in words a clerk can act on.
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case tooLong(field: String, limit: Int)
        case controlCharacter(field: String)

        public var description: String {
            switch self {
            case let .tooLong(field, limit): "\(field)不能超过 \(limit) 个字"
            case let .controlCharacter(field): "\(field)含有不可见的控制字符，请删除后重试"
            }
        }
    }

    /// Whether `scalar` is a C0 control (or DEL) other than tab, line feed and carriage return.
    @inline(__always)
    public static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: false
        case 0x00...0x1F, 0x7F: true
        default: false
        }
    }

    /// Whether `text` holds a control character the rule refuses.
    public static func containsForbiddenControl(_ text: some StringProtocol) -> Bool {
        // The UTF-8 view is enough: every C0 control is a single byte below 0x20 that never
        // occurs inside a multi-byte sequence.
        text.utf8.contains { $0 < 0x20 ? ($0 != 0x09 && $0 != 0x0A && $0 != 0x0D) : $0 == 0x7F }
    }

    /// The problem with `text` as the field named `field` (a Chinese label), or nil when it passes.
    public static func problem(_ text: some StringProtocol, field: String, limit: Limit) -> Problem? {
        // Cheap bounds first, so a hostile megabyte is refused without walking its graphemes:
        // within the limit in bytes is certainly within it in characters, and more than 4 bytes
        // per allowed character (the longest single scalar) is refused outright; characters are
        // counted only between the two.
        let bytes = text.utf8.count
        if bytes > limit.characters * 4 || (bytes > limit.characters && text.count > limit.characters) {
            return .tooLong(field: field, limit: limit.characters)
        }
        if containsForbiddenControl(text) { return .controlCharacter(field: field) }
        return nil
    }

    /// Throws the problem with `text`, if any.
    public static func check(_ text: some StringProtocol, field: String, limit: Limit) throws(Problem) {
        if let problem = problem(text, field: field, limit: limit) { throw problem }
    }
}
