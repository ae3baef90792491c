import SpotcheckCore
import SpotcheckStore

/// Everything the task page shows, read once, with the department rules applied: a department's
/// users get their own department's dispatches and inspectors; pending and overdue counts per
/// department are for those who see all departments.
public struct TaskOverview: Sendable {
    public let task: TaskInfo
    public let departmentNames: [String: String]
    public let items: [InspectionItemRecord]
    /// On a draft, for the department admin setting its count: how many of its inspectors are eligible.
    public let eligibleInspectors: Int?
    public let dispatches: [TaskStore.Dispatch]
    public let pending: [String: Int]
    public let overdue: [String: Int]
    public let drawnInspectors: [TaskStore.DrawnInspector]
    /// Names of every dispatched enterprise, for the team blocks (teams span departments).
    public let enterpriseNames: [String: String]
    public let experts: [TaskStore.TaskExpert]
    /// The acting admin's experts who may join its teams (matched tasks only).
    public let availableExperts: [InspectorRecord]
}

extension Workflow {
    public func taskOverview(_ task: TaskInfo, for principal: Principal) async throws -> TaskOverview {
        try AccessPolicy.requireVisible(task, to: principal)
        let seesAll = principal.role.seesAllDepartments
        let own = principal.departmentCode
        let isDeptAdmin = principal.role == .deptAdmin
        let names = Dictionary(try await allDepartments().map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let items = try await ItemList(db: db).list(department: nil)
        var eligible: Int?
        if task.state == .draft, isDeptAdmin, let plan = task.plan.departments.first(where: { $0.department == own }) {
            eligible = try await tasks.eligibleInspectors(department: plan.department, periodEnd: task.plan.periodEnd).count
        }
        guard task.state.isDrawn, task.drawnAt != nil else {
            return TaskOverview(task: task, departmentNames: names, items: items, eligibleInspectors: eligible, dispatches: [], pending: [:],
                                overdue: [:], drawnInspectors: [], enterpriseNames: [:], experts: [], availableExperts: [])
        }
        let all = try await tasks.dispatches(task.id)
        let dispatches = seesAll ? all : try await tasks.dispatches(task.id, department: own)
        let takesExperts = isDeptAdmin && (task.state == .matched || task.state == .inspecting)
        return TaskOverview(
            task: task, departmentNames: names, items: items, eligibleInspectors: eligible, dispatches: dispatches,
            pending: seesAll ? try await tasks.pendingConfirmations(task.id) : [:],
            overdue: seesAll ? try await tasks.overdueConfirmations(task.id, today: today) : [:],
            drawnInspectors: try await tasks.drawnInspectors(task.id, department: seesAll ? nil : own),
            enterpriseNames: Dictionary(all.map { ($0.uscc, $0.name) }, uniquingKeysWith: { a, _ in a }),
            experts: task.state.hasTeams ? try await tasks.experts(task.id) : [],
            availableExperts: takesExperts ? try await tasks.availableExperts(department: own) : [])
    }

    /// Department names by code (every department, the office included), for views.
    public func departmentNames() async throws -> [String: String] {
        Dictionary(try await allDepartments().map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    /// Every item, retired ones included (published tasks name them), or only those a new draft may use.
    public func allItems(includeRetired: Bool) async throws -> [InspectionItemRecord] {
        try await ItemList(db: db).list(department: nil, includeRetired: includeRetired)
    }

    /// A frozen list's CSV for the task page's downloads (office and auditor); nil before publication.
    public func frozenListText(_ task: TaskInfo, _ kind: TaskSnapshotKind, for principal: Principal) async throws -> String? {
        try await frozenList(task: TaskID(task.id), kind, for: principal)
    }
}
