/// How a finding is handled (后续处置, domain.md). Each disposition has a status and history.
///
/// The raw value is the stable ASCII code stored in the database and posted by forms; the
/// Chinese `label` is what people read (pages, exports, the audit log's wording).
public enum DispositionKind: String, CaseIterable, Sendable, Codable {
    /// 行政指导: education, advice or a reminder for minor violations.
    case guidance
    /// 责令改正, usually with a deadline.
    case orderCorrection = "order_correction"
    /// 应列入经营异常名录 (market regulation only).
    case abnormalList = "abnormal_list"
    /// 涉嫌违法应立案调查: to the department's leading group, then its case-handling body.
    case caseInvestigation = "case_investigation"
    /// 移送 another department; the receiving department sees it.
    case transferDepartment = "transfer_department"
    /// 移送公安司法机关 for suspected crimes.
    case transferJudicial = "transfer_judicial"

    public var label: String {
        switch self {
        case .guidance: "行政指导"
        case .orderCorrection: "责令改正"
        case .abnormalList: "应列入经营异常名录"
        case .caseInvestigation: "涉嫌违法应立案调查"
        case .transferDepartment: "移送其他部门"
        case .transferJudicial: "移送公安司法机关"
        }
    }

    /// Guidance sub-forms (教育/建议/提醒).
    public static let guidanceForms = ["教育", "建议", "提醒"]
}

/// The status of a disposition (and of each entry of its history).
public enum DispositionStatus: String, CaseIterable, Sendable, Codable {
    case open
    case closed

    public var label: String {
        switch self {
        case .open: "未完结"
        case .closed: "已完结"
        }
    }
}
