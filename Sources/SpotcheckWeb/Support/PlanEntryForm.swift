import Foundation
import SpotcheckCore
import SpotcheckStore

/// A 年度抽查计划 entry as its form holds it: the raw text of every field, so a refused form
/// comes back exactly as typed, and the conversion to ``AnnualPlanEntry``.
struct PlanEntryForm {
    var year = ""
    var title = ""
    var leadDepartment = ""
    var cooperating: Set<String> = []
    var field = ""
    var items: Set<String> = []
    var objectScope = ""
    var ratio = ""
    var months: Set<Int> = []

    init(year: Int, leadDepartment: String) {
        self.year = String(year)
        self.leadDepartment = leadDepartment
    }

    init(entry: AnnualPlanEntry) {
        year = String(entry.year)
        title = entry.title
        leadDepartment = entry.leadDepartment
        cooperating = Set(entry.cooperatingDepartments)
        field = entry.field
        items = Set(entry.itemCodes)
        objectScope = entry.objectScope
        ratio = AnnualPlanEntry.ratioText(entry.ratioBasisPoints).replacingOccurrences(of: "%", with: "")
        months = Set(entry.months)
    }

    init(fields: FormFields) {
        year = fields.text("year")
        title = fields.text("title")
        leadDepartment = fields.text("lead_department")
        cooperating = Set(fields.all("cooperating"))
        field = fields.text("field")
        items = Set(fields.all("items"))
        objectScope = fields.text("object_scope")
        ratio = fields.text("ratio")
        months = Set(fields.all("months").compactMap { Int($0) }.filter { (1...12).contains($0) })
    }

    /// The entry, or the problems the form itself can see (the entry's rules follow in the store).
    func entry() -> (AnnualPlanEntry, [TaskPlanProblem]) {
        var problems: [TaskPlanProblem] = []
        let year = Int(self.year) ?? 0
        let basisPoints = AnnualPlanEntry.parseRatio(ratio)
        if basisPoints == nil {
            problems.append(.init(field: "ratio", message: ratio.isEmpty ? "请填写计划抽查比例（如 5 表示 5%）" : "抽查比例「\(ratio)」不是 0.01–100 之间的百分数"))
        }
        let entry = AnnualPlanEntry(year: year, title: title, leadDepartment: leadDepartment,
                                    cooperatingDepartments: cooperating.filter { $0 != leadDepartment }.sorted(), field: field,
                                    itemCodes: items.sorted(), objectScope: objectScope, ratioBasisPoints: basisPoints ?? 1,
                                    months: months.sorted()).cleaned
        problems += entry.problems.filter { $0.field != "ratio" || basisPoints != nil }
        return (entry, problems)
    }

    /// The template's data: departments with their items, months, and each field's problems.
    func viewData(departments: [DepartmentModel], items: [InspectionItemRecord], problems: [TaskPlanProblem],
                  leadFixed: Bool) -> [String: Any] {
        func messages(_ field: String) -> [String] { problems.filter { $0.field == field }.map(\.message) }
        return [
            "year": year, "title": title, "field": field, "objectScope": objectScope, "ratio": ratio, "leadFixed": leadFixed,
            "departments": departments.map { department -> [String: Any] in
                let own = items.filter { $0.dept == department.code }
                return ["code": department.code, "name": department.name, "lead": department.code == leadDepartment,
                        "cooperating": cooperating.contains(department.code), "hasItems": !own.isEmpty,
                        "items": own.map { ["code": $0.code, "name": $0.name, "checked": self.items.contains($0.code)] as [String: Any] }]
            },
            "leadName": departments.first { $0.code == leadDepartment }?.name ?? leadDepartment,
            "leadCode": leadDepartment,
            "months": (1...12).map { ["value": $0, "checked": months.contains($0)] as [String: Any] },
            "problems": problems.map(\.message), "hasProblems": !problems.isEmpty,
            "p_title": messages("title"), "p_field": messages("field"), "p_object_scope": messages("object_scope"),
            "p_ratio": messages("ratio"), "p_months": messages("months"), "p_lead_department": messages("lead_department"),
            "p_item_codes": messages("item_codes"),
        ]
    }
}
