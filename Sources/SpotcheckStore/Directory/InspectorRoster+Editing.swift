import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

/// Single-row edits of a department's 执法检查人员名录库. Every method takes the department the
/// caller is acting for and treats an inspector of another department as absent, so a route that
/// forgot its own check still could not reach across departments.
extension InspectorRoster {
    public func find(code: String) async throws -> InspectorRecord? {
        try await (db as! any SQLDatabase).select().columns(Self.columns).from("inspectors")
            .where("code", .equal, code).first().map(Self.record(from:))
    }

    /// The inspector `code` if it belongs to `department`, else a not-found error.
    public func require(code: String, department: String) async throws -> InspectorRecord {
        guard let record = try await find(code: code), record.dept == department else {
            throw StoreError.notFound(entity: "执法检查人员", key: code)
        }
        return record
    }

    /// Adds one inspector to `record.dept`. A 执法证号 is unique across all departments: the same
    /// officer registered twice could be drawn twice into one team.
    @discardableResult
    public func create(_ record: InspectorRecord, actor: AuditLog.Actor) async throws -> InspectorRecord {
        let record = Self.cleaned(record)
        try DirectoryRules.check(record)
        return try await db.transaction { tx in
            let roster = InspectorRoster(db: tx)
            if let existing = try await roster.find(code: record.code) {
                if existing.dept == record.dept { throw StoreError.duplicate(entity: "执法证号", key: record.code) }
                throw StoreError.invalid("执法证号「\(record.code)」已登记在其他部门（\(existing.dept)），不能重复登记")
            }
            try await Self.requireDepartment(record.dept, on: tx)
            try await (tx as! any SQLDatabase).insert(into: "inspectors").columns(Self.columns + ["updated_at"])
                .values(Self.values(record).map { SQLBind($0) } + [SQLBind(Date())]).run()
            try await AuditLog.record(on: tx, actor: actor, action: "create", entity: "inspector", entityID: record.code, after: record.auditSnapshot)
            return record
        }
    }

    /// Replaces the content of inspector `code` in `department`. The code and the department are
    /// fixed: moving an officer to another department is a delete there and a create here, each
    /// done by someone allowed to.
    @discardableResult
    public func update(code: String, department: String, with change: InspectorRecord, actor: AuditLog.Actor) async throws -> InspectorRecord {
        var fixed = Self.cleaned(change)
        fixed.code = code
        fixed.dept = department
        let record = fixed
        try DirectoryRules.check(record)
        return try await db.transaction { tx in
            let before = try await InspectorRoster(db: tx).require(code: code, department: department)
            if before == record { return record }
            try await (tx as! any SQLDatabase).update("inspectors")
                .set("name", to: record.name)
                .set("mobile", to: record.mobile)
                .set("status", to: record.status.rawValue)
                .set("certificate_expiry", to: record.certificateExpiry?.description ?? "")
                .set("expertise", to: record.expertise.joined(separator: ";"))
                .set("is_expert", to: record.isExpert)
                .set("updated_at", to: Date())
                .where("code", .equal, code)
                .run()
            try await AuditLog.record(on: tx, actor: actor, action: "update", entity: "inspector", entityID: code,
                                      before: before.auditSnapshot, after: record.auditSnapshot)
            return record
        }
    }

    /// Removes inspector `code` and its declared conflicts. The conflicts are deleted (and named in
    /// the audit event) explicitly rather than left to the foreign key's cascade, which would
    /// remove them without a trace.
    ///
    /// An inspector a published task froze, drew or put on a team is not deleted: the task's
    /// 一企一表, group report and records show the name and phone from the roster. The refusal
    /// names the tasks; setting the status to 离岗 (停用) takes the inspector out of future draws.
    public func delete(code: String, department: String, actor: AuditLog.Actor) async throws {
        try await db.transaction { tx in
            let before = try await InspectorRoster(db: tx).require(code: code, department: department)
            try await InspectorRoster(db: tx).requireUnused(before)
            let conflicts = try await ConflictList(db: tx).list(inspectorCode: code)
            let sql = tx as! any SQLDatabase
            try await sql.delete(from: "conflicts").where("inspector_code", .equal, code).run()
            try await sql.delete(from: "inspectors").where("code", .equal, code).run()
            var snapshot = before.auditSnapshot
            snapshot["conflicts"] = conflicts.map { "\($0.uscc):\($0.reason)" }.joined(separator: "\n")
            try await AuditLog.record(on: tx, actor: actor, action: "delete", entity: "inspector", entityID: code, before: snapshot)
        }
    }

    /// Retires (停用: status 离岗, never drawn again) or reinstates (启用: 在岗) an inspector; the
    /// status is the roster's own in-service flag, so there is no second one to keep in step.
    @discardableResult
    public func setRetired(code: String, department: String, retired: Bool, actor: AuditLog.Actor) async throws -> InspectorRecord {
        try await db.transaction { tx in
            let before = try await InspectorRoster(db: tx).require(code: code, department: department)
            let status: InspectorStatus = retired ? .departed : .onDuty
            guard before.status != status else { return before }
            let written = try await (tx as! any SQLDatabase).update("inspectors").set("status", to: status.rawValue)
                .set("updated_at", to: Date()).where("code", .equal, code).where("status", .equal, before.status.rawValue)
                .returning("code").first()
            guard written != nil else { throw StoreError.conflict("执法检查人员「\(before.name)」的状态刚被他人修改，请刷新后重试") }
            var after = before
            after.status = status
            try await AuditLog.record(on: tx, actor: actor, action: retired ? "retire" : "reinstate", entity: "inspector",
                                      entityID: code, before: before.auditSnapshot, after: after.auditSnapshot)
            return after
        }
    }

    /// Refuses (409, naming the tasks) to let go of an inspector that published tasks use.
    public func requireUnused(_ inspector: InspectorRecord) async throws {
        let tasks = try await publishedTasks(using: inspector.code, department: inspector.dept)
        guard tasks.isEmpty else {
            throw StoreError.inUse(
                "执法检查人员「\(inspector.name)」（\(inspector.code)）已在已发布的抽查任务\(ItemList.taskList(tasks))的名单中，不能删除；"
                    + "如不再参加抽查，请停用（状态改为“离岗”）：停用后不再参加新的抽取，已发布任务的一企一表和报告不受影响")
        }
    }

    /// Document numbers of the published tasks that froze, drew, or put on a team (expert
    /// included) inspector `code` of `department`.
    public func publishedTasks(using code: String, department: String) async throws -> [String] {
        let sql = db as! any SQLDatabase
        var ids = Set<Int>()
        for table in ["task_inspectors", "task_team_members", "task_experts"] {
            for row in try await sql.select().column("task_id").from(table).where("inspector_code", .equal, code).all() {
                ids.insert(try row.decode(column: "task_id", as: Int.self))
            }
        }
        // The frozen eligible list (`id,dept` lines) of each published task: frozen but not yet drawn counts too.
        let line = "\n\(code),\(department)\n"
        for row in try await sql.select().columns("task_id", "content").from("task_snapshots")
            .where("kind", .equal, TaskSnapshotKind.inspectors.rawValue).all()
        where try row.decode(column: "content", as: String.self).contains(line) {
            ids.insert(try row.decode(column: "task_id", as: Int.self))
        }
        guard !ids.isEmpty else { return [] }
        return try await sql.select().column("document_number").from("tasks").where("id", .in, Array(ids))
            .where("state", .notEqual, TaskState.draft.rawValue).orderBy("id").all()
            .map { try $0.decode(column: "document_number", as: String.self) }
    }

    static func values(_ r: InspectorRecord) -> [any Encodable & Sendable] {
        [r.code, r.dept, r.name, r.mobile, r.status.rawValue, r.certificateExpiry?.description ?? "",
         r.expertise.joined(separator: ";"), r.isExpert]
    }

    static func cleaned(_ r: InspectorRecord) -> InspectorRecord {
        var seen = Set<String>()
        let expertise = r.expertise.map(\.trimmedField).filter { !$0.isEmpty && seen.insert($0).inserted }
        return InspectorRecord(code: r.code.trimmedField.uppercased(), name: r.name.trimmedField, dept: r.dept.trimmedField,
                               mobile: r.mobile.trimmedField, status: r.status, certificateExpiry: r.certificateExpiry,
                               expertise: expertise, isExpert: r.isExpert)
    }

    static func requireDepartment(_ code: String, on db: any Database) async throws {
        guard try await DepartmentModel.query(on: db).filter(\.$code == code).first() != nil else {
            throw StoreError.notFound(entity: "部门", key: code)
        }
    }
}
