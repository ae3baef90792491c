/// Per-date corrections to the plain Monday–Friday week: holidays (rest days
/// on weekdays) and 调休 working days (weekends that are worked).
///
/// The caller supplies them — from the built-in notices, a CSV of the State
/// Council's list, or rows stored in the database — so the calendar itself
/// stays pure and later years need no release.
public struct CalendarOverrides: Sendable, Hashable {
    public enum DayKind: String, Sendable, Hashable, Codable, CaseIterable {
        case workday = "工作日"
        case restDay = "休息日"
    }

    /// Day number (see ``CivilDate/dayNumber``) → kind; keyed by Int because
    /// deadline loops look dates up many times.
    private(set) var kinds: [Int: DayKind] = [:]
    /// Years whose notice is known, so callers can warn when a deadline falls
    /// into a year nobody has entered holidays for.
    public private(set) var coveredYears: Set<Int> = []

    public init() {}

    /// Builds overrides from explicit entries; every year mentioned counts as covered.
    public init(_ entries: [(CivilDate, DayKind)]) {
        for (date, kind) in entries {
            set(date, to: kind)
            coverYear(date.year)
        }
    }

    public mutating func set(_ date: CivilDate, to kind: DayKind) {
        kinds[date.dayNumber] = kind
    }

    /// Marks `year` as covered even if it has no entries of its own.
    public mutating func coverYear(_ year: Int) {
        coveredYears.insert(year)
    }

    public func kind(of date: CivilDate) -> DayKind? { kinds[date.dayNumber] }

    /// All entries in date order, e.g. for export or storing in the database.
    public var entries: [(date: CivilDate, kind: DayKind)] {
        kinds.keys.sorted().map { (CivilDate(dayNumber: $0), kinds[$0]!) }
    }

    public var isEmpty: Bool { kinds.isEmpty }

    /// `other`'s entries win where both name the same date: later data (an
    /// office's correction) overrides earlier data (the built-in notice).
    public func merging(_ other: CalendarOverrides) -> CalendarOverrides {
        var result = self
        result.kinds.merge(other.kinds) { _, new in new }
        result.coveredYears.formUnion(other.coveredYears)
        return result
    }
}
