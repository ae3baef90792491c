/// What a message asks of its reader (issue 17). Each step someone else must act on emits one
/// kind; the raw value is the stable code stored with the message and sent in webhook payloads.
public enum MessageKind: String, Sendable, CaseIterable, Codable {
    case dispatched = "dispatched"
    case confirmDueTomorrow = "confirm_due_tomorrow"
    case confirmOverdue = "confirm_overdue"
    case inspectorDrawn = "inspector_drawn"
    case teamAssigned = "team_assigned"
    case visitProposed = "visit_proposed"
    case visitAgreed = "visit_agreed"
    case resultSubmitted = "result_submitted"
    case resultApproved = "result_approved"
    case resultDueTomorrow = "result_due_tomorrow"
    case resultOverdue = "result_overdue"
    case dispositionTransferred = "disposition_transferred"
    case publicityOverdue = "publicity_overdue"
    case tipRouted = "tip_routed"
    case planReturned = "plan_returned"
    case digest = "digest"
    case channelTest = "channel_test"

    public var label: String {
        switch self {
        case .dispatched: "企业分派待确认"
        case .confirmDueTomorrow: "确认明日到期"
        case .confirmOverdue: "确认已超期"
        case .inspectorDrawn: "抽中为检查人员"
        case .teamAssigned: "编入检查组"
        case .visitProposed: "约定时间待确认"
        case .visitAgreed: "检查时间已约定"
        case .resultSubmitted: "检查结果待审核"
        case .resultApproved: "检查结果已审核"
        case .resultDueTomorrow: "结果录入明日到期"
        case .resultOverdue: "结果录入已超期"
        case .dispositionTransferred: "移送本部门处置"
        case .publicityOverdue: "超期未公示"
        case .tipRouted: "举报线索转办"
        case .planReturned: "年度计划退回修改"
        case .digest: "每日待办"
        case .channelTest: "测试消息"
        }
    }

    /// Work addressed to a department as a whole (its admins): these also go to the department's
    /// group channel, once per step; the rest are a person's own and go to that person's channels.
    public var isDepartmentWork: Bool {
        [.dispatched, .confirmDueTomorrow, .confirmOverdue, .resultSubmitted, .dispositionTransferred, .publicityOverdue, .tipRouted,
         .planReturned]
            .contains(self)
    }

    /// Deadline kinds are raised by the daily sweep rather than by a person's step.
    public var isDeadline: Bool {
        [.confirmDueTomorrow, .confirmOverdue, .resultDueTomorrow, .resultOverdue, .publicityOverdue].contains(self)
    }
}

/// Where a message's deliveries stand.
public enum DeliveryStatus: String, Sendable, CaseIterable, Codable {
    case pending = "pending"
    case delivered = "delivered"
    case failed = "failed"

    public var label: String {
        switch self {
        case .pending: "待发送"
        case .delivered: "已送达"
        case .failed: "发送失败"
        }
    }
}
