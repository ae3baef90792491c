import FluentKit
import Foundation
import SpotcheckCore

/// A person who logs in. The password is stored only as a Bcrypt hash.
public final class UserModel: Model, @unchecked Sendable {
    public static let schema = "users"

    @ID(key: .id) public var id: UUID?
    @Field(key: "username") public var username: String
    @Field(key: "display_name") public var displayName: String
    @Field(key: "password_hash") public var passwordHash: String
    @Field(key: "role") public var role: String
    @Parent(key: "department_id") public var department: DepartmentModel
    @Field(key: "mobile") public var mobile: String?
    @Field(key: "active") public var active: Bool
    /// The 执法证号 of the roster entry this login belongs to (inspectors only), so the
    /// inspector's dashboard can list the forms of the teams the inspector is on.
    @OptionalField(key: "inspector_code") public var inspectorCode: String?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public init(id: UUID? = nil, username: String, displayName: String, passwordHash: String, role: Role, departmentID: UUID, mobile: String? = nil, active: Bool = true) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.passwordHash = passwordHash
        self.role = role.rawValue
        self.$department.id = departmentID
        self.mobile = mobile
        self.active = active
    }

    /// The stored role; an unknown one is a fault (``CorruptStoredValue``), never a guess: a
    /// default role would give a login rights nobody granted it.
    public var userRole: Role {
        get throws {
            guard let value = Role(rawValue: role) else {
                throw CorruptStoredValue(entity: "users", id: username, column: "role", value: role)
            }
            return value
        }
    }

    /// Never includes the password hash: the audit log is readable by auditors.
    public var auditSnapshot: [String: String] {
        ["username": username, "display_name": displayName, "role": role,
         "department_id": $department.id.uuidString, "mobile": mobile ?? "", "active": active ? "true" : "false",
         "inspector_code": inspectorCode ?? ""]
    }
}
