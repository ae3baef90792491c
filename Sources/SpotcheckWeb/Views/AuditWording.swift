import Foundation

/// The audit log in a clerk's words (issue 15 item 11): local times (China Standard Time), the
/// action and the kind of record in Chinese, and before/after as 字段：值 lines instead of JSON.
/// The stored events keep their codes (the hash chain covers them); only the page translates.
enum AuditWording {
    static let actions: [String: String] = [
        "create": "新建", "update": "修改", "delete": "删除", "import": "导入", "import-refused": "导入被拒绝",
        "password": "修改密码", "revoke": "撤销令牌", "state": "状态变更", "publish": "发布", "entropy": "录入公开随机数",
        "draw": "抽取企业", "confirm": "确认企业", "confirm-all": "全部确认", "reject-enterprise": "退回企业",
        "draw-inspectors": "抽取执法检查人员", "reject-inspector": "剔除执法检查人员", "inspector_count": "修改抽取人数",
        "match": "匹配检查组", "expert_add": "加入检查组专家", "expert_remove": "移出检查组专家", "submit-groups": "提交分组情况",
        "save-result": "保存检查结果草稿", "submit-result": "提交检查结果", "approve-result": "审核公示检查结果",
        "correct-result": "更正检查结果", "add-evidence": "上传证据材料",
    ]

    static let entities: [String: String] = [
        "task": "抽查任务", "user": "用户", "department": "部门", "enterprise": "检查对象", "inspector": "执法检查人员",
        "inspection_item": "抽查事项", "conflict": "回避记录", "calendar": "工作日日历", "result": "检查结果",
        "disposition": "后续处置", "evidence": "证据材料", "api_token": "访问令牌",
    ]

    static func action(_ code: String) -> String { actions[code] ?? code }
    static func entity(_ code: String) -> String { entities[code] ?? code }

    /// An event's stored UTC time (ISO 8601) as 2024年6月3日 09:30:05, China Standard Time.
    static func time(_ stored: String) -> String {
        let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        guard let date = (try? withFraction.parse(stored)) ?? (try? Date.ISO8601FormatStyle().parse(stored)) else { return stored }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%d年%d月%d日 %02d:%02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    /// A stored before/after object as `字段：值` lines (keys sorted); the text as stored when it
    /// is not a flat JSON object.
    static func fields(_ json: String?) -> String {
        guard let json, !json.isEmpty else { return "" }
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return json }
        return object.keys.sorted().map { key in
            let value = object[key].map { value -> String in
                if let text = value as? String { return text }
                if let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]) {
                    return String(decoding: data, as: UTF8.self)
                }
                return "\(value)"
            } ?? ""
            return "\(key)：\(value)"
        }.joined(separator: "\n")
    }
}
