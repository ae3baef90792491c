/// A supervision field (领域标签) attached to enterprises and items; an item
/// applies to an enterprise when they share a tag.
///
/// A struct rather than an enum because offices add fields over time; the
/// known ones are constants and ``FieldTagVocabulary`` says which are accepted.
public struct FieldTag: RawRepresentable, Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    public static func < (lhs: FieldTag, rhs: FieldTag) -> Bool { lhs.rawValue < rhs.rawValue }

    public static let hazardousChemicals = FieldTag("危险化学品")
    public static let industryAndTrade = FieldTag("工贸")
    public static let refinedOil = FieldTag("成品油")
    public static let fireSafetyKeyUnit = FieldTag("消防重点单位")
    public static let auction = FieldTag("拍卖")
    public static let measuringInstruments = FieldTag("计量器具")
    public static let productQuality = FieldTag("产品质量")
    public static let registration = FieldTag("登记")
    public static let publicity = FieldTag("公示信息")

    /// The fields of the seed notice's four departments, in display order.
    public static let known: [FieldTag] = [
        .hazardousChemicals, .industryAndTrade, .refinedOil, .fireSafetyKeyUnit, .auction,
        .measuringInstruments, .productQuality, .registration, .publicity,
    ]

    /// Splits a cell such as `危险化学品;工贸`: offices type `;`, the full-width
    /// `；` or the enumeration comma `、`, sometimes with spaces; empties are dropped.
    public static func splitList(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == ";" || $0 == "；" || $0 == "、" })
            .map { String($0).trimmingWhitespace() }
            .filter { !$0.isEmpty }
    }
}

/// The tags an import accepts. Configurable so an office can add a field
/// without a release; an unknown tag is an import error, not a new tag,
/// because a typo would otherwise silently take an enterprise out of scope.
public struct FieldTagVocabulary: Sendable, Hashable {
    public private(set) var tags: [FieldTag]
    private var members: Set<FieldTag>

    public init<S: Sequence>(_ tags: S) where S.Element == FieldTag {
        var seen = Set<FieldTag>()
        self.tags = tags.filter { seen.insert($0).inserted }
        self.members = seen
    }

    /// The built-in fields of ``FieldTag/known``.
    public static let standard = FieldTagVocabulary(FieldTag.known)

    public func contains(_ tag: FieldTag) -> Bool { members.contains(tag) }

    /// A copy that also accepts `extra` (kept in the given order, after the existing ones).
    public func adding<S: Sequence>(_ extra: S) -> FieldTagVocabulary where S.Element == FieldTag {
        FieldTagVocabulary(tags + Array(extra))
    }
}
