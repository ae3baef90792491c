import Foundation

/// The four roles of product.md. Raw values are stored in the database and used in the API,
/// so they never change once released.
public enum Role: String, CaseIterable, Sendable, Codable {
    case officeAdmin = "office_admin"
    case deptAdmin = "dept_admin"
    case inspector = "inspector"
    case auditor = "auditor"

    /// The name office staff know the role by.
    public var label: String {
        switch self {
        case .officeAdmin: "办公室管理员"
        case .deptAdmin: "部门管理员"
        case .inspector: "检查人员"
        case .auditor: "审计"
        }
    }

    /// Accepts the stored value or the Chinese label, so CLI users may type either.
    public init?(flexible text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let role = Role(rawValue: trimmed) { self = role; return }
        if let role = Role.allCases.first(where: { $0.label == trimmed }) { self = role; return }
        let aliases: [String: Role] = ["office": .officeAdmin, "dept": .deptAdmin, "admin": .deptAdmin, "audit": .auditor]
        guard let role = aliases[trimmed.lowercased()] else { return nil }
        self = role
    }

    /// Office admins and auditors see every department; the others see only their own.
    public var seesAllDepartments: Bool { self == .officeAdmin || self == .auditor }
}
