import Foundation
import Hummingbird
import SpotcheckCore
import SpotcheckStore

/// The task plan as the form holds it: the raw text of every field, so that a form with
/// problems comes back exactly as typed, and the conversion to and from ``TaskPlan``.
struct TaskPlanForm {
    struct Department {
        var take = false
        var items: Set<String> = []
        var inspectorCount = "4"
        var materials = ""
    }

    var documentNumber = ""
    var title = ""
    var periodStart = ""
    var periodEnd = ""
    var leadDepartment = ""
    var departments: [String: Department] = [:]
    var tags: Set<String> = []
    var regionPrefix = ""
    var excludeMonths = "0"
    var ratios: [String: String] = ["A": "20", "B": "20", "C": "20", "D": "20"]
    var ratioOverrideReason = ""
    var teamSize = "2"
    var entropySource = ""
    /// The task's place in the year's plan: "entry:<id>", "off_plan", or "" (not chosen yet).
    var origin = ""
    var offPlanReason = ""

    init() {}

    /// A new task pre-filled from a 年度抽查计划 entry: its title, lead, departments and items
    /// (each item under the department whose list holds it), and its planned ratio for every class.
    init(entry: AnnualPlanEntry, items: [InspectionItemRecord]) {
        title = entry.title
        leadDepartment = entry.leadDepartment
        for code in entry.departments {
            let own = Set(items.filter { $0.dept == code }.map(\.code))
            departments[code] = Department(take: true, items: Set(entry.itemCodes.filter(own.contains)))
        }
        let percent = AnnualPlanEntry.ratioText(entry.ratioBasisPoints).replacingOccurrences(of: "%", with: "")
        for c in RiskClass.allCases { ratios[c.rawValue] = percent }
        origin = "entry:\(entry.id)"
    }

    init(plan: TaskPlan) {
        documentNumber = plan.documentNumber
        title = plan.title
        periodStart = plan.periodStart.description
        periodEnd = plan.periodEnd.description
        leadDepartment = plan.leadDepartment
        for dept in plan.departments {
            departments[dept.department] = Department(take: true, items: Set(dept.itemCodes), inspectorCount: String(dept.inspectorCount),
                                                      materials: dept.materials.joined(separator: "\n"))
        }
        tags = Set(plan.scope.tags.map(\.rawValue))
        regionPrefix = plan.scope.regionPrefix
        excludeMonths = String(plan.scope.excludeInspectedWithinMonths)
        ratios = Dictionary(uniqueKeysWithValues: RiskClass.allCases.map { c in
            (c.rawValue, plan.ratios[c].map { DirectoryFormat.percent($0).replacingOccurrences(of: "%", with: "") } ?? "")
        })
        ratioOverrideReason = plan.ratioOverrideReason
        teamSize = String(plan.teamSize)
        entropySource = plan.entropySource
    }

    init(fields: FormFields, departmentCodes: [String]) {
        documentNumber = fields.text("document_number")
        title = fields.text("title")
        periodStart = fields.text("period_start")
        periodEnd = fields.text("period_end")
        leadDepartment = fields.text("lead_department")
        for code in departmentCodes {
            departments[code] = Department(
                take: fields.first("take_\(code)") != nil, items: Set(fields.all("items_\(code)")),
                inspectorCount: fields.text("inspectors_\(code)"), materials: fields.first("materials_\(code)") ?? "")
        }
        tags = Set(fields.all("tags"))
        regionPrefix = fields.text("region_prefix")
        excludeMonths = fields.text("exclude_months")
        for c in RiskClass.allCases { ratios[c.rawValue] = fields.text("ratio_\(c.rawValue)") }
        ratioOverrideReason = fields.text("ratio_override_reason")
        teamSize = fields.text("team_size")
        entropySource = fields.text("entropy_source")
        origin = fields.text("origin")
        offPlanReason = fields.text("off_plan_reason")
    }

    /// The origin chosen on a new task's form, or the problem to show (a task is placed in the
    /// plan or marked 计划外 with its reason; the store refuses an entry of an unpublished plan).
    func taskOrigin() -> (TaskOrigin?, TaskPlanProblem?) {
        if origin == "off_plan" {
            let reason = offPlanReason.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !reason.isEmpty else { return (nil, .init(field: "origin", message: "计划外任务请写明理由（将在任务公示中显示）")) }
            guard reason.count <= AnnualPlanEntry.maxText else { return (nil, .init(field: "origin", message: "计划外理由不能超过 \(AnnualPlanEntry.maxText) 字")) }
            return (.offPlan(reason: reason), nil)
        }
        if origin.hasPrefix("entry:"), let id = Int(origin.dropFirst(6)), id > 0 { return (.planEntry(id), nil) }
        return (nil, .init(field: "origin", message: "请选择本任务依据的年度抽查计划条目，或选择“计划外”并写明理由"))
    }

    /// `20` → 2000, `2.5` → 250; nil unless a percentage with at most two decimals.
    static func basisPoints(percent text: String) -> Int? {
        let cleaned = text.replacingOccurrences(of: "%", with: "").trimmingCharacters(in: .whitespaces)
        let parts = cleaned.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int(parts[0]), whole >= 0 else { return nil }
        var fraction = 0
        if parts.count == 2 {
            let digits = parts[1]
            guard (1...2).contains(digits.count), digits.allSatisfy(\.isASCII), let value = Int(digits) else { return nil }
            fraction = digits.count == 1 ? value * 10 : value
        }
        return whole * 100 + fraction
    }

    /// The plan, with every problem the form itself can see (dates, numbers) plus those of
    /// ``TaskPlan/problems()``; the store adds the checks that need the database.
    func plan(names: [String: String] = [:]) -> (TaskPlan, [TaskPlanProblem]) {
        var problems: [TaskPlanProblem] = []
        let start = CivilDate(periodStart)
        let end = CivilDate(periodEnd)
        if start == nil { problems.append(.init(field: "period", message: "请填写检查开始日期（如 2024-05-27）")) }
        if end == nil { problems.append(.init(field: "period", message: "请填写检查结束日期（如 2024-07-31）")) }
        var ratioTable: [RiskClass: Int] = [:]
        for c in RiskClass.allCases {
            let text = ratios[c.rawValue] ?? ""
            if let bp = Self.basisPoints(percent: text) {
                ratioTable[c] = bp
            } else {
                problems.append(.init(field: "ratios.\(c.rawValue)",
                                      message: text.isEmpty ? "请填写 \(c.rawValue) 类抽查比例" : "\(c.rawValue) 类比例「\(text)」不是百分数（如 20 或 2.5）"))
            }
        }
        let team = Int(teamSize)
        if team == nil { problems.append(.init(field: "team_size", message: "每组人数须为整数")) }
        let months = excludeMonths.isEmpty ? 0 : Int(excludeMonths)
        if months == nil || months! < 0 { problems.append(.init(field: "scope", message: "排除月数须为不小于 0 的整数")) }
        if !regionPrefix.isEmpty && !regionPrefix.allSatisfy(\.isNumber) {
            problems.append(.init(field: "scope", message: "区划代码前缀只能是数字"))
        }
        var plans: [TaskDepartmentPlan] = []
        for (code, dept) in departments.sorted(by: { $0.key < $1.key }) where dept.take {
            let count = Int(dept.inspectorCount)
            if count == nil || count! < 1 {
                problems.append(.init(field: "departments.\(code).inspector_count", message: "\(names[code] ?? "部门 \(code)")抽取执法人员数须为正整数"))
            }
            let materials = dept.materials.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            plans.append(TaskDepartmentPlan(department: code, itemCodes: dept.items.sorted(), inspectorCount: count ?? 0, materials: materials))
        }
        let plan = TaskPlan(
            documentNumber: documentNumber, title: title,
            periodStart: start ?? CivilDate(year: 2000, month: 1, day: 1)!, periodEnd: end ?? start ?? CivilDate(year: 2000, month: 1, day: 1)!,
            leadDepartment: leadDepartment, departments: plans,
            scope: TaskScope(tags: tags.sorted().map { FieldTag($0) }, regionPrefix: regionPrefix, excludeInspectedWithinMonths: months ?? 0),
            ratios: ratioTable, ratioOverrideReason: ratioOverrideReason, teamSize: team ?? 2, entropySource: entropySource)
        // Count problems of the inspector number only once: the form already named a bad number.
        let planProblems = plan.problems(names: names).filter { p in
            !(p.field.hasSuffix(".inspector_count") && problems.contains { $0.field == p.field })
                && !(p.field == "period" && (start == nil || end == nil))
        }
        return (plan, problems + planProblems)
    }

    /// View data for `task-form`: the fields as typed, departments with their items as
    /// checkboxes, and each problem next to its field.
    /// Whether both period dates are dates: only then do eligible-inspector counts mean anything.
    var hasPeriod: Bool { CivilDate(periodStart) != nil && CivilDate(periodEnd) != nil }

    func viewData(departments: [DepartmentModel], items: [InspectionItemRecord], problems: [TaskPlanProblem],
                  preview: PlanPreview? = nil) -> [String: Any] {
        let previewed = Dictionary((preview?.departments ?? []).map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        func messages(_ match: (String) -> Bool) -> [String] { problems.filter { match($0.field) }.map(\.message) }
        let departmentRows: [[String: Any]] = departments.map { department in
            let dept = self.departments[department.code] ?? Department()
            let own = items.filter { $0.dept == department.code }
            return [
                "code": department.code, "name": department.name, "take": dept.take, "inspectors": dept.inspectorCount,
                "materials": dept.materials, "noItems": own.isEmpty,
                "items": own.map { ["dept": department.code, "code": $0.code, "name": $0.name, "checked": dept.items.contains($0.code)] as [String: Any] },
                "problems": messages { $0.hasPrefix("departments.\(department.code).") },
                "leadSelected": leadDepartment == department.code,
                "preview": previewed[department.code].map { d -> [String: Any] in
                    ["eligible": d.eligibleInspectors, "enterprises": d.enterprises, "tooFew": d.tooFewInspectors]
                } as Any,
            ]
        }
        var tagChoices = FieldTag.known.map(\.rawValue)
        for tag in tags.sorted() where !tagChoices.contains(tag) { tagChoices.append(tag) }
        return [
            "documentNumber": documentNumber, "title": title, "periodStart": periodStart, "periodEnd": periodEnd,
            "departments": departmentRows,
            "tagChoices": tagChoices.map { ["value": $0, "checked": tags.contains($0)] as [String: Any] },
            "regionPrefix": regionPrefix, "excludeMonths": excludeMonths,
            "ratios": RiskClass.allCases.map { ["class": $0.rawValue, "label": $0.label, "value": ratios[$0.rawValue] ?? ""] },
            "ratioOverrideReason": ratioOverrideReason, "teamSize": teamSize, "entropySource": entropySource,
            "problems": problems.map(\.message), "hasProblems": !problems.isEmpty,
            "p_document_number": messages { $0 == "document_number" }, "p_title": messages { $0 == "title" },
            "p_period": messages { $0 == "period" }, "p_lead": messages { $0 == "lead_department" },
            "p_departments": messages { $0 == "departments" }, "p_scope": messages { $0 == "scope" },
            "p_ratios": messages { $0.hasPrefix("ratios") }, "p_team_size": messages { $0 == "team_size" },
            "p_entropy_source": messages { $0 == "entropy_source" },
            "previewEnterprises": preview.map { $0.enterprises } as Any,
            "holidayWarning": (preview?.yearsWithoutHolidays ?? []).isEmpty ? "" :
                "检查期间涉及 \(preview!.yearsWithoutHolidays.map(String.init).joined(separator: "、")) 年，该年的国务院节假日安排尚未录入：期限将只按周末计算，可能算错。请先在“工作日日历”中导入。",
        ]
    }
}
