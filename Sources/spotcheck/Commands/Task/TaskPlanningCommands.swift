import ArgumentParser
import Foundation
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// `spotcheck task template`: an example plan to edit and pass to `task create --file`.
struct TaskTemplateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template", abstract: "输出任务计划 JSON 模板（清河县 2024 任务）/ print an example plan.")

    func run() async throws {
        print(try TaskPlanJSON.encode(DemoSeed.qinghePlan))
    }
}

/// `spotcheck task create --file plan.json`.
struct TaskCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "按计划 JSON 创建草稿任务 / create a draft task.")
    @OptionGroup var options: TaskOptions
    @Option(help: "任务计划 JSON 文件（见 spotcheck task template）/ plan JSON file.")
    var file: String
    @Option(name: .customLong("plan-entry"), help: "依据的年度抽查计划条目编号（见 spotcheck plan list）/ annual plan entry id.")
    var planEntry: Int?
    @Option(name: .customLong("off-plan-reason"), help: "计划外任务的理由（在任务公示中显示）/ reason for a task outside the annual plan.")
    var offPlanReason: String?

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file) else { throw CommandFailure("无法读取文件：\(file)") }
        let plan = try TaskPlanJSON.decode(data)
        let origin: TaskOrigin
        switch (planEntry, offPlanReason) {
        case (let id?, nil): origin = .planEntry(id)
        case (nil, let reason?): origin = .offPlan(reason: reason)
        default: throw CommandFailure("请用 --plan-entry 指定依据的年度抽查计划条目，或用 --off-plan-reason 写明计划外理由（二选一）")
        }
        let task = try await options.workflow { workflow, principal in
            do {
                return try await workflow.createTask(plan, origin: origin, by: principal)
            } catch let invalid as TaskPlanInvalid {
                throw CommandFailure("任务计划有误：\n" + invalid.problems.map { "  \($0.field) — \($0.message)" }.joined(separator: "\n"))
            }
        }
        print("已创建任务 \(task.id)：\(task.documentNumber)（\(task.state.label)）")
    }
}

/// `spotcheck task list`.
struct TaskListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "列出任务 / list tasks.")
    @OptionGroup var options: TaskOptions

    func run() async throws {
        let (tasks, total) = try await options.workflow { workflow, principal in
            try await workflow.tasks(state: nil, page: 1, perPage: 1000, for: principal)
        }
        print("编号\t状态\t文号\t名称")
        for task in tasks { print("\(task.id)\t\(task.state.label)\t\(task.documentNumber)\t\(task.title)") }
        print("共 \(total) 个任务")
    }
}

/// `spotcheck task show TASK [--json]`.
struct TaskShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "显示任务状态与进度 / show a task.")
    @OptionGroup var options: TaskOptions
    @Argument(help: "任务编号或文号 / task id or document number.") var task: String
    @Flag(help: "以 JSON 输出 / print JSON.") var json = false

    func run() async throws {
        let (info, dispatches, pending) = try await options.workflow { workflow, principal in
            let info = try await workflow.task(TaskReference(task), for: principal)
            let (dispatches, pending) = try await workflow.dispatches(task: TaskID(info.id), department: nil, for: principal)
            return (info, dispatches, pending)
        }
        if json {
            var object: [String: Any] = [
                "id": info.id, "document_number": info.documentNumber, "title": info.title, "state": info.state.rawValue, "state_label": info.state.label,
                "period": "\(info.plan.periodStart)..\(info.plan.periodEnd)",
                "selected": dispatches.filter(\.active).map(\.uscc), "rejected": dispatches.filter { !$0.active }.map(\.uscc),
                "pending_confirmations": pending,
            ]
            if let commitment = info.commitment { object["commitment"] = commitment }
            if let freeze = info.freeze { object["candidates"] = freeze.candidateCount; object["quota"] = freeze.quotaCount }
            try printJSON(object)
            return
        }
        print("任务 \(info.id)：\(info.documentNumber) \(info.title)")
        print("状态：\(info.state.label)    期间：\(info.plan.periodStart) 至 \(info.plan.periodEnd)    牵头：\(info.plan.leadDepartment)")
        if let commitment = info.commitment { print("承诺值 commitment：\(commitment)") }
        if let freeze = info.freeze {
            for stratum in freeze.strata {
                print("  \(stratum.stratum) 类：\(stratum.n) 户 × \(Double(stratum.ratioBasisPoints) / 100)% → \(stratum.k) 户  digest \(stratum.digest)")
            }
            for list in freeze.inspectors { print("  \(list.dept)：合格执法人员 \(list.n) 人，抽取 \(list.k) 人") }
        }
        if let entropy = info.entropy { print("公开随机数：\(entropy)") }
        if !dispatches.isEmpty {
            print("抽中企业 \(dispatches.filter(\.active).count) 户，退回 \(dispatches.filter { !$0.active }.count) 户")
            for (dept, count) in pending.sorted(by: { $0.key < $1.key }) where count > 0 { print("  \(dept) 待确认 \(count) 户") }
        }
        if let reason = info.cancelReason { print("已取消：\(reason)") }
    }
}

/// `spotcheck task cancel TASK --reason R`.
struct TaskCancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "取消任务（须填理由，公示）/ cancel a task.")
    @OptionGroup var options: TaskOptions
    @Argument var task: String
    @Option(help: "取消理由 / reason (shown on the public notice).") var reason: String

    func run() async throws {
        let info = try await options.workflow { workflow, principal in
            try await workflow.cancel(try await workflow.taskID(TaskReference(task)), reason: reason, by: principal)
        }
        print("任务 \(info.id) 已取消。")
    }
}
