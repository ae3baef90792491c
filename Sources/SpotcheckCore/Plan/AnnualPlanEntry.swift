import Foundation

/// One entry of the 年度抽查计划 (issue 16): a check a department plans for the year, alone or
/// jointly with others. The notice's task is launched "按照年初'双随机、一公开'监管工作抽查计划",
/// so every joint task can point back to the entry it carries out.
///
/// Pure values and their rules; the store keeps them, the workflow decides who edits them.
public struct AnnualPlanEntry: Sendable, Equatable, Codable {
    /// Stored id; 0 before the entry is saved.
    public var id: Int
    public var year: Int
    public var title: String
    /// The department that drafts the entry and, for a joint check, leads it (牵头部门).
    public var leadDepartment: String
    /// 配合部门 of a joint check; empty for a single-department check.
    public var cooperatingDepartments: [String]
    /// 抽查领域, e.g. 应急管理.
    public var field: String
    /// Codes of the lead department's 抽查事项 (its item list).
    public var itemCodes: [String]
    /// 抽查对象范围 as the plan states it, e.g. 辖区内危险化学品经营企业.
    public var objectScope: String
    /// Planned ratio in basis points (500 = 5 %), 1…10000.
    public var ratioBasisPoints: Int
    /// Planned months, 1…12, ascending and distinct.
    public var months: [Int]

    public init(id: Int = 0, year: Int, title: String, leadDepartment: String, cooperatingDepartments: [String] = [], field: String,
                itemCodes: [String] = [], objectScope: String, ratioBasisPoints: Int, months: [Int]) {
        self.id = id
        self.year = year
        self.title = title
        self.leadDepartment = leadDepartment
        self.cooperatingDepartments = cooperatingDepartments
        self.field = field
        self.itemCodes = itemCodes
        self.objectScope = objectScope
        self.ratioBasisPoints = ratioBasisPoints
        self.months = months
    }

    enum CodingKeys: String, CodingKey {
        case id, year, title, leadDepartment = "lead_department", cooperatingDepartments = "cooperating_departments", field
        case itemCodes = "item_codes", objectScope = "object_scope", ratioBasisPoints = "ratio_basis_points", months
    }

    /// 联合抽查 when another department takes part, 单部门抽查 otherwise.
    public var isJoint: Bool { !cooperatingDepartments.isEmpty }
    public var kindLabel: String { isJoint ? "部门联合抽查" : "单部门抽查" }

    /// Every department taking part, the lead first.
    public var departments: [String] { [leadDepartment] + cooperatingDepartments }

    /// The last planned month; after it ends, an entry without a task is overdue.
    public var lastMonth: Int { months.max() ?? 12 }

    /// Limits on what an entry holds (a plan is read aloud in a meeting, not a novel).
    public static let maxTitle = 200
    public static let maxText = 500
    public static let maxItems = 100
    public static let years = 2000...2100

    /// Trimmed text, sorted distinct months and departments: the form stored and compared.
    public var cleaned: AnnualPlanEntry {
        var entry = self
        entry.title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        entry.leadDepartment = leadDepartment.trimmingCharacters(in: .whitespaces)
        var seen: Set<String> = [entry.leadDepartment]
        entry.cooperatingDepartments = cooperatingDepartments.map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && seen.insert($0).inserted }
        entry.field = field.trimmingCharacters(in: .whitespacesAndNewlines)
        var items: Set<String> = []
        entry.itemCodes = itemCodes.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && items.insert($0).inserted }
        entry.objectScope = objectScope.trimmingCharacters(in: .whitespacesAndNewlines)
        entry.months = Array(Set(months)).sorted()
        return entry
    }

    /// What is wrong with the entry, each with its field, in Chinese; empty when it may be saved.
    /// Whether the departments and items exist is the store's question.
    public var problems: [TaskPlanProblem] {
        var found: [TaskPlanProblem] = []
        func add(_ field: String, _ message: String) { found.append(.init(field: field, message: message)) }
        if !Self.years.contains(year) { add("year", "年度须在 \(Self.years.lowerBound)–\(Self.years.upperBound) 之间") }
        if title.isEmpty { add("title", "请填写抽查任务名称") } else if title.count > Self.maxTitle { add("title", "名称不能超过 \(Self.maxTitle) 字") }
        if leadDepartment.isEmpty { add("lead_department", "请选择牵头（实施）部门") }
        if field.isEmpty { add("field", "请填写抽查领域") } else if field.count > Self.maxText { add("field", "抽查领域不能超过 \(Self.maxText) 字") }
        if objectScope.isEmpty { add("object_scope", "请填写抽查对象范围") }
        else if objectScope.count > Self.maxText { add("object_scope", "抽查对象范围不能超过 \(Self.maxText) 字") }
        if !(1...10_000).contains(ratioBasisPoints) { add("ratio", "抽查比例须在 0.01%–100% 之间") }
        if months.isEmpty { add("months", "请选择计划实施月份") }
        else if months.contains(where: { !(1...12).contains($0) }) { add("months", "月份须为 1–12") }
        if itemCodes.count > Self.maxItems { add("item_codes", "抽查事项不能超过 \(Self.maxItems) 项") }
        if cooperatingDepartments.count > 50 { add("cooperating_departments", "配合部门过多") }
        return found
    }

    /// Months as people write them: 5月, 5–6月, 3月、9月.
    public var monthsText: String { Self.monthsText(months) }

    public static func monthsText(_ months: [Int]) -> String {
        guard !months.isEmpty else { return "" }
        var runs: [(Int, Int)] = []
        for month in months.sorted() {
            if let last = runs.last, last.1 + 1 == month { runs[runs.count - 1].1 = month } else { runs.append((month, month)) }
        }
        return runs.map { $0.0 == $0.1 ? "\($0.0)月" : "\($0.0)–\($0.1)月" }.joined(separator: "、")
    }

    /// Reads months as an office types them: "5", "5-6", "5–6月", "3,9", "3月、9月", "全年".
    /// Nil when a part is not a month.
    public static func parseMonths(_ text: String) -> [Int]? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed == "全年" { return Array(1...12) }
        var months: Set<Int> = []
        let separators: Set<Character> = [",", "，", "、", ";", "；", " "]
        for part in trimmed.split(whereSeparator: { separators.contains($0) }) {
            let bare = part.replacingOccurrences(of: "月", with: "")
            let ends = bare.split(whereSeparator: { "-–—~～至".contains($0) }).map(String.init)
            guard (1...2).contains(ends.count), ends.allSatisfy({ $0.count <= 2 }),
                  let first = Int(ends[0]), let last = Int(ends.last!), (1...12).contains(first), (1...12).contains(last), first <= last
            else { return nil }
            months.formUnion(first...last)
        }
        return months.isEmpty ? nil : months.sorted()
    }

    /// A ratio as typed ("5", "5%", "0.5%", "12.25") in basis points; nil when not a number in range.
    public static func parseRatio(_ text: String) -> Int? {
        var bare = text.trimmingCharacters(in: .whitespaces)
        if bare.hasSuffix("%") || bare.hasSuffix("％") { bare.removeLast() }
        let parts = bare.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int(parts[0]), parts[0].count <= 3, whole >= 0 else { return nil }
        var fraction = 0
        if parts.count == 2 {
            let digits = parts[1]
            guard (1...2).contains(digits.count), digits.allSatisfy(\.isASCII), let value = Int(digits) else { return nil }
            fraction = digits.count == 1 ? value * 10 : value
        }
        let points = whole * 100 + fraction
        return (1...10_000).contains(points) ? points : nil
    }

    /// Basis points as a percentage: 500 → "5%", 1250 → "12.5%".
    public static func ratioText(_ basisPoints: Int) -> String {
        let whole = basisPoints / 100, fraction = basisPoints % 100
        if fraction == 0 { return "\(whole)%" }
        return fraction % 10 == 0 ? "\(whole).\(fraction / 10)%" : "\(whole).\(fraction < 10 ? "0" : "")\(fraction)%"
    }
}

/// A task's place in the year's plan: the entry it carries out, or 计划外 with the reason.
public enum TaskOrigin: Sendable, Equatable {
    case planEntry(Int)
    case offPlan(reason: String)
}

/// Where the year's plan stands: departments draft entries (编制中); the office assembles and
/// approves the plan (已审定: the entries are fixed, the plan is not yet public, and the office may
/// still send it back 退回修改); then publishes it (已公布: public, never edited again).
public enum AnnualPlanState: String, Sendable, Codable, CaseIterable {
    case drafting
    case approved
    case published

    public var label: String {
        switch self {
        case .drafting: "编制中"
        case .approved: "已审定"
        case .published: "已公布"
        }
    }

    /// Entries may be added, changed and deleted only while the plan is 编制中.
    public var isEditable: Bool { self == .drafting }
}
