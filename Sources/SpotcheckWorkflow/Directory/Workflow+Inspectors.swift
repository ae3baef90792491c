import SpotcheckCore
import SpotcheckStore

/// 执法检查人员名录库: each department keeps its own; the office and the auditor read all.
extension Workflow {
    /// A department's roster with each inspector's number of declared conflicts.
    public func inspectors(of department: DepartmentCode, search: String, status: InspectorStatus?,
                           for principal: Principal) async throws -> (records: [InspectorRecord], conflicts: [String: Int]) {
        _ = try await self.department(department, for: principal)
        var records = try await InspectorRoster(db: db).list(department: department.rawValue)
        if !search.isEmpty {
            records = records.filter { $0.code.localizedCaseInsensitiveContains(search) || $0.name.contains(search) }
        }
        if let status { records = records.filter { $0.status == status } }
        return (records, try await ConflictList(db: db).counts(department: department.rawValue))
    }

    /// One inspector (refused when in a department the principal may not read) and their conflict count.
    public func inspector(_ code: String, for principal: Principal) async throws -> (record: InspectorRecord, conflicts: Int) {
        let record = try await requireInspector(code)
        try AccessPolicy.requireRead(principal, department: record.dept)
        return (record, try await ConflictList(db: db).list(inspectorCode: record.code).count)
    }

    /// One inspector of `department`'s roster (not found when registered in another department),
    /// with the conflicts declared for them.
    public func inspector(_ code: String, in department: DepartmentCode,
                          for principal: Principal) async throws -> (record: InspectorRecord, conflicts: [ConflictRecord]) {
        try AccessPolicy.requireRead(principal, department: department.rawValue)
        let record = try await InspectorRoster(db: db).require(code: code, department: department.rawValue)
        return (record, try await ConflictList(db: db).list(inspectorCode: record.code))
    }

    /// 停用 (status 离岗) or 启用 (在岗): what a department does with an officer who leaves, since
    /// published tasks keep their names and phones.
    @discardableResult
    public func setInspectorRetired(_ code: String, in department: DepartmentCode, retired: Bool,
                                    by principal: Principal) async throws -> InspectorRecord {
        try AccessPolicy.requireManage(principal, department: department.rawValue)
        return try await InspectorRoster(db: db).setRetired(code: code, department: department.rawValue, retired: retired,
                                                            actor: Self.actor(principal))
    }

    /// A 执法证号 is unique across departments; registered elsewhere it is as much a duplicate as here.
    public func createInspector(_ record: InspectorRecord, by principal: Principal) async throws -> InspectorRecord {
        try AccessPolicy.requireManage(principal, department: record.dept)
        _ = try await DepartmentRepository(db: db).require(code: record.dept)
        let code = record.code.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        if let existing = try await InspectorRoster(db: db).find(code: code), existing.dept != record.dept {
            throw StoreError.duplicate(entity: "执法证号（已登记在其他部门 \(existing.dept)）", key: code)
        }
        return try await InspectorRoster(db: db).create(record, actor: Self.actor(principal))
    }

    /// Replaces an inspector's details; the code and the department stay.
    public func updateInspector(_ code: String, with change: InspectorRecord,
                                by principal: Principal) async throws -> (record: InspectorRecord, conflicts: Int) {
        let existing = try await requireInspector(code)
        try AccessPolicy.requireManage(principal, department: existing.dept)
        let stored = try await InspectorRoster(db: db).update(code: existing.code, department: existing.dept, with: change,
                                                              actor: Self.actor(principal))
        return (stored, try await ConflictList(db: db).list(inspectorCode: stored.code).count)
    }

    public func deleteInspector(_ code: String, by principal: Principal) async throws {
        let existing = try await requireInspector(code)
        try AccessPolicy.requireManage(principal, department: existing.dept)
        try await InspectorRoster(db: db).delete(code: existing.code, department: existing.dept, actor: Self.actor(principal))
    }

    func requireInspector(_ code: String) async throws -> InspectorRecord {
        guard let record = try await InspectorRoster(db: db).find(code: code) else {
            throw StoreError.notFound(entity: "执法检查人员", key: code)
        }
        return record
    }

    // MARK: Conflicts of interest (回避)

    public func conflicts(of department: DepartmentCode, inspector: String, for principal: Principal) async throws -> [ConflictRecord] {
        _ = try await self.department(department, for: principal)
        let conflicts = try await ConflictList(db: db).list(department: department.rawValue)
        return inspector.isEmpty ? conflicts : conflicts.filter { $0.inspectorCode == inspector }
    }

    /// An inspector of another department reads as absent (the store's rule), so the department
    /// named is the only one a caller can declare for.
    public func addConflict(department: DepartmentCode, inspector: String, uscc: String, reason: String,
                            by principal: Principal) async throws -> ConflictRecord {
        try AccessPolicy.requireManage(principal, department: department.rawValue)
        _ = try await DepartmentRepository(db: db).require(code: department.rawValue)
        return try await ConflictList(db: db).add(department: department.rawValue, inspectorCode: inspector.trimmingCharacters(in: .whitespaces),
                                                  uscc: uscc, reason: reason, actor: Self.actor(principal))
    }

    public func removeConflict(inspector code: String, uscc: String, by principal: Principal) async throws {
        let inspector = try await requireInspector(code)
        try AccessPolicy.requireManage(principal, department: inspector.dept)
        try await ConflictList(db: db).remove(department: inspector.dept, inspectorCode: inspector.code, uscc: USCC.normalized(uscc),
                                              actor: Self.actor(principal))
    }
}
