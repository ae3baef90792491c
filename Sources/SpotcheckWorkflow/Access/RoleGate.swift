import SpotcheckCore

/// Who may reach an action at all, by role: the first of the two access questions (the second,
/// which department and which task, is `AccessPolicy`'s). Every page route and every API
/// operation is registered with one of these, so a route or an operation without a rule does
/// not compile, and both transports name the same role sets (`RoleGate.office`, …).
public enum RoleGate: Sendable, Equatable, CustomStringConvertible {
    /// Anyone, logged in or not (public notices, login page).
    case publicAccess
    /// Any logged-in user.
    case anyUser
    /// Only these roles.
    case roles(Set<Role>)

    public static func only(_ roles: Role...) -> RoleGate { .roles(Set(roles)) }

    // The role sets of product.md, named once.

    /// The office runs tasks, accounts and the calendar.
    public static let office = RoleGate.only(.officeAdmin)
    /// Directory, rosters, item lists, statistics and reports: everyone but inspectors.
    public static let readers = RoleGate.only(.officeAdmin, .auditor, .deptAdmin)
    /// A department's own lists (roster, conflicts, items) and dispositions are changed by the
    /// office and that department's admin (`AccessPolicy.requireManage` checks the department).
    public static let managers = RoleGate.only(.officeAdmin, .deptAdmin)
    /// Tasks and their forms are read by every role (department and team checks follow).
    public static let taskReaders = RoleGate.only(.officeAdmin, .auditor, .deptAdmin, .inspector)
    /// A department's steps in a task (confirm, reject, draw its inspectors).
    public static let departmentStep = RoleGate.only(.deptAdmin)
    /// Results are entered by the inspectors of a team and reviewed by their department's admin.
    public static let resultEntry = RoleGate.only(.deptAdmin, .inspector)
    /// Accounts, audit log and metrics: the office and the auditor.
    public static let oversight = RoleGate.only(.officeAdmin, .auditor)

    public var description: String {
        switch self {
        case .publicAccess: "public"
        case .anyUser: "any user"
        case let .roles(roles): roles.map(\.rawValue).sorted().joined(separator: ",")
        }
    }

    /// nil when `principal` may proceed, otherwise why not.
    public func refusal(for principal: Principal?) -> AccessRefusal? {
        switch self {
        case .publicAccess:
            return nil
        case .anyUser:
            return principal == nil ? .loginRequired : nil
        case let .roles(roles):
            guard let principal else { return .loginRequired }
            return roles.contains(principal.role) ? nil : .forbidden("您的角色（\(principal.role.label)）无权执行此操作")
        }
    }

    /// Throws the refusal, if any.
    public func check(_ principal: Principal?) throws(AccessRefusal) {
        if let refusal = refusal(for: principal) { throw refusal }
    }
}
