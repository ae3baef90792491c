import SpotcheckCore

/// The menu each role sees. Only links a role may open are shown; the routes still check.
enum Navigation {
    static let publicItems: [[String: String]] = [
        ["href": "/", "label": "公示首页"],
        ["href": "/public/items", "label": "抽查事项清单"],
        ["href": "/public/plans", "label": "年度抽查计划"],
        ["href": SiteURL.publicTasks.path, "label": "抽查任务公告"],
        ["href": "/public/results", "label": "抽查结果公示"],
        ["href": "/tips/new", "label": "我要举报"],
        ["href": "/login", "label": "登录"],
    ]

    static func items(for principal: Principal) -> [[String: String]] {
        var items: [[String: String]] = [["href": "/dashboard", "label": "工作台"]]
        if principal.role != .inspector { items.append(["href": "/plans", "label": "年度抽查计划"]) }
        items.append(["href": SiteURL.tasks.path, "label": "联合抽查任务"])
        if principal.role != .inspector { items.append(["href": "/stats", "label": "统计表"]) }
        switch principal.role {
        case .officeAdmin:
            items.append(["href": "/departments", "label": "部门"])
            items.append(["href": "/users", "label": "用户"])
            items.append(["href": "/enterprises", "label": "检查对象名录库"])
            items.append(["href": "/imports", "label": "数据导入"])
            items.append(["href": "/calendar", "label": "工作日日历"])
            items.append(["href": "/audit", "label": "审计日志"])
            items.append(["href": "/publicity/overdue", "label": "超期未公示"])
            items.append(["href": "/tips/manage", "label": "举报线索"])
        case .deptAdmin:
            items.append(["href": "/departments/\(principal.departmentCode)", "label": "本部门"])
            items.append(["href": "/departments/\(principal.departmentCode)/inspectors", "label": "执法检查人员"])
            items.append(["href": "/departments/\(principal.departmentCode)/items", "label": "抽查事项清单"])
            items.append(["href": "/enterprises", "label": "检查对象名录库"])
            items.append(["href": "/imports", "label": "数据导入"])
            items.append(["href": "/tips/manage", "label": "举报线索"])
        case .inspector:
            items.append(["href": "/agenda", "label": "我的日程"])
        case .auditor:
            items.append(["href": "/departments", "label": "部门"])
            items.append(["href": "/users", "label": "用户"])
            items.append(["href": "/enterprises", "label": "检查对象名录库"])
            items.append(["href": "/audit", "label": "审计日志"])
        }
        items.append(["href": "/account", "label": "我的账户"])
        items.append(["href": "/", "label": "公示首页"])
        return items
    }
}
