import ArgumentParser
import Foundation
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// `spotcheck task publish TASK`.
struct TaskPublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish", abstract: "发布任务：冻结名单、生成承诺值 / publish: freeze the lists, commit to a secret.")
    @OptionGroup var options: TaskOptions
    @Argument var task: String

    func run() async throws {
        let info = try await options.workflow { workflow, principal in
            try await workflow.publish(try await workflow.taskID(TaskReference(task)), by: principal, progress: { line in
                FileHandle.standardError.write(Data((line + "\n").utf8))
            })
        }
        print("任务 \(info.id) 已发布。承诺值 commitment：\(info.commitment ?? "")")
        if let freeze = info.freeze {
            print("检查对象 \(freeze.candidateCount) 户，按比例抽取 \(freeze.quotaCount) 户；执法人员名单 \(freeze.inspectors.map { "\($0.dept) \($0.n)" }.joined(separator: "，"))")
        }
    }
}

/// `spotcheck task draw TASK --entropy E`.
struct TaskDrawCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "draw", abstract: "录入公开随机数并抽取企业（只能一次）/ enter the entropy and draw enterprises (once).")
    @OptionGroup var options: TaskOptions
    @Argument var task: String
    @Option(help: "公开随机数 / the public entropy.") var entropy: String

    func run() async throws {
        let (info, dispatches) = try await options.workflow { workflow, principal in
            let info = try await workflow.draw(try await workflow.taskID(TaskReference(task)), entropy: entropy, by: principal)
            return (info, try await workflow.dispatches(task: TaskID(info.id), department: nil, for: principal).dispatches)
        }
        print("任务 \(info.id) 已抽取 \(dispatches.count) 户企业并派发，确认期限 \(dispatches.first?.confirmBy.description ?? "-")。")
    }
}

/// `spotcheck task confirm TASK --dept D (--all | --uscc X …)`.
struct TaskConfirmCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "confirm", abstract: "部门确认派发的企业 / confirm dispatched enterprises.")
    @OptionGroup var options: TaskOptions
    @Argument var task: String
    @Option(help: "部门代码 / department code.") var dept: String
    @Option(help: "确认的企业统一社会信用代码（可重复）/ enterprise to confirm (repeatable).") var uscc: [String] = []
    @Flag(help: "确认本部门全部待确认企业 / confirm every pending enterprise of the department.") var all = false

    func validate() throws {
        if uscc.isEmpty && !all { throw ValidationError("请指定 --uscc 或 --all") }
    }

    func run() async throws {
        let count = try await options.workflow { workflow, principal in
            let info = try await workflow.task(TaskReference(task), for: principal)
            let department = DepartmentCode(rawValue: dept)
            if all { return try await workflow.confirmAll(task: TaskID(info.id), department: department, by: principal) }
            for code in uscc {
                try await workflow.confirm(task: TaskID(info.id), enterprise: USCC(rawValue: USCC.normalized(code)), department: department, by: principal)
            }
            return uscc.count
        }
        print("部门 \(dept) 已确认 \(count) 户。")
    }
}

/// `spotcheck task reject TASK --dept D --uscc X --reason R`.
struct TaskRejectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reject", abstract: "部门退回企业并按协议补抽 / reject an enterprise; the protocol draws its replacement.")
    @OptionGroup var options: TaskOptions
    @Argument var task: String
    @Option var dept: String
    @Option var uscc: String
    @Option(help: "退回理由 / reason.") var reason: String

    func run() async throws {
        let replacement = try await options.workflow { workflow, principal in
            try await workflow.reject(task: try await workflow.taskID(TaskReference(task)), enterprise: USCC(rawValue: USCC.normalized(uscc)),
                                      department: DepartmentCode(rawValue: dept), reason: reason, by: principal)
        }
        print("已退回 \(uscc)，补抽 \(replacement.uscc)。")
    }
}

/// `spotcheck task draw-inspectors TASK --dept D`.
struct TaskDrawInspectorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "draw-inspectors", abstract: "部门抽取执法检查人员 / a department draws its inspectors.")
    @OptionGroup var options: TaskOptions
    @Argument var task: String
    @Option var dept: String

    func run() async throws {
        let codes = try await options.workflow { workflow, principal in
            try await workflow.drawInspectors(task: try await workflow.taskID(TaskReference(task)), department: DepartmentCode(rawValue: dept),
                                              by: principal).map(\.code)
        }
        print("部门 \(dept) 抽中执法检查人员：\(codes.joined(separator: "，"))")
    }
}

/// `spotcheck task reject-inspector TASK --dept D --code C --reason R`.
struct TaskRejectInspectorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reject-inspector", abstract: "剔除不能参加的执法人员并补抽 / excuse an inspector; the protocol draws a replacement.")
    @OptionGroup var options: TaskOptions
    @Argument var task: String
    @Option var dept: String
    @Option var code: String
    @Option var reason: String

    func run() async throws {
        let replacement = try await options.workflow { workflow, principal in
            try await workflow.rejectInspector(task: try await workflow.taskID(TaskReference(task)), inspector: code,
                                               department: DepartmentCode(rawValue: dept), reason: reason, by: principal)
        }
        print("已剔除 \(code)，补抽 \(replacement.code)。")
    }
}

/// `spotcheck task match TASK`.
struct TaskMatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "match", abstract: "组成检查组并匹配企业，公开秘密 / form and match teams; reveals the secret.")
    @OptionGroup var options: TaskOptions
    @Argument var task: String

    func run() async throws {
        let info = try await options.workflow { workflow, principal in
            try await workflow.match(try await workflow.taskID(TaskReference(task)), by: principal)
        }
        let teams = try info.record?.teams.map { "\($0.dept) \($0.teams.count) 组" }.joined(separator: "，") ?? ""
        print("任务 \(info.id) 已匹配：\(teams)。秘密 secret：\(try info.record?.secret ?? "")")
    }
}

/// `spotcheck task record TASK [--out F]`: the draw record (spec §7) as the public sees it.
struct TaskRecordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "record", abstract: "输出抽取记录 JSON / write the draw record.")
    @OptionGroup var options: TaskOptions
    @Argument var task: String
    @Option(help: "输出文件（默认标准输出）/ output file (default stdout).") var out: String?

    func run() async throws {
        let (info, record) = try await options.workflow { workflow, principal in
            try await workflow.drawRecord(task: try await workflow.taskID(TaskReference(task)), for: principal)
        }
        guard let record else { throw CommandFailure("任务 \(info.id) 尚未抽取，没有抽取记录") }
        try writeOutput(DrawRecordJSON.string(record), to: out)
        if out != nil && !info.revealsSecret {
            FileHandle.standardError.write(Data("注意：任务尚未完成匹配，记录中的 secret 与 seed 暂不公开。\n".utf8))
        }
    }
}

/// `spotcheck task candidates TASK --objects O --inspectors I --conflicts C`: the frozen lists
/// in spec §8 format, for `spotcheck verify` or any independent verifier.
struct TaskCandidatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "candidates", abstract: "导出冻结名单（spec §8 格式）/ write the frozen lists.")
    @OptionGroup var options: TaskOptions
    @Argument var task: String
    @Option var objects: String
    @Option var inspectors: String
    @Option var conflicts: String?

    func run() async throws {
        let files = try await options.workflow { workflow, principal in
            let id = try await workflow.taskID(TaskReference(task))
            guard let objects = try await workflow.frozenList(task: id, .objects, for: principal),
                  let inspectors = try await workflow.frozenList(task: id, .inspectors, for: principal),
                  let conflicts = try await workflow.frozenList(task: id, .conflicts, for: principal)
            else { throw CommandFailure("任务 \(task) 尚未发布，名单未冻结") }
            return (objects, inspectors, conflicts)
        }
        try writeOutput(files.0, to: objects)
        try writeOutput(files.1, to: inspectors)
        if let conflicts { try writeOutput(files.2, to: conflicts) }
        print("已写出冻结名单：\(objects)，\(inspectors)\(conflicts.map { "，\($0)" } ?? "")")
    }
}
