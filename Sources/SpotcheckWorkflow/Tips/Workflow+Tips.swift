import Foundation
import SpotcheckCore
import SpotcheckStore

/// 举报线索 (issue 17): anyone submits a tip and follows it by its receipt code; the office
/// triages (route to a department or reject with a reason); the department it was routed to
/// handles it. A tip — and the reporter's contact on it — is visible only to the office and
/// the handling department; the auditor, other departments and the public never see it.
extension Workflow {
    public typealias Tip = TipStore.Tip

    public struct TipDetail: Sendable {
        public var tip: Tip
        public var photos: [TipStore.Photo]
        public var notes: [TipStore.Note]
        public var mayTriage: Bool
        public var mayHandle: Bool
    }

    /// Submits a public tip; `clientAddress` is only kept as a salted digest, for the hourly limit.
    public func submitTip(_ submission: TipStore.Submission, clientAddress: String) async throws -> String {
        try await tipStore.submit(submission, clientHash: Self.clientHash(clientAddress))
    }

    /// The public status by receipt code (受理/转办/办结), or nil for an unknown code.
    public func tipStatus(receipt typed: String) async throws -> TipStore.PublicStatus? {
        guard let receipt = TipReceipt.normalized(typed) else { return nil }
        return try await tipStore.status(receipt: receipt)
    }

    public func tips(state: TipState?, page: Int, perPage: Int = 30, for principal: Principal) async throws -> (tips: [Tip], total: Int, page: ListPage) {
        try RoleGate.managers.check(principal)
        let listPage = try ListPage(number: page, size: min(max(perPage, 1), ListPage.maxSize))
        let found = try await tipStore.list(state: state, department: principal.role == .officeAdmin ? nil : principal.departmentCode, page: listPage)
        return (found.tips, found.total, listPage)
    }

    /// Counts per department and state: the office's of every department, an admin's of its own.
    public func tipCounts(for principal: Principal) async throws -> [String: [TipState: Int]] {
        try RoleGate.managers.check(principal)
        let counts = try await tipStore.counts()
        return principal.role == .officeAdmin ? counts : counts.filter { $0.key == principal.departmentCode }
    }

    public func tip(_ id: Int, for principal: Principal) async throws -> TipDetail {
        let tip = try await visibleTip(id, principal)
        return TipDetail(tip: tip, photos: try await tipStore.photos(tipID: id), notes: try await tipStore.notes(tipID: id),
                         mayTriage: principal.role == .officeAdmin && tip.state == .received,
                         mayHandle: principal.role == .deptAdmin && tip.state == .routed && tip.department == principal.departmentCode)
    }

    public func tipPhoto(_ id: Int, photo: UUID, for principal: Principal) async throws -> (photo: TipStore.Photo, data: Data) {
        _ = try await visibleTip(id, principal)
        guard let found = try await tipStore.photo(tipID: id, id: photo) else { throw StoreError.notFound(entity: "照片", key: photo.uuidString) }
        return found
    }

    public func routeTip(_ id: Int, to department: DepartmentCode, by principal: Principal) async throws {
        try RoleGate.office.check(principal)
        try await tipStore.route(id: id, to: department.rawValue, actor: Self.actor(principal))
    }

    public func rejectTip(_ id: Int, reason: String, by principal: Principal) async throws {
        try RoleGate.office.check(principal)
        try await tipStore.reject(id: id, reason: reason, actor: Self.actor(principal))
    }

    public func addTipNote(_ id: Int, note: String, by principal: Principal) async throws {
        _ = try await visibleTip(id, principal)
        try await tipStore.addNote(id: id, note: note, actor: Self.actor(principal))
    }

    /// The handling department closes the tip with its result, optionally naming the task (文号
    /// or id) and the disposition the tip led to; both must involve the department.
    public func closeTip(_ id: Int, result: String, task: TaskReference?, dispositionID: Int?, by principal: Principal) async throws {
        try RoleGate.departmentStep.check(principal)
        let tip = try await visibleTip(id, principal)
        guard tip.department == principal.departmentCode else { throw AccessRefusal.forbidden("只有承办部门可以办结该线索") }
        var taskID: Int?
        if let task {
            let found = try await tasks.require(task.description)
            guard found.plan.departments.contains(where: { $0.department == principal.departmentCode }) else {
                throw StoreError.invalid("本部门未参加任务 \(found.documentNumber)，不能关联")
            }
            taskID = found.id
        }
        if let dispositionID {
            guard let disposition = try await DispositionStore(db: db).find(id: dispositionID),
                  disposition.department == principal.departmentCode || disposition.targetDepartment == principal.departmentCode
            else { throw StoreError.invalid("找不到本部门的处置记录 \(dispositionID)") }
            if let taskID, disposition.taskID != taskID { throw StoreError.invalid("处置记录 \(dispositionID) 不属于所选任务") }
            taskID = taskID ?? disposition.taskID
        }
        try await tipStore.close(id: id, result: result, taskID: taskID, dispositionID: dispositionID, actor: Self.actor(principal))
    }

    /// The office sees every tip; a department's admin only those routed to it. Anything else is
    /// "not found", so a tip's existence does not leak.
    func visibleTip(_ id: Int, _ principal: Principal) async throws -> Tip {
        try RoleGate.managers.check(principal)
        guard let tip = try await tipStore.tip(id: id),
              principal.role == .officeAdmin || (tip.department != nil && tip.department == principal.departmentCode)
        else { throw StoreError.notFound(entity: "线索", key: String(id)) }
        return tip
    }

    /// The client address is kept only as this digest: enough to count an address's tips in
    /// the hour, without the address in clear beside what its owner reported.
    static func clientHash(_ address: String) -> String {
        SecretToken.digest("spotcheck-tip:" + address)
    }

    var tipStore: TipStore { TipStore(db: db, clock: clock) }
}

extension Workflow {
    /// The tip form's enterprise search (public): up to 10 names and codes matching the text.
    /// Names and codes of enterprises are public already (the results pages list them).
    public func tipEnterpriseMatches(_ text: String) async throws -> [(name: String, uscc: String)] {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count >= 2, text.count <= 100 else { return [] }
        return try await EnterpriseDirectory(db: db).search(.init(text: text), page: 1, perPage: 10).records.map { ($0.name, $0.uscc) }
    }
}
