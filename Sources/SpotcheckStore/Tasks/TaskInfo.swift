import Foundation
import SQLKit
import SpotcheckCore

/// One task as pages, the API and the CLI show it.
public struct TaskInfo: Sendable {
    public var id: Int
    public var documentNumber: String
    public var title: String
    public var state: TaskState
    public var plan: TaskPlan
    public var commitment: String?
    public var freeze: TaskFreeze?
    public var entropy: String?
    /// The current draw record as stored (JSON), secret included.
    public var recordJSON: String?
    /// The current draw record, secret included; see ``publicRecord``. Decoded on use: a large
    /// task's record holds hundreds of thousands of ids, and most reads of a task never need it.
    /// A stored record that does not decode is ``CorruptStoredValue``, never "not drawn yet".
    public var record: DrawRecord? {
        get throws {
            guard let recordJSON else { return nil }
            do {
                return try DrawRecordJSON.decode(Data(recordJSON.utf8))
            } catch {
                throw CorruptStoredValue(entity: "tasks", id: String(id), column: "record", value: String(recordJSON.prefix(200)))
            }
        }
    }
    public var cancelReason: String?
    public var createdBy: String
    public var createdAt: Date
    public var publishedAt: Date?
    public var drawnAt: Date?
    public var matchedAt: Date?
    /// The 年度抽查计划 entry this task carries out; nil for a task outside the plan (计划外).
    public var planEntryID: Int? = nil
    /// Why a task outside the plan was launched (shown on its public notice); empty for a task
    /// from the plan, and for tasks created before plans existed.
    public var offPlanReason: String = ""

    /// Whether the draw is complete (teams matched) or the task was cancelled after its draw:
    /// only then may the secret be shown (spec §1 step 4).
    public var revealsSecret: Bool {
        switch state {
        case _ where state.hasTeams: true
        case .cancelled: drawnAt != nil
        default: false
        }
    }

    /// The record as the public may see it now: with the secret once revealed, otherwise with
    /// the secret and seed blanked (knowing them early would let anyone foresee replacements).
    public var publicRecord: DrawRecord? {
        get throws {
        guard var record = try record else { return nil }
        if !revealsSecret {
            record.secret = ""
            record.seed = ""
        }
        return record
        }
    }

    static let columns = ["id", "document_number", "title", "state", "plan", "commitment", "freeze", "entropy", "record",
                          "cancel_reason", "created_by", "created_at", "published_at", "drawn_at", "matched_at",
                          "plan_entry_id", "off_plan_reason"]

    /// What lists read: everything but the draw record, which can be megabytes per task.
    static let listColumns = columns.filter { $0 != "record" }

    static func decode(_ row: any SQLRow) throws -> TaskInfo {
        let id = try row.decode(column: "id", as: Int.self)
        func optional<T: Decodable>(_ column: String, _ type: T.Type) throws -> T? {
            guard row.contains(column: column) else { return nil }
            return try row.decodeNil(column: column) ? nil : row.decode(column: column, as: T.self)
        }
        // A task without a readable plan or state is corrupt, never a draft (a draft may be deleted).
        guard let plan = try row.decodeStoredJSON("plan", as: TaskPlan.self, entity: "tasks", id: String(id)) else {
            throw CorruptStoredValue(entity: "tasks", id: String(id), column: "plan", value: "NULL")
        }
        return TaskInfo(
            id: id,
            documentNumber: try row.decode(column: "document_number", as: String.self),
            title: try row.decode(column: "title", as: String.self),
            state: try row.decodeStored("state", as: TaskState.self, entity: "tasks", id: String(id)),
            plan: plan,
            commitment: try optional("commitment", String.self),
            freeze: try row.decodeStoredJSON("freeze", as: TaskFreeze.self, entity: "tasks", id: String(id)),
            entropy: try optional("entropy", String.self),
            recordJSON: try optional("record", String.self),
            cancelReason: try optional("cancel_reason", String.self),
            createdBy: try row.decode(column: "created_by", as: String.self),
            createdAt: try row.decode(column: "created_at", as: Date.self),
            publishedAt: try optional("published_at", Date.self),
            drawnAt: try optional("drawn_at", Date.self),
            matchedAt: try optional("matched_at", Date.self),
            planEntryID: try optional("plan_entry_id", Int.self),
            offPlanReason: try optional("off_plan_reason", String.self) ?? "")
    }
}

/// Who sees which task (pages and API alike).
extension TaskInfo {
    /// Whether a role sees drafts at all: the office and the auditor, and department admins —
    /// who set how many of their inspectors a draft will draw before it is published.
    public static func showsDrafts(to role: Role) -> Bool {
        role.seesAllDepartments || role == .deptAdmin
    }

    /// Whether `principal` may see this task: the office and the auditor every task; a
    /// department's users the tasks their department takes part in (drafts per ``showsDrafts(to:)``).
    public func isVisible(to principal: Principal) -> Bool {
        if principal.role.seesAllDepartments { return true }
        guard plan.departments.contains(where: { $0.department == principal.departmentCode }) else { return false }
        return state != .draft || Self.showsDrafts(to: principal.role)
    }

    /// The states a task list shows `role` for an optional state filter (nil = every state).
    public static func listedStates(for role: Role, filter: TaskState?) -> [TaskState]? {
        if showsDrafts(to: role) { return filter.map { [$0] } }
        if filter == .draft { return [] }
        return filter.map { [$0] } ?? TaskState.allCases.filter { $0 != .draft }
    }
}
