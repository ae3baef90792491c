import Foundation
import Hummingbird
import SpotcheckCore
import SpotcheckImport
import SpotcheckStore
import SpotcheckWorkflow

/// 年度抽查计划 (issue 16): the year's plan with each entry's progress (planned · launched ·
/// completed), the entry form, import and export, and the office's 审定, 退回修改 and 公布. The public page
/// `/public/plans/{year}` shows a published plan, printable.
///
/// Who may do what is the workflow's (`Workflow+AnnualPlan`): department admins draft the
/// entries their department leads; the office edits any entry, publishes, and creates tasks from
/// entries; the auditor reads.
enum PlanController {
    static let readers = RoleGate.readers
    static let managers = RoleGate.managers
    static let office = RoleGate.office

    static func register(_ routes: SecuredRoutes, _ env: WebEnvironment) {
        routes.get("/plans", readers) { request, context in
            let year = try selectedYear(env, request.uri.queryParameters.get("year"))
            let done = request.uri.queryParameters.get("done").flatMap { doneMessages[$0] }
            return try await page(env, context, year: year, extra: done.map { ["notice": $0] } ?? [:])
        }

        routes.get("/plans/entries/new", managers) { request, context in
            let year = try selectedYear(env, request.uri.queryParameters.get("year"))
            let lead = context.principal.role == .deptAdmin ? context.principal.departmentCode : ""
            return try await entryPage(env, context, form: PlanEntryForm(year: year, leadDepartment: lead), entryID: nil, problems: [])
        }

        routes.post("/plans/entries", managers) { request, context in
            var form = PlanEntryForm(fields: try await FormFields.read(request, context: context))
            if context.principal.role == .deptAdmin { form.leadDepartment = context.principal.departmentCode }
            let (entry, problems) = form.entry()
            guard problems.isEmpty else { return try await entryPage(env, context, form: form, entryID: nil, problems: problems) }
            do {
                let saved = try await env.workflow.addPlanEntry(entry, by: context.principal)
                return ViewRenderer.redirect("/plans?year=\(saved.entry.year)&done=added#entry-\(saved.entry.id)")
            } catch let error as AnnualPlanEntryInvalid {
                return try await entryPage(env, context, form: form, entryID: nil, problems: error.problems)
            } catch let error as StoreError where !error.isNotFound {
                return try await entryPage(env, context, form: form, entryID: nil, problems: [.init(field: "other", message: error.description)],
                                           status: error.isConflict ? .conflict : .badRequest)
            }
        }

        routes.get("/plans/entries/{entry}/edit", managers) { _, context in
            let found = try await env.workflow.planEntryForEditing(try entryID(context), by: context.principal)
            return try await entryPage(env, context, form: PlanEntryForm(entry: found.entry), entryID: found.entry.id, problems: [])
        }

        routes.post("/plans/entries/{entry}/edit", managers) { request, context in
            let id = try entryID(context)
            var form = PlanEntryForm(fields: try await FormFields.read(request, context: context))
            if context.principal.role == .deptAdmin { form.leadDepartment = context.principal.departmentCode }
            let (entry, problems) = form.entry()
            guard problems.isEmpty else { return try await entryPage(env, context, form: form, entryID: id, problems: problems) }
            do {
                let saved = try await env.workflow.updatePlanEntry(id, with: entry, by: context.principal)
                return ViewRenderer.redirect("/plans?year=\(saved.entry.year)&done=saved#entry-\(id)")
            } catch let error as AnnualPlanEntryInvalid {
                return try await entryPage(env, context, form: form, entryID: id, problems: error.problems)
            } catch let error as StoreError where !error.isNotFound {
                return try await entryPage(env, context, form: form, entryID: id, problems: [.init(field: "other", message: error.description)],
                                           status: error.isConflict ? .conflict : .badRequest)
            }
        }

        routes.post("/plans/entries/{entry}/delete", managers) { _, context in
            let id = try entryID(context)
            let found = try await env.workflow.planEntry(id, for: context.principal)
            do {
                try await env.workflow.deletePlanEntry(id, by: context.principal)
            } catch let error as StoreError where !error.isNotFound {
                return try await page(env, context, year: found.entry.year, extra: ["error": error.description], status: .conflict)
            }
            return ViewRenderer.redirect("/plans?year=\(found.entry.year)&done=deleted")
        }


        routes.post("/plans/{year}/reopen", office) { request, context in
            let year = try selectedYear(env, try context.parameters.require("year"))
            let form = try await FormFields.read(request, context: context)
            do {
                try await env.workflow.reopenAnnualPlan(year: year, reason: form.first("reason") ?? "", by: context.principal)
            } catch let error as StoreError where !error.isNotFound {
                return try await page(env, context, year: year, extra: ["error": error.description, "typedReason": form.first("reason") ?? ""],
                                      status: error.isConflict ? .conflict : .badRequest)
            }
            return ViewRenderer.redirect("/plans?year=\(year)&done=reopened")
        }

        // 审定 and 公布: one button each, the same shape (a refusal stays on the plan page and says why).
        let steps: [(path: String, done: String, step: @Sendable (Workflow, Int, Principal) async throws -> Void)] = [
            ("approve", "approved", { _ = try await $0.approveAnnualPlan(year: $1, by: $2) }),
            ("publish", "published", { _ = try await $0.publishAnnualPlan(year: $1, by: $2) }),
        ]
        for (path, done, step) in steps {
            routes.post("/plans/{year}/\(path)", office) { _, context in
                let year = try selectedYear(env, try context.parameters.require("year"))
                do {
                    try await step(env.workflow, year, context.principal)
                } catch let error as StoreError where !error.isNotFound {
                    return try await page(env, context, year: year, extra: ["error": error.description],
                                          status: error.isConflict ? .conflict : .badRequest)
                }
                return ViewRenderer.redirect("/plans?year=\(year)&done=\(done)")
            }
        }

        routes.post("/plans/{year}/import", managers) { request, context in
            let year = try selectedYear(env, try context.parameters.require("year"))
            var request = request
            // Larger files are refused with 413 before they are read into memory.
            let body = try await request.collectBody(upTo: context.bodyLimit)
            let upload = try MultipartForm(body: Data(buffer: body), contentType: request.headers[.contentType] ?? "")
            guard let file = upload.part("file"), !file.data.isEmpty else {
                return try await page(env, context, year: year, extra: ["uploadError": "请选择要导入的计划文件（XLSX 或 CSV）"], status: .badRequest)
            }
            let fileName = file.fileName ?? "plan.xlsx"
            do {
                let added = try await env.workflow.importPlanFile(file.data, fileName: fileName, year: year, by: context.principal)
                return try await page(env, context, year: year, extra: ["notice": "已从文件「\(fileName)」导入 \(added.count) 个计划条目。"])
            } catch let error as Workflow.PlanFileInvalid {
                return try await page(env, context, year: year, extra: [
                    "uploadError": "文件「\(fileName)」有 \(error.issues.count) 处错误，未写入任何数据。请修改下列各行后重新上传。",
                    "issues": error.issues.map(\.description), "hasIssues": true,
                ], status: .unprocessableContent)
            } catch let error as ImportFileError {
                return try await page(env, context, year: year, extra: ["uploadError": "文件「\(fileName)」无法读取：\(error)"], status: .unprocessableContent)
            } catch let error as StoreError where !error.isNotFound {
                return try await page(env, context, year: year, extra: ["uploadError": "文件「\(fileName)」：\(error)"], status: .conflict)
            }
        }

        routes.get("/plans/{year}/export.xlsx", readers) { _, context in
            let year = try selectedYear(env, try context.parameters.require("year"))
            let data = try await env.workflow.annualPlanWorkbook(year: year, principal: context.principal)
            return DirectoryExport.download(data, fileName: "\(year)年度抽查计划.xlsx", format: .xlsx)
        }

        routes.publicGet("/public/plans") { _, context in
            let plans = try await env.workflow.annualPlans(for: nil)
            guard let latest = plans.first else {
                return env.views.page("public-plan", title: "年度抽查计划", context: context, data: ["none": true])
            }
            return try await publicPage(env, context, year: latest.year, years: plans.map(\.year))
        }

        routes.publicGet("/public/plans/{year}") { _, context in
            guard let year = Int(try context.parameters.require("year")), AnnualPlanEntry.years.contains(year) else {
                throw HTTPError(.notFound, message: "没有这个年度的抽查计划")
            }
            return try await publicPage(env, context, year: year, years: try await env.workflow.annualPlans(for: nil).map(\.year))
        }

        routes.publicGet("/public/plans/{year}/export.xlsx") { _, context in
            guard let year = Int(try context.parameters.require("year")), AnnualPlanEntry.years.contains(year) else {
                throw HTTPError(.notFound, message: "没有这个年度的抽查计划")
            }
            let data = try await env.workflow.annualPlanWorkbook(year: year, principal: nil)
            return DirectoryExport.download(data, fileName: "\(year)年度抽查计划.xlsx", format: .xlsx)
        }
    }

    static let doneMessages = [
        "added": "计划条目已添加。", "saved": "计划条目已保存。", "deleted": "计划条目已删除。",
        "approved": "年度抽查计划已审定，各部门不能再修改条目。核对无误后请“公布”；如需修改，可“退回修改”。",
        "reopened": "年度抽查计划已退回修改，各部门可以再次修改本部门牵头的条目；修改完成后请重新审定。",
        "published": "年度抽查计划已公布，已在公示网站“年度抽查计划”栏目公开；条目不能再修改，可据此创建抽查任务。",
    ]

    static func selectedYear(_ env: WebEnvironment, _ text: String?) throws -> Int {
        guard let text, !text.isEmpty else { return env.today.year }
        guard text.count <= 4, let year = Int(text), AnnualPlanEntry.years.contains(year) else {
            throw HTTPError(.badRequest, message: "年度须为 \(AnnualPlanEntry.years.lowerBound)–\(AnnualPlanEntry.years.upperBound) 之间的整数")
        }
        return year
    }

    static func entryID(_ context: SignedInContext) throws -> Int {
        guard let id = Int(try context.parameters.require("entry")), id > 0 else { throw HTTPError(.notFound, message: "没有这个计划条目") }
        return id
    }

    /// One row of the plan's table (office, department and public pages share it).
    static func entryRow(_ item: Workflow.PlanEntryProgress, index: Int, names: [String: String], items: [String: String]) -> [String: Any] {
        let entry = item.entry
        return [
            "id": entry.id, "index": index + 1, "title": entry.title, "kind": entry.kindLabel, "joint": entry.isJoint,
            "lead": names[entry.leadDepartment] ?? entry.leadDepartment, "leadCode": entry.leadDepartment,
            "cooperating": entry.cooperatingDepartments.map { names[$0] ?? $0 }.joined(separator: "、"),
            "field": entry.field, "scope": entry.objectScope, "ratio": AnnualPlanEntry.ratioText(entry.ratioBasisPoints),
            "months": entry.monthsText,
            "items": entry.itemCodes.map { code in items[code].map { "\(code) \($0)" } ?? code },
            "status": item.statusLabel, "overdue": item.isOverdue, "launched": item.launched, "completed": item.completed,
            "tasks": item.tasks.map { ["documentNumber": $0.documentNumber, "state": $0.state.label, "url": SiteURL.task($0.id).path,
                                       "publicURL": SiteURL.publicTask(.init($0.id), .notice).path] as [String: Any] },
        ]
    }

    static func page(_ env: WebEnvironment, _ context: SignedInContext, year: Int, extra: [String: Any] = [:],
                     status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = context.principal
        let view = try await env.workflow.annualPlan(year: year, for: principal)
        let names = try await env.workflow.departmentNames()
        let itemNames = Dictionary(try await env.workflow.allItems(includeRetired: true).map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let people = try await env.workflow.peopleNames([view.plan?.publishedBy, view.plan?.approvedBy].compactMap { $0 })
        let drafting = view.state.isEditable
        let approved = view.state == .approved
        let isOffice = principal.role == .officeAdmin
        let rows = view.entries.enumerated().map { index, item -> [String: Any] in
            var row = entryRow(item, index: index, names: names, items: itemNames)
            row["canEdit"] = drafting && principal.mayManage(departmentCode: item.entry.leadDepartment)
            row["canLaunch"] = isOffice && view.isPublished
            row["newTaskURL"] = SiteURL.newTask.path + "?entry=\(item.entry.id)"
            row["own"] = principal.role == .deptAdmin && item.entry.departments.contains(principal.departmentCode)
            return row
        }
        let years = Set(try await env.workflow.annualPlans(for: principal).map(\.year)).union([env.today.year, env.today.year + 1, year]).sorted()
        var data: [String: Any] = [
            "year": year, "years": years.map { ["value": $0, "selected": $0 == year] as [String: Any] },
            "state": view.state.label, "published": view.isPublished, "drafting": drafting, "approved": approved,
            "publishedAt": view.plan?.publishedAt.map(DisplayDate.format) ?? "",
            "publishedBy": view.plan?.publishedBy.map { people[$0] ?? $0 } ?? "",
            "approvedAt": view.plan?.approvedAt.map(DisplayDate.format) ?? "",
            "approvedBy": view.plan?.approvedBy.map { people[$0] ?? $0 } ?? "",
            "entries": rows, "empty": rows.isEmpty, "count": rows.count,
            "departments": view.departments.map { d -> [String: Any] in
                ["name": names[d.department] ?? d.department, "planned": d.planned, "launched": d.launched, "completed": d.completed]
            },
            "canAdd": drafting && principal.role != .auditor, "canImport": drafting && principal.role != .auditor,
            "canApprove": isOffice && drafting && !rows.isEmpty, "canPublish": isOffice && approved, "canReopen": isOffice && approved,
            "isOffice": isOffice,
            "maxMegabytes": context.maxUploadSize / (1024 * 1024),
            "columns": Workflow.planFileColumns.joined(separator: "、"),
            "overdueCount": view.entries.filter(\.isOverdue).count,
        ]
        data.merge(extra) { _, new in new }
        return env.views.page("plans", title: "年度抽查计划 \(year)", context: context, data: data, status: status)
    }

    static func entryPage(_ env: WebEnvironment, _ context: SignedInContext, form: PlanEntryForm, entryID: Int?,
                          problems: [TaskPlanProblem], status: HTTPResponse.Status? = nil) async throws -> Response {
        let departments = try await env.workflow.workingDepartments()
        let items = try await env.workflow.allItems(includeRetired: false)
        var data = form.viewData(departments: departments, items: items, problems: problems, leadFixed: context.principal.role == .deptAdmin)
        data["action"] = entryID.map { "/plans/entries/\($0)/edit" } ?? "/plans/entries"
        data["cancel"] = "/plans?year=\(form.year)"
        data["isNew"] = entryID == nil
        return env.views.page("plan-entry-form", title: entryID == nil ? "新增年度计划条目" : "修改年度计划条目", context: context, data: data,
                              status: status ?? (problems.isEmpty ? .ok : .badRequest))
    }

    static func publicPage(_ env: WebEnvironment, _ context: AppRequestContext, year: Int, years: [Int]) async throws -> Response {
        let view = try await env.workflow.publicAnnualPlan(year: year)
        let names = try await env.workflow.departmentNames()
        let itemNames = Dictionary(try await env.workflow.allItems(includeRetired: true).map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        return env.views.page("public-plan", title: "\(year)年度“双随机、一公开”抽查计划", context: context, data: [
            "year": year, "years": years.map { ["value": $0, "selected": $0 == year, "url": "/public/plans/\($0)"] as [String: Any] },
            "publishedAt": view.plan?.publishedAt.map { DisplayDate.format($0) } ?? "",
            "entries": view.entries.enumerated().map { entryRow($1, index: $0, names: names, items: itemNames) },
            "count": view.entries.count, "joint": view.entries.filter(\.entry.isJoint).count,
        ])
    }
}
