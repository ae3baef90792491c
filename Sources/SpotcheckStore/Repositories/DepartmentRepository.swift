import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

/// Departments: listed by everyone logged in, changed only by the office admin (checked by callers
/// through route roles; the repository validates content and writes the audit event).
public struct DepartmentRepository: Sendable {
    public let db: any Database
    public init(db: any Database) { self.db = db }

    public func all() async throws -> [DepartmentModel] {
        try await DepartmentModel.query(on: db).sort(\.$kind, .descending).sort(\.$code).all()
    }

    public func find(code: String) async throws -> DepartmentModel? {
        try await DepartmentModel.query(on: db).filter(\.$code == code).first()
    }

    public func require(code: String) async throws -> DepartmentModel {
        guard let department = try await find(code: code) else { throw StoreError.notFound(entity: "部门", key: code) }
        return department
    }

    public func find(id: UUID) async throws -> DepartmentModel? {
        try await DepartmentModel.find(id, on: db)
    }

    public func create(code: String, name: String, kind: DepartmentKind, actor: AuditLog.Actor) async throws -> DepartmentModel {
        if let problem = DepartmentCode.validate(code) { throw StoreError.invalid(problem) }
        let trimmedName = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmedName.isEmpty else { throw StoreError.invalid("部门名称不能为空") }
        try DirectoryRules.checkTexts([("部门名称", trimmedName, .name)])
        return try await db.transaction { tx in
            if try await DepartmentModel.query(on: tx).filter(\.$code == code).first() != nil {
                throw StoreError.duplicate(entity: "部门代码", key: code)
            }
            let department = DepartmentModel(code: code, name: trimmedName, kind: kind)
            try await department.create(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: "create", entity: "department", entityID: code, after: department.auditSnapshot)
            return department
        }
    }

    public func update(code: String, name: String?, kind: DepartmentKind?, actor: AuditLog.Actor) async throws -> DepartmentModel {
        try await db.transaction { tx in
            guard let department = try await DepartmentModel.query(on: tx).filter(\.$code == code).first() else {
                throw StoreError.notFound(entity: "部门", key: code)
            }
            let before = department.auditSnapshot
            if let name {
                let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !trimmed.isEmpty else { throw StoreError.invalid("部门名称不能为空") }
                try DirectoryRules.checkTexts([("部门名称", trimmed, .name)])
                department.name = trimmed
            }
            if let kind, kind != (try department.departmentKind) {
                department.kind = kind.rawValue
                try await Self.checkKindChange(department, on: tx)
            }
            try await department.save(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: "update", entity: "department", entityID: code, before: before, after: department.auditSnapshot)
            return department
        }
    }

    /// Refused while anything still belongs to the department — users, inspectors, inspection
    /// items or a task it takes part in: deleting it would orphan them (the database would refuse
    /// the first two anyway, but with no message a clerk can act on).
    public func delete(code: String, actor: AuditLog.Actor) async throws {
        try await db.transaction { tx in
            guard let department = try await DepartmentModel.query(on: tx).filter(\.$code == code).first() else {
                throw StoreError.notFound(entity: "部门", key: code)
            }
            let holdings = try await Self.holdings(of: department, on: tx)
            if !holdings.isEmpty {
                throw StoreError.invalid("部门「\(department.name)」下还有\(holdings.joined(separator: "、"))，不能删除")
            }
            let before = department.auditSnapshot
            try await department.delete(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: "delete", entity: "department", entityID: code, before: before)
        }
    }

    /// What still belongs to a department, as phrases for the refusal ("3 个用户", …).
    static func holdings(of department: DepartmentModel, on db: any Database) async throws -> [String] {
        var holdings: [String] = []
        let users = try await UserModel.query(on: db).filter(\.$department.$id == department.requireID()).count()
        if users > 0 { holdings.append("\(users) 个用户") }
        let sql = db as! any SQLDatabase
        for (table, noun) in [("inspectors", "名执法检查人员"), ("inspection_items", "项抽查事项")] {
            let count = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table)
                .where("department_code", .equal, department.code).first()?.decode(column: "n", as: Int.self) ?? 0
            if count > 0 { holdings.append("\(count) \(noun)") }
        }
        let tasks = try await TaskStore(db: db).list(department: department.code, perPage: .max).tasks
        if !tasks.isEmpty {
            holdings.append("参加的 \(tasks.count) 个抽查任务（\(tasks.prefix(3).map(\.documentNumber).joined(separator: "、"))\(tasks.count > 3 ? " 等" : "")）")
        }
        return holdings
    }

    /// A department may change between 办公室 and 业务部门 only while its users' roles fit the new
    /// kind, and it may become the office only without inspectors, items or tasks of its own.
    static func checkKindChange(_ department: DepartmentModel, on db: any Database) async throws {
        let users = try await UserModel.query(on: db).filter(\.$department.$id == department.requireID()).sort(\.$username).all()
        for user in users {
            do {
                try UserRepository.checkRoleFits((try user.userRole), department: department)
            } catch StoreError.invalid(let reason) {
                throw StoreError.invalid("不能更改部门类型：用户 \(user.username) 是\((try user.userRole).label)，\(reason)；请先调整其角色或所属部门")
            }
        }
        if (try department.departmentKind) == .office {
            let holdings = try await holdings(of: department, on: db).filter { !$0.hasSuffix("个用户") }
            if !holdings.isEmpty {
                throw StoreError.invalid("不能改为办公室：部门「\(department.name)」下还有\(holdings.joined(separator: "、"))")
            }
        }
    }
}
