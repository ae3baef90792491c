import Foundation
import SpotcheckCore
import SpotcheckStore

/// 年度抽查计划 (issue 16): the departments draft their entries, the office assembles, approves
/// and publishes the year's plan, and joint tasks are created from its entries.
///
/// Who may do what, written once here: the office, the auditor and the department admins read
/// every entry of a year (a joint entry concerns several departments); a department admin adds,
/// edits and deletes only the entries its own department leads, and only while the plan is
/// 编制中; the office edits any entry and alone approves (审定), sends back (退回修改) and publishes.
/// The public reads published plans.
extension Workflow {
    public typealias PlanEntry = AnnualPlanStore.StoredEntry

    /// A year's plan with its entries and how far each has been carried out.
    public struct AnnualPlanView: Sendable {
        public var year: Int
        /// Nil when nobody has drafted an entry for the year yet.
        public var plan: AnnualPlanStore.Plan?
        public var entries: [PlanEntryProgress]
        public var departments: [DepartmentProgress]
        public var state: AnnualPlanState { plan?.state ?? .drafting }
        public var isPublished: Bool { state == .published }
    }

    /// One entry and the tasks launched from it.
    public struct PlanEntryProgress: Sendable {
        public var stored: PlanEntry
        public var tasks: [AnnualPlanStore.LinkedTask]
        /// Whether the office dashboard warns: the plan is public, its months are over and no task was launched.
        public var isOverdue: Bool
        public var entry: AnnualPlanEntry { stored.entry }
        public var launched: Bool { tasks.contains(where: \.isLaunched) }
        public var completed: Bool { tasks.contains(where: \.isCompleted) }
        /// 未启动 · 已启动 · 已完成, as the plan's table shows it.
        public var statusLabel: String { completed ? "已完成" : launched ? "已启动" : isOverdue ? "逾期未启动" : "未启动" }
    }

    /// Planned, launched and completed entries a department takes part in.
    public struct DepartmentProgress: Sendable, Equatable {
        public var department: String
        public var planned: Int
        public var launched: Int
        public var completed: Int
    }

    // MARK: Reads

    /// The year's plan for the office, the auditor and the department admins.
    public func annualPlan(year: Int, for principal: Principal) async throws -> AnnualPlanView {
        try RoleGate.readers.check(principal)
        return try await planView(year: year)
    }

    /// A published plan for everyone (the public page 年度抽查计划); a plan still 编制中 is not public.
    public func publicAnnualPlan(year: Int) async throws -> AnnualPlanView {
        let view = try await planView(year: year)
        guard view.isPublished else { throw StoreError.notFound(entity: "已公布的年度抽查计划", key: "\(year)年") }
        return view
    }

    /// The years that have a plan, newest first; the public sees the published ones only.
    public func annualPlans(for principal: Principal?) async throws -> [AnnualPlanStore.Plan] {
        let plans = try await planStore.plans()
        guard let principal, RoleGate.readers.refusal(for: principal) == nil else { return plans.filter { $0.state == .published } }
        return plans
    }

    /// One entry, for whoever reads plans (the public only when its plan is published).
    public func planEntry(_ id: Int, for principal: Principal?) async throws -> PlanEntryProgress {
        guard let stored = try await planStore.entry(id: id) else { throw StoreError.notFound(entity: "年度计划条目", key: String(id)) }
        let view = try await planView(year: stored.entry.year)
        if principal.map({ RoleGate.readers.refusal(for: $0) != nil }) ?? true, !view.isPublished {
            throw StoreError.notFound(entity: "年度计划条目", key: String(id))
        }
        guard let found = view.entries.first(where: { $0.entry.id == id }) else { throw StoreError.notFound(entity: "年度计划条目", key: String(id)) }
        return found
    }

    /// Entries of published plans whose months are over with no task launched: the office's warning.
    public func overduePlanEntries(for principal: Principal) async throws -> [PlanEntry] {
        guard principal.role == .officeAdmin || principal.role == .auditor else { return [] }
        return try await planStore.overdueEntries(today: today)
    }

    /// Entries a new task may be created from: those of every published plan, newest year first,
    /// for the office's task form.
    public func launchablePlanEntries(for principal: Principal) async throws -> [PlanEntry] {
        try RoleGate.office.check(principal)
        var found: [PlanEntry] = []
        for plan in try await planStore.plans() where plan.state == .published {
            found += try await planStore.entries(year: plan.year)
        }
        return found
    }

    // MARK: Writes

    /// Adds an entry: a department admin for its own department (as lead), the office for any.
    @discardableResult
    public func addPlanEntry(_ entry: AnnualPlanEntry, by principal: Principal) async throws -> PlanEntry {
        try RoleGate.managers.check(principal)
        try AccessPolicy.requireManage(principal, department: entry.leadDepartment.trimmingCharacters(in: .whitespaces))
        return try await planStore.add(entry, actor: Self.actor(principal))
    }

    /// Replaces an entry: its department's admin or the office, while the plan is 编制中.
    @discardableResult
    public func updatePlanEntry(_ id: Int, with entry: AnnualPlanEntry, by principal: Principal) async throws -> PlanEntry {
        try await requirePlanEntryEditor(id, principal)
        try AccessPolicy.requireManage(principal, department: entry.leadDepartment.trimmingCharacters(in: .whitespaces))
        return try await planStore.update(id: id, with: entry, actor: Self.actor(principal))
    }

    public func deletePlanEntry(_ id: Int, by principal: Principal) async throws {
        let stored = try await requirePlanEntryEditor(id, principal)
        let tasks = try await planStore.linkedTasks(entries: [id])[id] ?? []
        guard tasks.isEmpty else {
            throw StoreError.inUse("已有任务据此条目创建（\(tasks.map(\.documentNumber).joined(separator: "、"))），不能删除「\(stored.entry.title)」")
        }
        try await planStore.delete(id: id, actor: Self.actor(principal))
    }

    /// 审定: the office approves the assembled plan; its entries are fixed from now on.
    @discardableResult
    public func approveAnnualPlan(year: Int, by principal: Principal) async throws -> AnnualPlanStore.Plan {
        try RoleGate.office.check(principal)
        return try await planStore.approve(year: year, actor: Self.actor(principal))
    }

    /// 退回修改: the office sends an approved plan back to the departments, saying why.
    @discardableResult
    public func reopenAnnualPlan(year: Int, reason: String, by principal: Principal) async throws -> AnnualPlanStore.Plan {
        try RoleGate.office.check(principal)
        return try await planStore.reopen(year: year, reason: reason, actor: Self.actor(principal))
    }

    /// 公布: the office makes the approved plan public; it is never edited again.
    @discardableResult
    public func publishAnnualPlan(year: Int, by principal: Principal) async throws -> AnnualPlanStore.Plan {
        try RoleGate.office.check(principal)
        return try await planStore.publish(year: year, actor: Self.actor(principal))
    }

    /// Creates a draft task placed in the year's plan: from an entry of a published plan, or
    /// 计划外 with the reason shown on its public notice.
    public func createTask(_ plan: TaskPlan, origin: TaskOrigin, by principal: Principal) async throws -> TaskInfo {
        try RoleGate.office.check(principal)
        return try await tasks.create(plan, origin: origin, actor: Self.actor(principal), now: clock.now())
    }

    /// The entry a task carries out, for its pages (nil for 计划外 tasks).
    public func planEntry(of task: TaskInfo) async throws -> PlanEntry? {
        guard let id = task.planEntryID else { return nil }
        return try await planStore.entry(id: id)
    }

    /// An entry its reader may edit now: its lead department's admin or the office, while the
    /// plan is 编制中 (403 for another department, 409 once approved or published).
    public func planEntryForEditing(_ id: Int, by principal: Principal) async throws -> PlanEntry {
        let stored = try await requirePlanEntryEditor(id, principal)
        if let state = try await planStore.plan(year: stored.entry.year)?.state, !state.isEditable {
            throw StoreError.conflict("\(stored.entry.year)年度抽查计划\(state.label)，条目不能再修改")
        }
        return stored
    }

    // MARK: Helpers

    @discardableResult
    func requirePlanEntryEditor(_ id: Int, _ principal: Principal) async throws -> PlanEntry {
        try RoleGate.managers.check(principal)
        guard let stored = try await planStore.entry(id: id) else { throw StoreError.notFound(entity: "年度计划条目", key: String(id)) }
        guard principal.mayManage(departmentCode: stored.entry.leadDepartment) else {
            throw AccessRefusal.forbidden("只能修改本部门（\(principal.departmentName)）牵头的计划条目")
        }
        return stored
    }

    func planView(year: Int) async throws -> AnnualPlanView {
        guard AnnualPlanEntry.years.contains(year) else { throw InputInvalid(field: "year", "年度须在 \(AnnualPlanEntry.years.lowerBound)–\(AnnualPlanEntry.years.upperBound) 之间") }
        let store = planStore
        let plan = try await store.plan(year: year)
        let entries = try await store.entries(year: year)
        let tasks = try await store.linkedTasks(entries: entries.map(\.entry.id))
        let published = plan?.state == .published
        let progress = entries.map { stored -> PlanEntryProgress in
            let linked = tasks[stored.entry.id] ?? []
            let monthsOver = year < today.year || (year == today.year && stored.entry.lastMonth < today.month)
            return PlanEntryProgress(stored: stored, tasks: linked, isOverdue: published && monthsOver && !linked.contains(where: \.isLaunched))
        }
        var departments: [String: DepartmentProgress] = [:]
        var order: [String] = []
        for item in progress {
            for code in item.entry.departments {
                if departments[code] == nil {
                    departments[code] = DepartmentProgress(department: code, planned: 0, launched: 0, completed: 0)
                    order.append(code)
                }
                departments[code]!.planned += 1
                if item.launched { departments[code]!.launched += 1 }
                if item.completed { departments[code]!.completed += 1 }
            }
        }
        return AnnualPlanView(year: year, plan: plan, entries: progress, departments: order.compactMap { departments[$0] })
    }

    var planStore: AnnualPlanStore { AnnualPlanStore(db: db, clock: clock) }
}
