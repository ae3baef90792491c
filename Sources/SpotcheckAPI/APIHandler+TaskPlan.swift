import Foundation
import OpenAPIRuntime
import SpotcheckCore
import SpotcheckStore

extension APIHandler {
    // MARK: Plan from the request

    /// The store's plan from the request. Dates and field tags are checked here (the generated
    /// code keeps `format: date` as text); together with the plan's own rules every problem is
    /// answered at once, each with its field.
    static func plan(_ body: Components.Schemas.TaskPlan) throws -> TaskPlan {
        var problems: [TaskPlanProblem] = []
        func date(_ text: String, field: String) -> CivilDate? {
            guard let date = CivilDate(text.trimmingCharacters(in: .whitespaces)) else {
                problems.append(TaskPlanProblem(field: field, message: "日期格式不正确 \(text)（应为 yyyy-MM-dd）"))
                return nil
            }
            return date
        }
        let start = date(body.periodStart, field: "period_start")
        let end = date(body.periodEnd, field: "period_end")
        var tags: [FieldTag] = []
        for value in body.scope?.tags ?? [] {
            let tag = FieldTag(value.trimmingCharacters(in: .whitespacesAndNewlines))
            if tag.rawValue.isEmpty || tags.contains(tag) { continue }
            guard FieldTagVocabulary.standard.contains(tag) else {
                problems.append(TaskPlanProblem(field: "scope.tags", message: "未知领域标签 \(tag.rawValue)"))
                continue
            }
            tags.append(tag)
        }
        var ratios: [RiskClass: Int] = [:]
        ratios[.a] = body.ratios.a
        ratios[.b] = body.ratios.b
        ratios[.c] = body.ratios.c
        ratios[.d] = body.ratios.d
        // Unparseable dates stand in as one placeholder day, so the plan's own rules still run
        // (and do not report a bogus period order).
        let placeholder = start ?? end ?? CivilDate(dayNumber: 0)
        let plan = TaskPlan(
            documentNumber: body.documentNumber, title: body.title, periodStart: start ?? placeholder,
            periodEnd: start == nil ? placeholder : (end ?? start!),
            leadDepartment: body.leadDepartment,
            departments: body.departments.map {
                TaskDepartmentPlan(department: $0.department.trimmingCharacters(in: .whitespaces),
                                   itemCodes: $0.itemCodes.map { $0.trimmingCharacters(in: .whitespaces) },
                                   inspectorCount: $0.inspectorCount, materials: $0.materials ?? [])
            },
            scope: TaskScope(tags: tags, regionPrefix: body.scope?.regionPrefix ?? "",
                             excludeInspectedWithinMonths: body.scope?.excludeInspectedWithinMonths ?? 0),
            ratios: ratios, ratioOverrideReason: body.ratioOverrideReason ?? "", teamSize: body.teamSize ?? 2,
            entropySource: body.entropySource)
        if (body.scope?.excludeInspectedWithinMonths ?? 0) < 0 {
            problems.append(TaskPlanProblem(field: "scope.exclude_inspected_within_months", message: "月数不能为负"))
        }
        guard problems.isEmpty else {
            let all = problems + plan.problems()
            throw APIError(status: 422, detail: "任务内容有误：" + all.map(\.description).joined(separator: "；"), problems: all)
        }
        return plan
    }
}
