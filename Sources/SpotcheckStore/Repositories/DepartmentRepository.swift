import FluentKit
import Foundation
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
                department.name = trimmed
            }
            if let kind { department.kind = kind.rawValue }
            try await department.save(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: "update", entity: "department", entityID: code, before: before, after: department.auditSnapshot)
            return department
        }
    }

    /// Refused while users still belong to the department: deleting it would orphan them.
    public func delete(code: String, actor: AuditLog.Actor) async throws {
        try await db.transaction { tx in
            guard let department = try await DepartmentModel.query(on: tx).filter(\.$code == code).first() else {
                throw StoreError.notFound(entity: "部门", key: code)
            }
            let members = try await UserModel.query(on: tx).filter(\.$department.$id == department.requireID()).count()
            if members > 0 { throw StoreError.invalid("部门「\(department.name)」下还有 \(members) 个用户，不能删除") }
            let before = department.auditSnapshot
            try await department.delete(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: "delete", entity: "department", entityID: code, before: before)
        }
    }
}
