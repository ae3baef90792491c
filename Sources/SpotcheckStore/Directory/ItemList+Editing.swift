import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

/// Single-row edits of a department's 抽查事项清单. Items are addressed by (department, code), so
/// a department can only ever reach its own list.
extension ItemList {
    public func find(department: String, code: String) async throws -> InspectionItemRecord? {
        try await (db as! any SQLDatabase).select().columns(Self.columns).from("inspection_items")
            .where("department_code", .equal, department).where("code", .equal, code).first().map(Self.record(from:))
    }

    public func require(department: String, code: String) async throws -> InspectionItemRecord {
        guard let record = try await find(department: department, code: code) else {
            throw StoreError.notFound(entity: "抽查事项", key: code)
        }
        return record
    }

    @discardableResult
    public func create(_ record: InspectionItemRecord, actor: AuditLog.Actor) async throws -> InspectionItemRecord {
        let record = Self.cleaned(record)
        try DirectoryRules.check(record)
        return try await db.transaction { tx in
            if try await ItemList(db: tx).find(department: record.dept, code: record.code) != nil {
                throw StoreError.duplicate(entity: "事项编号", key: record.code)
            }
            try await InspectorRoster.requireDepartment(record.dept, on: tx)
            try await (tx as! any SQLDatabase).insert(into: "inspection_items").columns(Self.columns + ["updated_at"])
                .values(Self.values(record, id: UUID()).map { SQLBind($0) } + [SQLBind(Date())]).run()
            try await AuditLog.record(on: tx, actor: actor, action: "create", entity: "inspection_item", entityID: Self.key(record),
                                      after: record.auditSnapshot)
            return record
        }
    }

    /// Replaces item `code` of `department`; both stay as they are (the code is what plans and
    /// published notices refer to).
    @discardableResult
    public func update(department: String, code: String, with change: InspectionItemRecord, actor: AuditLog.Actor) async throws -> InspectionItemRecord {
        var fixed = Self.cleaned(change)
        fixed.dept = department
        fixed.code = code
        let record = fixed
        try DirectoryRules.check(record)
        return try await db.transaction { tx in
            let before = try await ItemList(db: tx).require(department: department, code: code)
            if before == record { return record }
            try await (tx as! any SQLDatabase).update("inspection_items")
                .set("name", to: record.name)
                .set("sub_items", to: record.subItems.joined(separator: "\n"))
                .set("legal_basis", to: record.legalBasis)
                .set("subject", to: record.subject)
                .set("object_scope", to: record.scopeTags.map(\.rawValue).joined(separator: ";"))
                .set("methods", to: record.methods.map(\.rawValue).joined(separator: ";"))
                .set("ratio_bp", to: record.defaultRatioBasisPoints)
                .set("frequency", to: record.frequency)
                .set("materials", to: record.materials.joined(separator: "\n"))
                .set("inspector_requirements", to: record.inspectorRequirements)
                .set("category", to: record.category.rawValue)
                .set("updated_at", to: Date())
                .where("department_code", .equal, department).where("code", .equal, code)
                .run()
            try await AuditLog.record(on: tx, actor: actor, action: "update", entity: "inspection_item", entityID: Self.key(record),
                                      before: before.auditSnapshot, after: record.auditSnapshot)
            return record
        }
    }

    /// Deletes an item no published task uses. Once a task is published its 一企一表, records and
    /// reports name the item, so it is refused (naming the tasks) and the item can be retired.
    public func delete(department: String, code: String, actor: AuditLog.Actor) async throws {
        try await db.transaction { tx in
            let before = try await ItemList(db: tx).require(department: department, code: code)
            try await ItemList(db: tx).requireUnused(before)
            try await (tx as! any SQLDatabase).delete(from: "inspection_items")
                .where("department_code", .equal, department).where("code", .equal, code).run()
            try await AuditLog.record(on: tx, actor: actor, action: "delete", entity: "inspection_item", entityID: Self.key(before),
                                      before: before.auditSnapshot)
        }
    }

    /// Retires (停用) or reinstates (启用) an item. A retired item is left out of new drafts and
    /// cannot be published in a draft that still has it; everything already published keeps it.
    @discardableResult
    public func setRetired(department: String, code: String, retired: Bool, actor: AuditLog.Actor) async throws -> Bool {
        try await db.transaction { tx in
            let sql = tx as! any SQLDatabase
            let before = try await ItemList(db: tx).require(department: department, code: code)
            // Conditional on the other value: retiring twice writes and audits once.
            let changed = try await sql.update("inspection_items").set("retired", to: retired).set("updated_at", to: Date())
                .where("department_code", .equal, department).where("code", .equal, code).where("retired", .equal, !retired)
                .returning("code").first() != nil
            if changed {
                try await AuditLog.record(on: tx, actor: actor, action: retired ? "retire" : "reinstate", entity: "inspection_item",
                                          entityID: Self.key(before), before: ["retired": String(!retired)], after: ["retired": String(retired)])
            }
            return changed
        }
    }

    /// Refuses (409, naming the tasks) to let go of an item that published tasks use.
    public func requireUnused(_ item: InspectionItemRecord) async throws {
        let tasks = try await publishedTasks(using: item.code, department: item.dept)
        guard tasks.isEmpty else {
            throw StoreError.inUse(
                "抽查事项「\(item.code) \(item.name)」已列入已发布的抽查任务\(Self.taskList(tasks))，不能删除；"
                    + "如不再使用，请停用：停用后不再列入新的任务，已发布任务的一企一表和报告不受影响")
        }
    }

    /// Whether item `code` of `department` is retired.
    public func isRetired(department: String, code: String) async throws -> Bool {
        guard let row = try await (db as! any SQLDatabase).select().column("retired").from("inspection_items")
            .where("department_code", .equal, department).where("code", .equal, code).first()
        else { throw StoreError.notFound(entity: "抽查事项", key: code) }
        return try row.decode(column: "retired", as: Bool.self)
    }

    /// Document numbers of the published (not draft) tasks whose plan has `department` inspect item `code`.
    public func publishedTasks(using code: String, department: String) async throws -> [String] {
        let rows = try await (db as! any SQLDatabase).select().columns("id", "document_number", "plan").from("tasks")
            .where("state", .notEqual, TaskState.draft.rawValue).orderBy("id").all()
        return try rows.compactMap { row in
            let id = try row.decode(column: "id", as: Int.self)
            guard let plan = try row.decodeStoredJSON("plan", as: TaskPlan.self, entity: "tasks", id: String(id)) else { return nil }
            let uses = plan.departments.contains { $0.department == department && $0.itemCodes.contains(code) }
            return uses ? try row.decode(column: "document_number", as: String.self) : nil
        }
    }

    /// 「A」、「B」 and n more: a refusal names a few tasks, not hundreds.
    static func taskList(_ documents: [String]) -> String {
        let named = documents.prefix(3).map { "「\($0)」" }.joined(separator: "、")
        return documents.count > 3 ? "\(named)等 \(documents.count) 个" : named
    }

    /// Column values in `columns` order.
    static func values(_ r: InspectionItemRecord, id: UUID) -> [any Encodable & Sendable] {
        [id, r.dept, r.code, r.name, r.subItems.joined(separator: "\n"), r.legalBasis, r.subject,
         r.scopeTags.map(\.rawValue).joined(separator: ";"), r.methods.map(\.rawValue).joined(separator: ";"),
         r.defaultRatioBasisPoints, r.frequency, r.materials.joined(separator: "\n"), r.inspectorRequirements, r.category.rawValue]
    }

    /// Lines are stored joined by newlines, so a line may not itself contain one, nor be blank.
    static func cleaned(_ r: InspectionItemRecord) -> InspectionItemRecord {
        func lines(_ values: [String]) -> [String] {
            values.flatMap { $0.split(whereSeparator: \.isNewline) }.map { String($0).trimmedField }.filter { !$0.isEmpty }
        }
        var seenTags = Set<FieldTag>()
        var seenMethods = Set<InspectionMethod>()
        return InspectionItemRecord(
            dept: r.dept.trimmedField, code: r.code.trimmedField, name: r.name.trimmedField, subItems: lines(r.subItems),
            legalBasis: r.legalBasis.trimmedField, subject: r.subject.trimmedField,
            scopeTags: r.scopeTags.filter { !$0.rawValue.isEmpty && seenTags.insert($0).inserted },
            methods: r.methods.filter { seenMethods.insert($0).inserted }, category: r.category,
            defaultRatioBasisPoints: r.defaultRatioBasisPoints, frequency: r.frequency.trimmedField,
            materials: lines(r.materials), inspectorRequirements: r.inspectorRequirements.trimmedField)
    }
}
