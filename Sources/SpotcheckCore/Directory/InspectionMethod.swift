/// 抽查方式, as listed by the national platform. An item may allow several.
public enum InspectionMethod: String, CaseIterable, Sendable, Codable {
    case onSite = "实地核查"
    case documentary = "书面检查"
    case dataComparison = "信息比对"
    case otherDepartmentResults = "引用其他部门检查结果或专业机构结论"
    case testing = "检验检测"
    case networkMonitoring = "网络监测"
    case entrustedBody = "委托专业机构辅助"

    public var label: String { rawValue }

    /// Exact label, or the short forms seen in local lists (现场检查 is the
    /// older name of 实地核查; 网络核查 of 网络监测).
    public init?(parsing text: String) {
        let trimmed = text.trimmingWhitespace()
        if let value = InspectionMethod(rawValue: trimmed) {
            self = value
            return
        }
        switch trimmed {
        case "现场检查", "现场核查", "实地检查": self = .onSite
        case "书面核查", "书面审查": self = .documentary
        case "网络核查": self = .networkMonitoring
        case "引用其他部门检查结果", "引用专业机构结论": self = .otherDepartmentResults
        case "委托专业机构": self = .entrustedBody
        default: return nil
        }
    }
}

/// 事项类别 (SAMR 2019): 一般 items keep a low ratio, 重点 items have no upper limit.
public enum InspectionItemCategory: String, CaseIterable, Sendable, Codable {
    case general = "一般检查事项"
    case key = "重点检查事项"

    public var label: String { rawValue }

    public init?(parsing text: String) {
        switch text.trimmingWhitespace() {
        case "一般检查事项", "一般", "一般事项", "general": self = .general
        case "重点检查事项", "重点", "重点事项", "key": self = .key
        default: return nil
        }
    }
}
