import Foundation

/// The logged-in person a request acts for, with what access decisions need.
public struct Principal: Sendable, Equatable {
    public let userID: UUID
    public let username: String
    public let displayName: String
    public let role: Role
    public let departmentID: UUID
    public let departmentCode: String
    public let departmentName: String

    public init(userID: UUID, username: String, displayName: String, role: Role, departmentID: UUID, departmentCode: String, departmentName: String) {
        self.userID = userID
        self.username = username
        self.displayName = displayName
        self.role = role
        self.departmentID = departmentID
        self.departmentCode = departmentCode
        self.departmentName = departmentName
    }

    /// The one rule of product.md: a department sees and changes only its own data; the office
    /// (and the read-only auditor) see all.
    public func mayRead(departmentCode code: String) -> Bool {
        role.seesAllDepartments || code == departmentCode
    }

    /// Auditors read everything but change nothing; inspectors change only their own forms.
    public func mayManage(departmentCode code: String) -> Bool {
        switch role {
        case .officeAdmin: true
        case .deptAdmin: code == departmentCode
        case .inspector, .auditor: false
        }
    }
}
