/// Department codes are short ASCII identifiers (yjj, scjg, …). They become parts of draw labels
/// (`inspectors/<code>`) and URLs, so they are restricted to a safe alphabet.
public struct DepartmentCode: RawRepresentable, Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let rawValue: String

    /// A stored code, taken as it is.
    public init(rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    public static func < (lhs: DepartmentCode, rhs: DepartmentCode) -> Bool { lhs.rawValue < rhs.rawValue }

    public static func validate(_ code: String) -> String? {
        if code.isEmpty || code.count > 32 { return "部门代码须为 1–32 位" }
        let allowed = code.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
        return allowed ? nil : "部门代码只能包含小写字母、数字、- 和 _"
    }
}
