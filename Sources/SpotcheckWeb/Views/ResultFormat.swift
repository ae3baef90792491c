import Foundation
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// The result entry form: posted fields → ``ResultInput`` and a result → the template's data.
///
/// Field names: `inspection_date`, `category`, `onsite_answer` (1/0), `onsite_note`, `signature`
/// (signed/refused), `refusal_note`, and per item n (0-based, in the form's order)
/// `item_n_code`, `item_n_methods` (repeated), `item_n_problem` (1/0), `item_n_kind`, `item_n_finding`.
enum ResultFormat {
    /// The input as posted, the date as typed, and a problem when the date is not a date.
    /// (`today` is kept for callers; the date rules are checked by the workflow.)
    static func input(_ fields: FormFields, items: [InspectionForm.Item], today: CivilDate) -> (ResultInput, String, [TaskPlanProblem]) {
        var posted: [String: Int] = [:]
        var index = 0
        while let code = fields.first("item_\(index)_code") {
            posted[code] = index
            index += 1
        }
        let kinds = Set(ProblemKind.allCases.map(\.rawValue))
        let resultItems = items.map { item -> ResultInput.Item in
            guard let n = posted[item.code] else { return ResultInput.Item(itemCode: item.code, methods: [], problemAnswered: false) }
            let answer = fields.first("item_\(n)_problem")
            let problem = answer == "1"
            let kind = fields.text("item_\(n)_kind")
            return ResultInput.Item(
                itemCode: item.code, methods: fields.all("item_\(n)_methods").compactMap(InspectionMethod.init(rawValue:)),
                finding: fields.text("item_\(n)_finding"), problem: problem, problemKind: problem && kinds.contains(kind) ? kind : "",
                problemAnswered: answer == "1" || answer == "0")
        }
        let dateText = fields.text("inspection_date")
        let date = CivilDate(dateText)
        var problems: [TaskPlanProblem] = []
        // Only "not a date" here; the date's rules (not after today, within the task's period) are
        // the workflow's and apply on 提交.
        if !dateText.isEmpty && date == nil {
            problems.append(.init(field: "inspection_date", message: "检查日期「\(dateText)」不是有效日期（格式 2024-06-18）"))
        }
        // Nothing is preselected, so "not chosen" is kept as such (a draft) and refused on 提交.
        let category = ResultCategory(rawValue: fields.text("category"))
        let signature = fields.first("signature")
        let input = ResultInput(
            inspectionDate: date, category: category ?? .noProblem, items: resultItems,
            onsiteAnswer: fields.first("onsite_answer") == "1", onsiteNote: fields.text("onsite_note"),
            signatureRefused: signature == "refused", refusalNote: fields.text("refusal_note"),
            categoryAnswered: category != nil, signatureAnswered: signature == "refused" || signature == "signed")
        return (input, dateText, problems)
    }

    static func page(_ access: ResultAccess, today: CivilDate, result: InspectionResult?, input: ResultInput?, dateText: String?,
                     problems: [TaskPlanProblem], evidence: [EvidenceFile], editable: Bool, correcting: Bool,
                     people: [String: String] = [:]) -> [String: Any] {
        func person(_ actor: String) -> String { people[actor] ?? actor }
        let input = input ?? ResultInput(inspectionDate: nil, category: .noProblem, items: [], categoryAnswered: false, signatureAnswered: false)
        func errors(_ field: String) -> [String] { problems.filter { $0.field == field }.map(\.message) }
        let entered = Dictionary(input.items.map { ($0.itemCode, $0) }, uniquingKeysWith: { a, _ in a })
        let items: [[String: Any]] = access.part.items.enumerated().map { index, item in
            let value = entered[item.code] ?? ResultInput.Item(itemCode: item.code, methods: [], problemAnswered: false)
            let offered = item.methods.isEmpty ? InspectionMethod.allCases : item.methods
            let itemErrors = problems.filter { $0.field.hasPrefix("items.\(item.code).") }.map(\.message)
            return [
                "index": index, "number": index + 1, "code": item.code, "name": item.name, "subItems": item.subItems,
                "hasSubItems": !item.subItems.isEmpty, "legalBasis": item.legalBasis,
                "methods": offered.map { ["value": $0.rawValue, "checked": value.methods.contains($0)] },
                "problemYes": value.problemAnswered && value.problem, "problemNo": value.problemAnswered && !value.problem,
                "problem": value.problem, "finding": value.finding,
                "kinds": ProblemKind.allCases.map { ["value": $0.rawValue, "selected": $0.rawValue == value.problemKind] },
                "errors": itemErrors, "hasErrors": !itemErrors.isEmpty,
            ]
        }
        let fieldNames = ["inspection_date": "检查日期", "category": "检查结果", "items": "检查事项", "onsite_note": "现场解答",
                          "refusal_note": "企业签字", "reason": "更正理由"]
        let summary = problems.map { problem -> String in
            if let name = fieldNames[problem.field] { return "\(name)：\(problem.message)" }
            return problem.message
        }
        let leads = Set(access.form.departments.filter(\.isLead).map(\.department))
        let team: [[String: Any]] = access.form.team.map { member in
            ["departmentName": member.departmentName, "name": member.name, "code": member.code, "mobile": member.mobile,
             "isLead": leads.contains(member.department), "ownDepartment": member.department == access.department,
             "isTeamHead": member.isTeamHead, "isExpert": member.isExpert]
        }
        let status = result?.status
        var data: [String: Any] = [
            "taskID": access.task.id, "formURL": SiteURL.task(access.task.id, .form(enterprise: .init(access.uscc))).path,
            "documentNumber": access.task.documentNumber, "taskTitle": access.task.title,
            "taskState": access.task.state.label, "uscc": access.uscc, "enterpriseName": access.form.enterprise.name,
            "address": access.form.enterprise.address, "department": access.department, "departmentName": access.part.departmentName,
            "teamLabel": access.part.teamIndex.map { "第 \($0 + 1) 组" } ?? "", "path": access.path,
            "status": status?.label ?? "未录入", "statusClass": statusClass(status),
            "inspectionDate": dateText ?? input.inspectionDate?.description ?? "",
            "today": today.description,
            "categories": ResultCategory.allCases.map { ["value": $0.rawValue, "selected": input.categoryAnswered && $0 == input.category] },
            "categoryUnchosen": !input.categoryAnswered,
            "items": items, "hasItems": !items.isEmpty,
            "onsiteAnswer": input.onsiteAnswer, "onsiteNote": input.onsiteNote,
            "signatureRefused": input.signatureAnswered && input.signatureRefused,
            "signatureSigned": input.signatureAnswered && !input.signatureRefused, "refusalNote": input.refusalNote,
            "team": team, "members": result?.members ?? "",
            "problems": summary, "hasProblems": !problems.isEmpty,
            "dateErrors": errors("inspection_date"), "categoryErrors": errors("category"), "itemsErrors": errors("items"),
            "onsiteErrors": errors("onsite_note"), "refusalErrors": errors("refusal_note"), "reasonErrors": errors("reason"),
            "editable": editable, "correcting": correcting, "writable": editable || correcting,
            "canApprove": access.isDepartmentAdmin && status == .submitted,
            "canCorrect": access.mayCorrect(result) && !correcting,
            "canUpload": editable || (access.isDepartmentAdmin && access.taskInspectable),
            "readOnlyNote": readOnlyNote(access, result: result, editable: editable, correcting: correcting),
            "evidence": evidence.map { file -> [String: Any] in
                ["href": "\(access.path)/evidence/\(file.id.uuidString)", "withdrawURL": "\(access.path)/evidence/\(file.id.uuidString)/withdraw",
                 "canWithdraw": editable, "fileName": file.fileName, "contentType": file.contentType,
                 "size": EvidenceStore.megabytes(file.size), "sha256": file.sha256, "uploadedBy": person(file.uploadedBy),
                 "uploadedAt": DisplayDate.format(file.uploadedAt)]
            },
            "hasEvidence": !evidence.isEmpty, "maxEvidenceMB": EvidenceStore.maxSize / (1024 * 1024),
        ]
        if let result {
            if let due = result.dueDate {
                data["dueDate"] = due.chineseText
                data["late"] = result.isOverdue(today: today)
            }
            if let by = result.submittedBy { data["submitted"] = "\(person(by)) · \(result.submittedAt.map(DisplayDate.format) ?? "")" }
            if let by = result.approvedBy { data["approved"] = "\(person(by)) · \(result.approvedAt.map(DisplayDate.format) ?? "")" }
        }
        return data
    }

    static func statusClass(_ status: InspectionResult.Status?) -> String {
        switch status {
        case .approved: "status-approved"
        case .submitted: "status-submitted"
        case .draft: "status-draft"
        case nil: "status-none"
        }
    }

    static func readOnlyNote(_ access: ResultAccess, result: InspectionResult?, editable: Bool, correcting: Bool) -> String {
        if editable || correcting { return "" }
        if !access.taskInspectable { return "任务当前为“\(access.task.state.label)”，检查结果不能再修改。" }
        if access.mayEnter, let result, result.status != .draft {
            return access.isDepartmentAdmin ? "检查结果\(result.status.label)。如需修改，请使用“更正”（须写明理由，记入审计日志）。"
                : "检查结果\(result.status.label)，检查人员不能再修改；如需更正，请联系本部门管理员。"
        }
        return "只读：只有本部门该企业检查组的检查人员和本部门管理员可以录入。"
    }
}

/// /results/deadlines: per department, results overdue for publication and those due within
/// five working days (``Workflow/resultDeadlines(for:)`` decides which, with the stored calendar).
enum ResultDeadlines {
    static func page(_ list: ResultDeadlineList, principal: Principal, env: WebEnvironment) async throws -> [String: Any] {
        let names = try await TaskController.departmentNames(env)
        func rows(_ list: [ResultDeadlineList.Row]) -> [[String: Any]] {
            list.map { row in
                let r = row.result
                let days = row.workingDaysLeft
                return [
                    "href": SiteURL.task(r.taskID, .result(enterprise: .init(r.uscc), department: .init(r.department))).path, "documentNumber": row.documentNumber,
                    "uscc": r.uscc, "enterpriseName": row.enterpriseName, "status": r.status.label,
                    "inspectionDate": r.input.inspectionDate?.chineseText ?? "", "dueDate": row.due.chineseText,
                    "days": days < 0 ? "逾期 \(-days) 个工作日" : days == 0 ? "今天到期" : "还剩 \(days) 个工作日",
                ]
            }
        }
        var departments: [[String: Any]] = []
        let codes = Set(list.overdue.map(\.result.department)).union(list.dueSoon.map(\.result.department))
        for code in codes.sorted() {
            let late = rows(list.overdue.filter { $0.result.department == code })
            let coming = rows(list.dueSoon.filter { $0.result.department == code })
            departments.append([
                "code": code, "name": names[code] ?? code, "overdue": late, "hasOverdue": !late.isEmpty, "overdueCount": late.count,
                "dueSoon": coming, "hasDueSoon": !coming.isEmpty, "dueSoonCount": coming.count,
            ])
        }
        let today = list.today
        let soonWorkingDays = list.soonWorkingDays
        let overdue = list.overdue
        let soon = list.dueSoon
        let department: String? = principal.role.seesAllDepartments ? nil : principal.departmentCode
        return [
            "today": today.chineseText, "soonDays": soonWorkingDays, "workingDays": ResultDeadline.defaultWorkingDays,
            "departments": departments, "hasDepartments": !departments.isEmpty,
            "overdueTotal": overdue.count, "dueSoonTotal": soon.count,
            "scope": department.map { names[$0] ?? $0 } ?? "全部部门",
        ]
    }
}
