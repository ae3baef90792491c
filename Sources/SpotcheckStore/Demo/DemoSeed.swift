import FluentKit
import Foundation
import SpotcheckCore

/// The Qinghe County 2024 scenario of the notice (清双随机办〔2024〕21号). All demo data is created
/// here, in one place, so later features extend one seeder rather than scatter fixtures.
public enum DemoSeed {
    /// Shared by every demo account; printed on start so a newcomer can log in at once.
    public static let password = "qinghe2024"

    public struct Account: Sendable {
        public let username: String
        public let displayName: String
        public let role: Role
        public let departmentCode: String
    }

    public static let departments: [(code: String, name: String, kind: DepartmentKind)] = [
        ("office", "清河县双随机一公开工作领导小组办公室", .office),
        ("yjj", "清河县应急管理局", .department),
        ("scjg", "清河县市场监督管理局", .department),
        ("swj", "清河县商务局", .department),
        ("xf", "清河县消防救援大队", .department),
    ]

    /// The lead department of the notice's joint check.
    public static let leadDepartment = "yjj"

    public static let accounts: [Account] = [
        Account(username: "office", displayName: "田婷婷", role: .officeAdmin, departmentCode: "office"),
        Account(username: "auditor", displayName: "郭海新", role: .auditor, departmentCode: "office"),
        Account(username: "yjj-admin", displayName: "李建军", role: .deptAdmin, departmentCode: "yjj"),
        Account(username: "yjj-01", displayName: "王志强", role: .inspector, departmentCode: "yjj"),
        Account(username: "yjj-02", displayName: "张立新", role: .inspector, departmentCode: "yjj"),
        Account(username: "scjg-admin", displayName: "刘秀英", role: .deptAdmin, departmentCode: "scjg"),
        Account(username: "scjg-01", displayName: "赵海涛", role: .inspector, departmentCode: "scjg"),
        Account(username: "scjg-02", displayName: "孙丽娜", role: .inspector, departmentCode: "scjg"),
        Account(username: "swj-admin", displayName: "周文博", role: .deptAdmin, departmentCode: "swj"),
        Account(username: "swj-01", displayName: "吴国庆", role: .inspector, departmentCode: "swj"),
        Account(username: "swj-02", displayName: "郑春梅", role: .inspector, departmentCode: "swj"),
        Account(username: "xf-admin", displayName: "冯卫东", role: .deptAdmin, departmentCode: "xf"),
        Account(username: "xf-01", displayName: "陈晓东", role: .inspector, departmentCode: "xf"),
        Account(username: "xf-02", displayName: "杨洪波", role: .inspector, departmentCode: "xf"),
    ]

    /// Seeds once: when the office department already exists the database is left as it is, so
    /// `serve --demo` can be restarted without duplicating or resetting anything. `directory: false`
    /// seeds departments and accounts only, for tests that fill the lists themselves; `task: false`
    /// leaves out the drawn Qinghe 2024 task, for tests that run a task themselves, and
    /// `results: true` adds the demo's field results (what `serve --demo` and `demo` show); tests
    /// leave them out unless they need them, as entering them costs seconds per database.
    @discardableResult
    public static func seed(on db: any Database, passwords: PasswordHasher = .standard, directory: Bool = true, task: Bool = true,
                            results: Bool = false) async throws -> Bool {
        if try await DepartmentModel.query(on: db).filter(\.$code == "office").first() != nil { return false }
        let actor = AuditLog.Actor("demo")
        let hash = try await passwords.hash(password)
        try await db.transaction { tx in
            var ids: [String: UUID] = [:]
            for entry in departments {
                let department = DepartmentModel(code: entry.code, name: entry.name, kind: entry.kind)
                try await department.create(on: tx)
                ids[entry.code] = try department.requireID()
                try await AuditLog.record(on: tx, actor: actor, action: "create", entity: "department", entityID: entry.code, after: department.auditSnapshot)
            }
            for (index, account) in accounts.enumerated() {
                let user = UserModel(username: account.username, displayName: account.displayName, passwordHash: hash,
                                     role: account.role, departmentID: ids[account.departmentCode]!, mobile: String(format: "1393190%04d", 1000 + index))
                try await user.create(on: tx)
                try await AuditLog.record(on: tx, actor: actor, action: "create", entity: "user", entityID: account.username, after: user.auditSnapshot)
            }
            if directory {
                try await seedDirectory(on: tx, actor: actor)
                if task {
                    try await seedTask(on: tx, actor: actor)
                    if results {
                        try await seedResults(on: tx)
                        try await seedFieldwork(on: tx)
                        try await seedTips(on: tx)
                        try await markDemoHistoryRead(on: tx)
                    }
                }
            }
        }
        return true
    }

    /// The lines printed when the demo starts.
    public static var loginSummary: String {
        var lines = ["演示账号（密码均为 \(password)）："]
        for account in accounts {
            let department = departments.first { $0.code == account.departmentCode }?.name ?? account.departmentCode
            lines.append("  \(account.username.padding(toLength: 11, withPad: " ", startingAt: 0)) \(account.role.label)  \(account.displayName)  \(department)")
        }
        return lines.joined(separator: "\n")
    }
}
