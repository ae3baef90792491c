/// How a finding is handled (后续处置, domain.md). Each disposition has a status and history.
public enum DispositionKind: String, CaseIterable, Sendable, Codable {
    /// 行政指导: education, advice or a reminder for minor violations.
    case guidance = "行政指导"
    /// 责令改正, usually with a deadline.
    case orderCorrection = "责令改正"
    /// 应列入经营异常名录 (market regulation only).
    case abnormalList = "应列入经营异常名录"
    /// 涉嫌违法应立案调查: to the department's leading group, then its case-handling body.
    case caseInvestigation = "涉嫌违法应立案调查"
    /// 移送 another department; the receiving department sees it.
    case transferDepartment = "移送其他部门"
    /// 移送公安司法机关 for suspected crimes.
    case transferJudicial = "移送公安司法机关"

    /// Guidance sub-forms (教育/建议/提醒).
    public static let guidanceForms = ["教育", "建议", "提醒"]
}

/// The status of a disposition.
public enum DispositionStatus: String, CaseIterable, Sendable, Codable {
    case open = "未完结"
    case closed = "已完结"
}
