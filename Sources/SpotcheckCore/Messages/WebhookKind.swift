/// The kinds of outside channel a department or a person can have messages sent to (issue 17).
public enum WebhookKind: String, Sendable, CaseIterable, Codable {
    /// 企业微信 group robot: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`, markdown body.
    case wecom = "wecom"
    /// 钉钉 group robot: `https://oapi.dingtalk.com/robot/send?access_token=…`; with a secret, the
    /// URL carries `timestamp` and `sign` (its 加签 mode).
    case dingtalk = "dingtalk"
    /// Any gateway (a government SMS platform, say): our JSON, signed with HMAC-SHA256.
    case generic = "generic"

    public var label: String {
        switch self {
        case .wecom: "企业微信群机器人"
        case .dingtalk: "钉钉群机器人"
        case .generic: "通用 JSON 接口（HMAC-SHA256 签名）"
        }
    }

    /// The generic webhook cannot be checked without its secret; 钉钉 takes one optionally.
    public var needsSecret: Bool { self == .generic }
    public var takesSecret: Bool { self != .wecom }
}

/// Who a channel belongs to: a department (its admin sets it; the department's messages go to
/// its group) or one person (their own choice, for their own messages).
public enum ChannelOwner: Sendable, Equatable, Hashable {
    case department(String)
    case user(String)

    public var kindCode: String {
        switch self {
        case .department: "department"
        case .user: "user"
        }
    }

    public var key: String {
        switch self {
        case .department(let code): code
        case .user(let name): name
        }
    }

    public init?(kindCode: String, key: String) {
        switch kindCode {
        case "department": self = .department(key)
        case "user": self = .user(key)
        default: return nil
        }
    }
}
