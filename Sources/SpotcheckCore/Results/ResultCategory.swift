/// The national publicity categories of a spot-check result (domain.md, as the Zhejiang
/// platform words them). The raw value is what is stored, exported and published.
public enum ResultCategory: String, CaseIterable, Sendable, Codable {
    case noProblem = "未发现问题"
    case pendingFollowUp = "发现问题待后续处理"
    case correctedAfterOrder = "发现问题经责令已改正"
    case noRelevantActivity = "未发现开展本次抽查涉及的经营活动"
    case closedOrLiquidating = "已关闭停业或正在组织清算"
    case seriousNonCooperation = "不配合检查情节严重"
    case deregistered = "注销"
    case revoked = "被吊销"
    case cancelled = "被撤销"
    case movedOut = "迁出"

    /// Whether the category reports a problem found (the statistics' 发现问题 columns).
    public var isProblem: Bool {
        switch self {
        case .pendingFollowUp, .correctedAfterOrder, .seriousNonCooperation: true
        default: false
        }
    }
}

/// Sub-kinds of 发现问题待后续处理, recorded with the finding.
public enum ProblemKind: String, CaseIterable, Sendable, Codable {
    case unpublishedInformation = "未按规定公示应当公示的信息"
    case falseInformation = "公示信息隐瞒真实情况、弄虚作假"
    case unreachable = "通过登记的住所（经营场所）无法联系"
    case ownRules = "违反本部门其他规定"
    case otherDepartmentRules = "违反其他部门相关规定"
}
