import Foundation
import SpotcheckCore

/// The audit log in a clerk's words (issue 15 item 11): local times (China Standard Time), the
/// action and the kind of record in Chinese, and before/after as 字段：值 lines instead of JSON.
/// The stored events keep their codes (the hash chain covers them); only the page translates.
enum AuditWording {
    static let actions: [String: String] = [
        "create": "新建", "update": "修改", "delete": "删除", "import": "导入", "import-refused": "导入被拒绝",
        "password": "修改密码", "revoke": "撤销令牌", "state": "状态变更", "publish": "发布", "approve": "审定", "reopen": "退回修改", "entropy": "录入公开随机数",
        "draw": "抽取企业", "confirm": "确认企业", "confirm-all": "全部确认", "reject-enterprise": "退回企业",
        "draw-inspectors": "抽取执法检查人员", "reject-inspector": "剔除执法检查人员", "inspector_count": "修改抽取人数",
        "match": "匹配检查组", "expert_add": "加入检查组专家", "expert_remove": "移出检查组专家", "submit-groups": "提交分组情况",
        "save-result": "保存检查结果草稿", "submit-result": "提交检查结果", "approve-result": "审核公示检查结果",
        "correct-result": "更正检查结果", "add-evidence": "上传证据材料", "withdraw-evidence": "撤回证据材料",
        "propose-visit": "提出约定时间", "repropose-visit": "另提约定时间", "accept-visit": "确认约定时间",
        "refuse-visit": "约定时间冲突被拒绝",
        "save-summary": "保存工作总结", "submit-summary": "提交工作总结", "attach-summary-file": "上传工作总结附件",
        "renew-calendar-feed": "生成日历订阅地址", "revoke-calendar-feed": "停用日历订阅",
        "test": "发送测试消息", "retry": "重试发送", "remind": "发出到期提醒", "digest": "生成每日待办",
        "submit": "提交举报线索", "route": "转办线索", "reject": "不予受理", "close": "办结线索", "note": "添加办理记录",
    ]

    static let entities: [String: String] = [
        "task": "抽查任务", "user": "用户", "department": "部门", "enterprise": "检查对象", "inspector": "执法检查人员",
        "inspection_item": "抽查事项", "conflict": "回避记录", "calendar": "工作日日历", "result": "检查结果",
        "disposition": "后续处置", "evidence": "证据材料", "api_token": "访问令牌",
        "annual_plan": "年度抽查计划", "plan_entry": "年度计划条目", "task_visit": "约定检查时间", "task_summary": "工作总结",
        "delivery_channel": "消息接收渠道", "delivery": "消息发送", "message": "消息", "tip": "举报线索",
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

    /// Field names of the stored snapshots in Chinese; a field not listed keeps its name.
    static let fieldNames: [String: String] = [
        "active": "有效", "added": "新增", "candidates": "候选数", "category": "检查结果", "code": "代码", "commitment": "承诺值",
        "confirm_by": "确认期限", "conflicts_digest": "回避名单摘要", "decided_on": "决定日期", "department": "部门",
        "department_id": "部门", "departments": "部门", "display_name": "姓名", "document_number": "文号", "due_date": "期限",
        "enterprise_name": "企业名称", "entropy": "公开随机数", "entropy_source": "随机数来源", "form": "形式",
        "inspection_date": "检查日期", "inspector": "执法检查人员", "inspector_code": "执法证号", "inspectors_sha256": "人员名单摘要",
        "items": "事项", "kind": "类型", "lead": "牵头部门", "mobile": "手机", "name": "名称", "note": "备注",
        "objects_sha256": "对象名单摘要", "onsite_answer": "现场答疑", "onsite_note": "答疑内容", "period": "检查时间",
        "problem_count": "问题数", "quota": "抽取数", "ratio_override_reason": "调整比例的理由", "ratios": "抽取比例",
        "reason": "理由", "replacement": "替补", "role": "角色", "scope_region": "区域", "scope_tags": "领域", "secret_revealed": "密钥已公布",
        "selected": "抽中", "signature": "签字", "state": "状态", "status": "状态", "target": "移送部门", "task": "任务",
        "team_size": "每组人数", "teams": "检查组", "title": "标题", "unchanged": "未变", "updated": "更新", "uscc": "统一社会信用代码",
        "username": "用户名",
        "year": "年度", "cooperating": "配合部门", "field": "抽查领域", "scope": "抽查对象范围", "ratio": "抽查比例", "months": "实施月份",
        "entries": "条目数", "plan_entry": "年度计划条目", "off_plan_reason": "计划外理由", "date": "日期", "half_day": "上午/下午",
        "time": "时间", "place": "集合地点", "experience": "经验做法", "problems": "存在问题", "suggestions": "意见建议",
        "file_name": "文件名", "size": "大小", "sha256": "SHA-256",
        "owner": "所属", "host": "接收地址", "enabled": "启用", "secret": "密钥", "count": "条数", "receipt": "回执号",
        "enterprise": "企业", "photos": "照片数", "result": "办理结果", "disposition": "处置记录",
    ]

    /// A stored before/after object as `字段：值` lines (keys sorted), with field names in Chinese,
    /// dates as 2024年5月27日, times in China Standard Time and people by name (`people` maps
    /// stored accounts to names); the text as stored when it is not a flat JSON object.
    static func fields(_ json: String?, people: [String: String] = [:]) -> String {
        guard let json, !json.isEmpty else { return "" }
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return json }
        return object.keys.sorted().map { key in
            let value = object[key].map { value -> String in
                if let text = value as? String { return readable(text, people: people) }
                if let flag = value as? Bool { return flag ? "是" : "否" }
                if let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes]) {
                    return readable(String(decoding: data, as: UTF8.self), people: people)
                }
                return "\(value)"
            } ?? ""
            return "\(fieldNames[key] ?? key)：\(value)"
        }.joined(separator: "\n")
    }

    // Built per call: a Regex is not Sendable, so it cannot be a shared static.
    static func isoDate() -> Regex<(Substring, Substring?)> { /\b\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)?\b/ }
    static func account() -> Regex<Substring> { /inspector:[0-9A-Za-z]+|cli:[^\s",]*/ }

    /// Dates, timestamps and accounts inside a stored value, in a clerk's words.
    static func readable(_ text: String, people: [String: String]) -> String {
        var out = text.replacing(isoDate()) { match in
            if match.output.1 != nil { return time(String(match.output.0)) }
            guard let date = CivilDate(String(match.output.0)) else { return String(match.output.0) }
            return date.chineseText
        }
        out = out.replacing(account()) { match in people[String(match.output)] ?? String(match.output) }
        return people[out] ?? out
    }

    /// Every account a page of events names, in their actors and stored values.
    static func accounts(in events: [(actor: String, before: String?, after: String?)]) -> Set<String> {
        var found = Set(events.map(\.actor))
        for event in events {
            for json in [event.before, event.after].compactMap({ $0 }) {
                for match in json.matches(of: account()) { found.insert(String(match.output)) }
            }
        }
        return found
    }
}
