import Foundation
import SpotcheckCore
import SpotcheckStore

/// View data shared by the task pages and the public task notice: the plan, the freeze and the
/// draw turned into the flat dictionaries the templates read.
enum TaskFormat {
    /// The lifecycle as the step indicator shows it (已取消 is shown as a banner instead).
    static let steps: [TaskState] = [.draft, .published, .drawn, .confirming, .inspectorsDrawn, .matched, .inspecting, .completed, .archived]

    /// The steps with the one reached marked; a cancelled task shows how far it got.
    static func stepIndicator(_ task: TaskInfo) -> [[String: Any]] {
        let reached: Int
        if task.state == .cancelled {
            reached = task.matchedAt != nil ? 5 : task.drawnAt != nil ? 3 : task.publishedAt != nil ? 1 : 0
        } else {
            reached = steps.firstIndex(of: task.state) ?? 0
        }
        return steps.enumerated().map { index, state in
            ["label": state.label, "done": index < reached, "current": index == reached && task.state != .cancelled]
        }
    }

    static func summary(_ task: TaskInfo, names: [String: String]) -> [String: Any] {
        [
            "id": task.id, "documentNumber": task.documentNumber, "title": task.title, "state": task.state.label,
            "cancelled": task.state == .cancelled, "isDraft": task.state == .draft,
            "period": "\(task.plan.periodStart.chineseText) 至 \(task.plan.periodEnd.chineseText)",
            "lead": names[task.plan.leadDepartment] ?? task.plan.leadDepartment,
            "departmentNames": task.plan.departments.map { names[$0.department] ?? $0.department }.joined(separator: "、"),
            "createdAt": DisplayDate.format(task.createdAt),
            "publishedAt": task.publishedAt.map(DisplayDate.format) ?? "",
            "url": links(task.id, department: nil),
            "offPlan": task.planEntryID == nil && !task.offPlanReason.isEmpty, "offPlanReason": task.offPlanReason,
        ]
    }

    /// The 年度抽查计划 entry a task carries out, for its pages (`link` to the plan, public or not).
    static func planEntry(_ stored: AnnualPlanStore.StoredEntry?, publicLink: Bool) -> [String: Any]? {
        guard let entry = stored?.entry else { return nil }
        return ["title": entry.title, "year": entry.year, "months": entry.monthsText,
                "url": publicLink ? "/public/plans/\(entry.year)" : "/plans?year=\(entry.year)#entry-\(entry.id)"]
    }

    static func ratios(_ plan: TaskPlan) -> String {
        RiskClass.allCases.compactMap { c in plan.ratios[c].map { "\(c.rawValue) 类 \(DirectoryFormat.percent($0))" } }.joined(separator: " · ")
    }

    /// Plan facts: scope, ratios, team size, entropy source, and per department its items,
    /// inspector count and materials.
    static func plan(_ task: TaskInfo, names: [String: String], items: [InspectionItemRecord]) -> [String: Any] {
        let plan = task.plan
        let departments: [[String: Any]] = plan.departments.map { dept in
            let own = items.filter { $0.dept == dept.department }
            return [
                "code": dept.department, "name": names[dept.department] ?? dept.department, "isLead": dept.department == plan.leadDepartment,
                "inspectorCount": dept.inspectorCount, "materials": dept.materials, "hasMaterials": !dept.materials.isEmpty,
                "items": dept.itemCodes.map { code -> [String: Any] in
                    guard let item = own.first(where: { $0.code == code }) else { return ["code": code, "name": "（清单中已无此事项）"] }
                    return [
                        "code": code, "name": item.name, "legalBasis": item.legalBasis, "subject": item.subject,
                        "subItems": item.subItems, "hasSubItems": !item.subItems.isEmpty,
                        "methods": item.methods.map(\.rawValue).joined(separator: "、"),
                    ]
                },
            ]
        }
        var data: [String: Any] = [
            "departments": departments,
            "scopeTags": plan.scope.tags.isEmpty ? "全部领域" : plan.scope.tags.map(\.rawValue).joined(separator: "、"),
            "regionPrefix": plan.scope.regionPrefix.isEmpty ? "全部区划" : plan.scope.regionPrefix,
            "excludeMonths": plan.scope.excludeInspectedWithinMonths, "excludes": plan.scope.excludeInspectedWithinMonths > 0,
            "ratios": ratios(plan), "teamSize": plan.teamSize, "entropySource": plan.entropySource,
        ]
        if !plan.ratioOverrideReason.isEmpty { data["ratioOverrideReason"] = plan.ratioOverrideReason }
        return data
    }

    /// What publication froze, for the notice and the detail page.
    static func freeze(_ task: TaskInfo, names: [String: String]) -> [String: Any]? {
        guard let freeze = task.freeze else { return nil }
        return [
            "commitment": task.commitment ?? "", "publishedOn": freeze.publishedOn.chineseText,
            "strata": freeze.strata.map { s -> [String: Any] in
                ["stratum": s.stratum, "label": RiskClass(rawValue: s.stratum).map { "\(s.stratum) 类 · \($0.label)" } ?? s.stratum,
                 "n": s.n, "ratio": DirectoryFormat.percent(s.ratioBasisPoints), "k": s.k, "digest": s.digest]
            },
            "candidateCount": freeze.candidateCount, "quotaCount": freeze.quotaCount,
            "overall": DirectoryFormat.percent(freeze.overallBasisPoints),
            "inspectors": freeze.inspectors.map { i -> [String: Any] in
                ["dept": i.dept, "name": names[i.dept] ?? i.dept, "n": i.n, "k": i.k, "digest": i.digest]
            },
            "conflictsDigest": freeze.conflictsDigest, "conflictsCount": freeze.conflictsCount,
            "files": TaskSnapshotKind.allCases.map {
                ["file": $0.fileName, "kind": $0.rawValue, "sha256": freeze.fileDigests[$0.fileName] ?? "",
                 "fileURL": SiteURL.task(task.id, .frozenList($0)).path, "publicURL": SiteURL.publicTask(.init(task.id), .frozenList($0)).path]
            },
        ]
    }

    /// One dispatch row; `department` is the department whose decision the row shows (nil: all).
    static func dispatch(_ d: TaskStore.Dispatch, names: [String: String], today: CivilDate) -> [String: Any] {
        // The overall decision's reason reads `code：reason`; people read the department's name.
        func named(_ reason: String) -> String {
            guard let colon = reason.firstIndex(of: "："), let name = names[String(reason[..<colon])] else { return reason }
            return name + reason[colon...]
        }
        let status: String
        if !d.active {
            status = "已退回" + (d.rejection.map { "（\($0.text(names: names))）" } ?? "")
        } else {
            switch d.decision {
            case .confirmed: status = "已确认"
            case .rejected: status = "已退回（\(named(d.reason))）"
            case nil: status = "待确认"
            }
        }
        return [
            "uscc": d.uscc, "name": d.name, "stratum": d.stratum, "origin": d.originLabel, "isReplacement": d.origin == .replacement,
            "departments": d.departments.map { names[$0] ?? $0 }.joined(separator: "、"),
            "dispatchedOn": d.dispatchedOn.chineseText, "confirmBy": d.confirmBy.chineseText, "status": status,
            "pending": d.active && d.decision == nil, "overdue": d.isOverdue(today: today), "inactive": !d.active,
        ]
    }

    /// The teams of the record, with the inspectors' names and the enterprises' names.
    /// `experts` are those added to teams; `managedDepartment` (the admin's own, while teams take
    /// experts) gets add and remove forms offering `availableExperts`.
    static func teams(_ record: DrawRecord, task taskID: Int, departments allowed: (String) -> Bool, names: [String: String],
                      inspectors: [TaskStore.DrawnInspector], enterprises: [String: String], experts: [TaskStore.TaskExpert] = [],
                      managedDepartment: String? = nil, availableExperts: [InspectorRecord] = []) -> [[String: Any]] {
        let people = Dictionary(inspectors.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        return record.teams.filter { allowed($0.dept) }.map { entry in
            let manages = entry.dept == managedDepartment
            let teams: [[String: Any]] = entry.teams.enumerated().map { index, members in
                let onTeam = experts.filter { $0.department == entry.dept && $0.teamIndex == index }
                return [
                    "number": index + 1, "dept": entry.dept,
                    "members": members.map { code in
                        ["code": code, "name": people[code]?.name ?? code, "mobile": people[code]?.mobile ?? ""]
                    },
                    "experts": onTeam.map {
                        ["code": $0.code, "name": $0.name, "mobile": $0.mobile, "canRemove": manages,
                         "removeURL": SiteURL.task(taskID, .removeExpert(department: .init(entry.dept), team: .init(index + 1), expert: .init($0.code))).path]
                        as [String: Any]
                    },
                    "canAddExpert": manages && !availableExperts.isEmpty,
                    "addExpertURL": SiteURL.task(taskID, .experts(department: .init(entry.dept), team: .init(index + 1))).path,
                    "availableExperts": availableExperts.filter { expert in !onTeam.contains { $0.code == expert.code } }
                        .map { ["code": $0.code, "name": $0.name] },
                    "enterprises": entry.assignments.filter { $0.team == index }.map {
                        ["uscc": $0.enterprise, "name": enterprises[$0.enterprise] ?? $0.enterprise,
                         "formURL": SiteURL.task(taskID, .form(enterprise: .init($0.enterprise))).path]
                    },
                ]
            }
            return ["dept": entry.dept, "name": names[entry.dept] ?? entry.dept, "teams": teams, "teamSize": entry.teamSize]
        }
    }
}

extension TaskFormat {
    /// The links of a task's page, built from ``SiteURL`` (templates read `{{url.publish}}` …
    /// instead of spelling paths). `department` is a department admin's own, for its steps.
    static func links(_ id: Int, department: String?) -> [String: String] {
        var links: [String: String] = [
            "overview": SiteURL.task(id).path, "edit": SiteURL.task(id, .edit).path, "delete": SiteURL.task(id, .delete).path,
            "cancel": SiteURL.task(id, .cancel).path, "publish": SiteURL.task(id, .publish).path, "draw": SiteURL.task(id, .draw).path,
            "match": SiteURL.task(id, .match).path, "start": SiteURL.task(id, .start).path, "complete": SiteURL.task(id, .complete).path,
            "archive": SiteURL.task(id, .archive).path, "record": SiteURL.task(id, .record).path,
            "forms": SiteURL.task(id, .forms).path, "groups": SiteURL.task(id, .groups).path,
            "dispositions": SiteURL.task(id, .dispositions).path, "tasks": SiteURL.tasks.path,
            "notice": SiteURL.publicTask(.init(id), .notice).path, "publicRecord": SiteURL.publicTask(.init(id), .record).path,
        ]
        if let department {
            links["confirmAll"] = SiteURL.task(id, .confirmAll(department: .init(department))).path
            links["group"] = SiteURL.task(id, .group(department: .init(department))).path
            links["groupWorkbook"] = SiteURL.task(id, .groupWorkbook(department: .init(department))).path
            links["submitGroup"] = SiteURL.task(id, .submitGroup(department: .init(department))).path
        }
        return links
    }
}
