import Foundation
import SpotcheckCore
import SpotcheckStore

/// One department's part of one 一企一表 as a person may act on it (product step 8): who they are,
/// the task, the form and the department's part, and what they may do there. Built once by
/// ``Workflow/resultAccess(task:enterprise:department:for:)``; pages and the API read the flags
/// from it instead of deciding again.
public struct ResultAccess: Sendable {
    public let principal: Principal
    public let task: TaskInfo
    public let form: InspectionForm
    public let part: InspectionForm.DepartmentPart
    /// An inspector on the department's team for the enterprise, or the department's admin.
    public let mayEnter: Bool
    public let isDepartmentAdmin: Bool

    public var uscc: String { form.enterprise.uscc }
    public var department: String { part.department }
    public var taskInspectable: Bool { task.state == .matched || task.state == .inspecting }

    /// Inspectors and the admin edit until submission.
    public func mayEdit(_ result: InspectionResult?) -> Bool {
        mayEnter && taskInspectable && (result == nil || result?.status == .draft)
    }

    /// The department admin corrects a submitted or published result.
    public func mayCorrect(_ result: InspectionResult?) -> Bool {
        isDepartmentAdmin && taskInspectable && result != nil && result?.status != .draft
    }

    public func requireEnter() throws(AccessRefusal) {
        guard mayEnter else { throw .forbidden("只有本部门该企业检查组的检查人员和本部门管理员可以录入检查结果") }
    }

    public func requireDepartmentAdmin() throws(AccessRefusal) {
        guard isDepartmentAdmin else { throw .forbidden("只有本部门管理员可以审核、更正本部门的检查结果") }
    }
}

/// Field results (product step 8): draft, submit, approve (= publish), correct, and their evidence.
///
/// Who may enter: an inspector on that department's team for the enterprise, and that
/// department's admin. The office, the auditor and the lead department's admin may look. After
/// submission the inspectors' form is read-only; changes go through 更正 by the admin (audited).
extension Workflow {
    /// Decides who may see and do what on `department`'s part of `enterprise`'s form. Access is
    /// decided before the form is built where possible, so a refused person learns nothing about
    /// the enterprise.
    public func resultAccess(task id: TaskID, enterprise: USCC, department: DepartmentCode,
                             for principal: Principal) async throws -> ResultAccess {
        try RoleGate.taskReaders.check(principal)
        let task = try await task(id, for: principal)
        try AccessPolicy.requireParticipant(principal, task)
        try TaskStatePredicates.requireTeams(task)
        var code = ""
        switch principal.role {
        case .inspector:
            code = try await inspectorCode(of: principal)
            guard !code.isEmpty, try await tasks.isAssigned(inspector: code, taskID: task.id, uscc: enterprise.rawValue) else {
                throw AccessRefusal.forbidden("您不在该企业的检查组中")
            }
        case .deptAdmin:
            guard principal.departmentCode == department.rawValue || AccessPolicy.seesWholeTask(principal, task) else {
                throw AccessRefusal.forbidden("只能查看本部门的检查结果")
            }
        case .officeAdmin, .auditor:
            break
        }
        let form = try await tasks.form(taskID: task.id, uscc: enterprise.rawValue)
        guard let part = form.departments.first(where: { $0.department == department.rawValue && $0.teamIndex != nil }) else {
            throw StoreError.notFound(entity: "检查这家企业的部门", key: department.rawValue)
        }
        let isAdmin = principal.role == .deptAdmin && principal.departmentCode == department.rawValue
        let onTeam = principal.role == .inspector && part.team.contains { $0.code == code }
        if principal.role == .inspector && !onTeam {
            throw AccessRefusal.forbidden("您不在\(part.departmentName)对该企业的检查组中")
        }
        return ResultAccess(principal: principal, task: task, form: form, part: part, mayEnter: onTeam || isAdmin, isDepartmentAdmin: isAdmin)
    }

    /// The part with its stored result (nil before the first save).
    public func result(task id: TaskID, enterprise: USCC, department: DepartmentCode,
                       for principal: Principal) async throws -> (access: ResultAccess, result: InspectionResult?) {
        let access = try await resultAccess(task: id, enterprise: enterprise, department: department, for: principal)
        return (access, try await results.find(taskID: access.task.id, uscc: access.uscc, department: access.department))
    }

    /// A task's results, in enterprise order. Whoever sees the whole task (office, auditor, the
    /// lead department's admin) may choose a department or none; another department's admin sees
    /// its own department's (asking for another is refused).
    public func results(task id: TaskID, department requested: String?, page: Int, perPage: Int,
                        for principal: Principal) async throws -> (items: [InspectionResult], total: Int) {
        try RoleGate.readers.check(principal)
        let task = try await task(id, for: principal)
        try AccessPolicy.requireParticipant(principal, task)
        let department: String?
        if AccessPolicy.seesWholeTask(principal, task) {
            department = requested.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0.trimmingCharacters(in: .whitespaces) }
        } else {
            department = try AccessPolicy.departmentFilter(principal, requested: requested)
        }
        return try await results.list(taskID: task.id, department: department, page: try ListPage(number: page, size: perPage))
    }

    /// Problems of an entered result that no state makes right: items the department's part does
    /// not list, and — when `submitting` — an inspection date after today (by the workflow's
    /// clock) or outside the task's period. The input comes
    /// back with its items in the part's order, one per item (an item left out is unanswered).
    public func checkedResultInput(_ input: ResultInput, part: InspectionForm.DepartmentPart,
                                   period: ClosedRange<CivilDate>? = nil, submitting: Bool = true) throws(InputInvalid) -> ResultInput {
        var problems: [TaskPlanProblem] = []
        // A draft keeps whatever date was typed (nothing typed is lost); the date rules apply
        // when the result is submitted or corrected.
        if !submitting {
        } else if let date = input.inspectionDate, date > today {
            problems.append(.init(field: "inspection_date", message: "检查日期不能晚于今天"))
        } else if let date = input.inspectionDate, let period, !period.contains(date) {
            problems.append(.init(field: "inspection_date",
                                  message: "检查日期应在任务检查时间内（\(period.lowerBound.chineseText) 至 \(period.upperBound.chineseText)）"))
        }
        let listed = Set(part.items.map(\.code))
        for item in input.items where !listed.contains(item.itemCode) {
            problems.append(.init(field: "items.\(item.itemCode)", message: "事项 \(item.itemCode) 不在本部门对该企业的检查事项中"))
        }
        var seen = Set<String>()
        for item in input.items where !seen.insert(item.itemCode).inserted {
            problems.append(.init(field: "items.\(item.itemCode)", message: "事项 \(item.itemCode) 重复"))
        }
        guard problems.isEmpty else { throw InputInvalid(problems: problems) }
        let entered = Dictionary(input.items.map { ($0.itemCode, $0) }, uniquingKeysWith: { first, _ in first })
        var aligned = input
        aligned.items = part.items.map { item in
            guard var value = entered[item.code] else { return ResultInput.Item(itemCode: item.code, methods: []) }
            // A problem kind only with a problem, and only one of the notice's kinds.
            if !value.problem || ProblemKind(rawValue: value.problemKind) == nil { value.problemKind = "" }
            return value
        }
        return aligned
    }

    /// Saves a draft (the first save moves a matched task to 检查中). An inspector on the team or
    /// the department's admin; a submitted result is changed only by correction (409).
    @discardableResult
    public func saveResultDraft(task id: TaskID, enterprise: USCC, department: DepartmentCode, input: ResultInput,
                                by principal: Principal) async throws -> InspectionResult {
        try RoleGate.resultEntry.check(principal)
        return try await saveResultDraft(try await resultAccess(task: id, enterprise: enterprise, department: department, for: principal),
                                         input: input)
    }

    /// The same, on a part already opened with ``resultAccess(task:enterprise:department:for:)``
    /// (a page that renders the part reads it once per request).
    @discardableResult
    public func saveResultDraft(_ access: ResultAccess, input: ResultInput) async throws -> InspectionResult {
        try RoleGate.resultEntry.check(access.principal)
        try access.requireEnter()
        let input = try checkedResultInput(input, part: access.part, period: access.task.plan.periodStart ... access.task.plan.periodEnd,
                                           submitting: false)
        try await results.saveDraft(taskID: access.task.id, uscc: access.uscc, department: access.department, input: input,
                                    actor: Self.actor(access.principal))
        return try await storedResult(access)
    }

    /// Submits the result for the admin's review: it must be complete (422 naming each problem);
    /// the team is listed and the publication due date computed with the working-day calendar.
    @discardableResult
    public func submitResult(task id: TaskID, enterprise: USCC, department: DepartmentCode, input: ResultInput,
                             by principal: Principal) async throws -> InspectionResult {
        try RoleGate.resultEntry.check(principal)
        return try await submitResult(try await resultAccess(task: id, enterprise: enterprise, department: department, for: principal),
                                      input: input)
    }

    /// The same, on a part already opened.
    @discardableResult
    public func submitResult(_ access: ResultAccess, input: ResultInput) async throws -> InspectionResult {
        try RoleGate.resultEntry.check(access.principal)
        try access.requireEnter()
        let input = try checkedResultInput(input, part: access.part, period: access.task.plan.periodStart ... access.task.plan.periodEnd)
        try await results.submit(taskID: access.task.id, uscc: access.uscc, department: access.department, input: input,
                                 actor: Self.actor(access.principal))
        return try await storedResult(access)
    }

    /// The department's admin approves a submitted result; it then appears on the public results
    /// page. Once only: a second approval is a 409 naming the result's state.
    @discardableResult
    public func approveResult(task id: TaskID, enterprise: USCC, department: DepartmentCode,
                              by principal: Principal) async throws -> InspectionResult {
        try RoleGate.departmentStep.check(principal)
        return try await approveResult(try await resultAccess(task: id, enterprise: enterprise, department: department, for: principal))
    }

    /// The same, on a part already opened.
    @discardableResult
    public func approveResult(_ access: ResultAccess) async throws -> InspectionResult {
        try RoleGate.departmentStep.check(access.principal)
        try access.requireDepartmentAdmin()
        try await results.approve(taskID: access.task.id, uscc: access.uscc, department: access.department,
                                  actor: Self.actor(access.principal))
        return try await storedResult(access)
    }

    /// A correction of a submitted or published result by the department's admin, with a reason;
    /// audited with before and after.
    @discardableResult
    public func correctResult(task id: TaskID, enterprise: USCC, department: DepartmentCode, input: ResultInput, reason: String,
                              by principal: Principal) async throws -> InspectionResult {
        try RoleGate.departmentStep.check(principal)
        return try await correctResult(try await resultAccess(task: id, enterprise: enterprise, department: department, for: principal),
                                       input: input, reason: reason)
    }

    /// The same, on a part already opened.
    @discardableResult
    public func correctResult(_ access: ResultAccess, input: ResultInput, reason: String) async throws -> InspectionResult {
        try RoleGate.departmentStep.check(access.principal)
        try access.requireDepartmentAdmin()
        guard access.taskInspectable else { throw TaskTransitionError(from: access.task.state, action: "更正检查结果") }
        let input = try checkedResultInput(input, part: access.part, period: access.task.plan.periodStart ... access.task.plan.periodEnd)
        try await results.correct(taskID: access.task.id, uscc: access.uscc, department: access.department, input: input,
                                  reason: reason, actor: Self.actor(access.principal))
        return try await storedResult(access)
    }

    /// The stored result of a part already opened (nil before the first save).
    public func storedResult(of access: ResultAccess) async throws -> InspectionResult? {
        try await results.find(taskID: access.task.id, uscc: access.uscc, department: access.department)
    }

    // MARK: Evidence

    /// The largest evidence file accepted (the store refuses more).
    public static let maxEvidenceBytes = EvidenceStore.maxSize

    /// The evidence files of the part, oldest first (without content), for whoever may see it.
    public func evidence(task id: TaskID, enterprise: USCC, department: DepartmentCode,
                         for principal: Principal) async throws -> [EvidenceFile] {
        try await evidence(of: try await resultAccess(task: id, enterprise: enterprise, department: department, for: principal))
    }

    /// The evidence files of a part already opened.
    public func evidence(of access: ResultAccess) async throws -> [EvidenceFile] {
        try await EvidenceStore(db: db).list(taskID: access.task.id, uscc: access.uscc, department: access.department)
    }

    /// Adds a photo or PDF (checked by content, hashed, size-limited by the store). Whoever may
    /// enter, while the result is a draft; after submission only the department's admin (409).
    @discardableResult
    public func addEvidence(task id: TaskID, enterprise: USCC, department: DepartmentCode, fileName: String, data: Data,
                            by principal: Principal) async throws -> EvidenceFile {
        try RoleGate.resultEntry.check(principal)
        return try await addEvidence(try await resultAccess(task: id, enterprise: enterprise, department: department, for: principal),
                                     fileName: fileName, data: data)
    }

    /// The same, on a part already opened.
    @discardableResult
    public func addEvidence(_ access: ResultAccess, fileName: String, data: Data) async throws -> EvidenceFile {
        try RoleGate.resultEntry.check(access.principal)
        try access.requireEnter()
        let result = try await results.find(taskID: access.task.id, uscc: access.uscc, department: access.department)
        guard access.isDepartmentAdmin || result == nil || result?.status == .draft else {
            throw StoreError.conflict("检查结果已提交，补充证据须由部门管理员办理")
        }
        return try await EvidenceStore(db: db).add(taskID: access.task.id, uscc: access.uscc, department: access.department,
                                                   fileName: fileName, data: data, actor: Self.actor(access.principal), at: clock.now())
    }

    /// Withdraws an evidence file uploaded by mistake, before the result is submitted (409 after);
    /// whoever may enter the result. Audited with the file's name and digest.
    public func withdrawEvidence(task id: TaskID, enterprise: USCC, department: DepartmentCode, file: UUID,
                                 by principal: Principal) async throws {
        try RoleGate.resultEntry.check(principal)
        try await withdrawEvidence(file, of: try await resultAccess(task: id, enterprise: enterprise, department: department, for: principal))
    }

    /// The same, on a part already opened.
    public func withdrawEvidence(_ file: UUID, of access: ResultAccess) async throws {
        try RoleGate.resultEntry.check(access.principal)
        try access.requireEnter()
        try await EvidenceStore(db: db).withdraw(id: file, taskID: access.task.id, uscc: access.uscc, department: access.department,
                                                 actor: Self.actor(access.principal), at: clock.now())
    }

    /// One evidence file with its content, if it belongs to this part (404 otherwise).
    public func evidenceFile(task id: TaskID, enterprise: USCC, department: DepartmentCode, file: UUID,
                             for principal: Principal) async throws -> (file: EvidenceFile, data: Data) {
        try await evidenceFile(file, of: try await resultAccess(task: id, enterprise: enterprise, department: department, for: principal))
    }

    /// One evidence file of a part already opened (404 if it belongs elsewhere).
    public func evidenceFile(_ file: UUID, of access: ResultAccess) async throws -> (file: EvidenceFile, data: Data) {
        guard let found = try await EvidenceStore(db: db).fetch(id: file), found.file.taskID == access.task.id,
              found.file.uscc == access.uscc, found.file.department == access.department
        else { throw StoreError.notFound(entity: "证据文件", key: file.uuidString) }
        return found
    }

    /// The result links of a 一企一表: per department with a team, whether `principal` may enter
    /// (an inspector on that team, or that department's admin) or only look (whoever sees the
    /// whole task), with the result's status (nil: not entered). Parts the reader may neither
    /// enter nor see are left out.
    public func resultLinks(task: TaskInfo, form: InspectionForm, for principal: Principal) async throws
        -> [(part: InspectionForm.DepartmentPart, enters: Bool, status: InspectionResult.Status?)] {
        let code = principal.role == .inspector ? try await inspectorCode(of: principal) : ""
        var links: [(part: InspectionForm.DepartmentPart, enters: Bool, status: InspectionResult.Status?)] = []
        // One read per participating department of the form (at most a handful).
        for part in form.departments where part.teamIndex != nil {
            let enters = (principal.role == .inspector && !code.isEmpty && part.team.contains { $0.code == code })
                || (principal.role == .deptAdmin && principal.departmentCode == part.department)
            guard enters || AccessPolicy.seesWholeTask(principal, task) else { continue }
            let result = try await results.find(taskID: task.id, uscc: form.enterprise.uscc, department: part.department)
            links.append((part, enters, result?.status))
        }
        return links
    }

    // MARK: Internals

    var results: ResultStore { ResultStore(db: db, calendar: calendar, clock: clock) }

    private func storedResult(_ access: ResultAccess) async throws -> InspectionResult {
        guard let stored = try await results.find(taskID: access.task.id, uscc: access.uscc, department: access.department) else {
            throw StoreError.notFound(entity: "检查结果", key: "\(access.uscc)/\(access.department)")
        }
        return stored
    }
}
