import FluentKit
import Foundation
import SpotcheckCore

/// A department (部门) or the office (办公室). Every user and every list belongs to one.
public final class DepartmentModel: Model, @unchecked Sendable {
    public static let schema = "departments"

    @ID(key: .id) public var id: UUID?
    @Field(key: "code") public var code: String
    @Field(key: "name") public var name: String
    @Field(key: "kind") public var kind: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public init(id: UUID? = nil, code: String, name: String, kind: DepartmentKind) {
        self.id = id
        self.code = code
        self.name = name
        self.kind = kind.rawValue
    }

    /// The stored kind; an unknown one is a fault (``CorruptStoredValue``), never read as 部门.
    public var departmentKind: DepartmentKind {
        get throws {
            guard let value = DepartmentKind(rawValue: kind) else {
                throw CorruptStoredValue(entity: "departments", id: code, column: "kind", value: kind)
            }
            return value
        }
    }

    /// The snapshot written to the audit log.
    public var auditSnapshot: [String: String] { ["code": code, "name": name, "kind": kind] }
}
