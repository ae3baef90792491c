import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// The sub-navigation of a task (issue 15, "a task hub"): its stages as tabs, each shown to the
/// roles that may open it once the task has reached it, the current one marked. Every task page
/// renders it (`task-hub.mustache`), so after matching nobody needs to know a URL.
enum TaskHub {
    enum Tab: String, CaseIterable {
        case overview, dispatches, inspectors, forms, visits, groups, dispositions, summaries, statistics, notice

        var label: String {
            switch self {
            case .overview: "概况"
            case .dispatches: "抽取与确认"
            case .inspectors: "检查人员"
            case .forms: "一企一表"
            case .visits: "约定检查"
            case .groups: "分组情况"
            case .dispositions: "后续处置"
            case .summaries: "工作总结"
            case .statistics: "统计表"
            case .notice: "任务公示"
            }
        }
    }

    /// The tabs with their figures (what still waits in each stage), read for this reader.
    static func data(_ task: TaskInfo, for principal: Principal, current: Tab, env: WebEnvironment) async throws -> [String: Any] {
        data(task, for: principal, current: current, counts: try await env.workflow.taskHubCounts(task, for: principal))
    }

    /// The tabs `principal` sees on `task`'s pages, `current` marked.
    static func data(_ task: TaskInfo, for principal: Principal, current: Tab, counts: TaskHubCounts = TaskHubCounts()) -> [String: Any] {
        let id = task.id
        let teams = task.state.hasTeams
        let isDepartmentAdmin = principal.role == .deptAdmin
        let seesWhole = AccessPolicy.seesWholeTask(principal, task)
        var tabs: [(Tab, String)] = [(.overview, SiteURL.task(id).path)]
        // The draw and the inspectors are sections of the task page; their tabs jump there.
        if task.drawnAt != nil { tabs.append((.dispatches, SiteURL.task(id).path + "#dispatches")) }
        if [.confirming, .inspectorsDrawn].contains(task.state) || teams { tabs.append((.inspectors, SiteURL.task(id).path + "#inspectors")) }
        if teams {
            tabs.append((.forms, SiteURL.task(id, .forms).path))
            tabs.append((.visits, SiteURL.task(id, .visits).path))
            if seesWhole {
                tabs.append((.groups, SiteURL.task(id, .groups).path))
            } else if isDepartmentAdmin {
                tabs.append((.groups, SiteURL.task(id, .group(department: .init(principal.departmentCode))).path))
            }
            if principal.role != .inspector {
                tabs.append((.dispositions, SiteURL.task(id, .dispositions).path))
                tabs.append((.summaries, SiteURL.task(id, .summaries).path))
                tabs.append((.statistics, "/stats?task=\(id)"))
            }
        }
        if task.state != .draft { tabs.append((.notice, SiteURL.publicTask(.init(id), .notice).path)) }
        func count(_ tab: Tab) -> String {
            switch tab {
            case .dispatches: counts.pendingConfirmations > 0 ? "待确认 \(counts.pendingConfirmations)" : ""
            case .forms: counts.awaitingApproval > 0 ? "待审核 \(counts.awaitingApproval)" : ""
            case .dispositions: counts.openDispositions > 0 ? "未完结 \(counts.openDispositions)" : ""
            default: ""
            }
        }
        return ["tabs": tabs.map { tab, href in
            ["label": tab.label, "href": href, "current": tab == current, "count": count(tab)] as [String: Any]
        }]
    }
}
