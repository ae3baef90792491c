import ArgumentParser
import Foundation
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

#if canImport(Glibc)
import Glibc
#endif

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Manage user accounts on the server.", subcommands: [Add.self, Passwd.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Create a user (prompts for the password unless --password-stdin).")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "office_admin | dept_admin | inspector | auditor (or 办公室管理员/部门管理员/检查人员/审计).") var role: String
        @Option(help: "Department code, e.g. yjj, or office.") var dept: String
        @Option(help: "The person's name; also the login name when --username is not given.") var name: String
        @Option(help: "Login name (letters, digits, . _ -).") var username: String?
        @Option(help: "Mobile phone number.") var mobile: String?
        @Option(help: "An inspector account's officer: the 执法证号 from its department's roster.") var inspectorCode: String?
        @Flag(help: "Read the password from the first line of standard input.") var passwordStdin = false

        func run() async throws {
            CLILogging.bootstrap(defaultLevel: .warning)
            guard let role = Role(flexible: role) else { throw ValidationError("未知角色「\(role)」：可用 office_admin、dept_admin、inspector、auditor") }
            let login = username ?? name
            if let problem = UserRepository.validateUsername(login) {
                throw ValidationError(username == nil ? "请用 --username 指定登录名（\(problem)）" : problem)
            }
            let password = try readPassword(fromStdin: passwordStdin, confirm: true)
            let user = try await withStore(db) { store in
                try await Workflow(store: store).createUser(
                    .init(username: login, displayName: name, password: password, role: role, departmentCode: dept, mobile: mobile,
                          inspectorCode: inspectorCode),
                    by: .commandLine(actor: "cli"))
            }
            print("已创建用户 \(user.username)（\(role.label)，\(dept)）")
        }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "passwd", abstract: "Set a user's password (ends their sessions and revokes their API tokens).")
        @OptionGroup var db: DatabaseOptions
        @Argument(help: "Login name.") var username: String
        @Flag(help: "Read the password from the first line of standard input.") var passwordStdin = false

        func run() async throws {
            CLILogging.bootstrap(defaultLevel: .warning)
            let password = try readPassword(fromStdin: passwordStdin, confirm: true)
            try await withStore(db) { store in
                try await Workflow(store: store).resetPassword(of: username, to: password, by: .commandLine(actor: "cli"))
            }
            print("已更新 \(username) 的密码，其所有登录会话已失效，所有 API 令牌已撤销")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List users.")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "Only this department.") var dept: String?

        func run() async throws {
            CLILogging.bootstrap(defaultLevel: .warning)
            let lines = try await withStore(db) { store in
                try await Workflow(store: store).users(search: nil, department: dept, page: 1, perPage: 10_000, for: .commandLine(actor: "cli")).users.map {
                    "\($0.username)\t\($0.displayName)\t\((try $0.userRole).label)\t\($0.$department.value?.code ?? "")\t\($0.active ? "启用" : "停用")"
                }
            }
            lines.forEach { print($0) }
        }
    }
}

/// Reads a password without echo from the terminal, or one line from stdin for scripts.
func readPassword(fromStdin: Bool, confirm: Bool) throws -> String {
    if fromStdin {
        guard let line = readLine(strippingNewline: true), !line.isEmpty else { throw ValidationError("标准输入中没有密码") }
        return line
    }
    guard isatty(STDIN_FILENO) != 0 else { throw ValidationError("非交互环境请使用 --password-stdin") }
    guard let first = getpass("密码：").map({ String(cString: $0) }), !first.isEmpty else { throw ValidationError("密码不能为空") }
    if confirm {
        let second = getpass("再次输入：").map { String(cString: $0) }
        guard first == second else { throw ValidationError("两次输入的密码不一致") }
    }
    return first
}
