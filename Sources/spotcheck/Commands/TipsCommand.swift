import ArgumentParser
import Foundation
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// `spotcheck tips …`: 举报线索 from the shell (issue 17). The operator acts with the office's
/// rights; a department's handling takes `--user` (that department's admin), under the same rules
/// as the pages.
struct TipsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tips",
        abstract: "举报线索：提交、分办、办理 / public tips.",
        discussion: """
            示例 / example:
              spotcheck tips submit --enterprise 某加油站 --content "夜间在路边用油罐车加油"
              spotcheck tips list --state received
              spotcheck tips route 3 --dept swj
              spotcheck tips close 3 --user swj-admin --result "现场核查属实，已责令停止" --task 清双随机办〔2024〕21号
              spotcheck tips status JB-7KQ4-M2XH-9R
            """,
        subcommands: [TipsSubmitCommand.self, TipsStatusCommand.self, TipsListCommand.self, TipsShowCommand.self, TipsRouteCommand.self,
                      TipsRejectCommand.self, TipsNoteCommand.self, TipsCloseCommand.self]
    )
}

struct TipsSubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "submit", abstract: "提交一条线索（如电话举报的代录）/ submit a tip.")
    @OptionGroup var options: TaskOptions
    @Option(help: "企业名称 / the enterprise's name.") var enterprise = ""
    @Option(help: "统一社会信用代码（名录中的企业）/ its USCC.") var uscc: String?
    @Option(help: "看到的情况 / what was seen.") var content: String
    @Option(help: "联系人 / contact name.") var contactName = ""
    @Option(help: "联系电话 / contact phone.") var contactPhone = ""

    func run() async throws {
        let receipt = try await options.workflow { workflow, _ in
            try await workflow.submitTip(.init(uscc: uscc, enterpriseText: enterprise, content: content, contactName: contactName,
                                               contactPhone: contactPhone), clientAddress: "cli:\(options.actor)")
        }
        print("已受理，回执号：\(receipt)")
    }
}

struct TipsStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "按回执号查询进度 / status by receipt.")
    @OptionGroup var options: TaskOptions
    @Argument(help: "回执号 / receipt code.") var receipt: String

    func run() async throws {
        guard let status = try await options.workflow({ workflow, _ in try await workflow.tipStatus(receipt: receipt) }) else {
            throw CommandFailure("没有找到回执号 \(receipt)")
        }
        print("\(status.receipt)：\(status.state.publicLabel)")
    }
}

struct TipsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "列出线索 / list tips.")
    @OptionGroup var options: TaskOptions
    @Option(help: "received | routed | handled | rejected") var state: String?
    @Option(help: "以该部门管理员身份（只看转交本部门的）/ as this department admin.") var user: String?
    @Option(help: "第几页 / page.") var page = 1
    @Flag(help: "输出 JSON / print JSON.") var json = false

    func run() async throws {
        let state = try state.map { code in
            guard let state = TipState(rawValue: code) else { throw CommandFailure("--state 须为 received、routed、handled 或 rejected") }
            return state
        }
        let found = try await options.workflow { workflow, operator_ in
            var principal = operator_
            if let user { principal = try await workflow.principal(ofUser: user) }
            return try await workflow.tips(state: state, page: page, perPage: 200, for: principal)
        }
        if json {
            try printJSON(["total": found.total, "items": found.tips.map { t in
                ["id": t.id, "receipt": t.receipt, "enterprise": t.enterpriseText, "state": t.state.rawValue, "department": t.department ?? ""]
                    as [String: Any]
            }])
            return
        }
        print("共 \(found.total) 条")
        for t in found.tips {
            print("  #\(t.id) \(t.receipt) · \(t.state.label) · \(t.enterpriseText)\(t.department.map { " · \($0)" } ?? "")")
        }
    }
}

struct TipsShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "线索详情 / one tip.")
    @OptionGroup var options: TaskOptions
    @Argument(help: "线索编号 / tip id.") var id: Int

    func run() async throws {
        let detail = try await options.workflow { workflow, principal in try await workflow.tip(id, for: principal) }
        let t = detail.tip
        print("#\(t.id) \(t.receipt) · \(t.state.label)\(t.department.map { " · 承办：\($0)" } ?? "")")
        print("企业：\(t.enterpriseText)\(t.uscc.map { "（\($0)）" } ?? "")")
        print("情况：\(t.content)")
        print("举报人：\(t.contactName.isEmpty ? "未留" : t.contactName) \(t.contactPhone)")
        for photo in detail.photos { print("照片：\(photo.fileName) SHA-256 \(photo.sha256)") }
        for note in detail.notes { print("记录：\(note.author)：\(note.note)") }
        if let reason = t.rejectReason { print("不予受理：\(reason)") }
        if let result = t.result { print("办理结果：\(result)") }
    }
}

struct TipsRouteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "route", abstract: "转交承办部门 / route to a department.")
    @OptionGroup var options: TaskOptions
    @Argument(help: "线索编号 / tip id.") var id: Int
    @Option(help: "承办部门代码 / department code.") var dept: String

    func run() async throws {
        try await options.workflow { workflow, principal in try await workflow.routeTip(id, to: DepartmentCode(rawValue: dept), by: principal) }
        print("已转办")
    }
}

struct TipsRejectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reject", abstract: "不予受理 / not accepted.")
    @OptionGroup var options: TaskOptions
    @Argument(help: "线索编号 / tip id.") var id: Int
    @Option(help: "理由 / reason.") var reason: String

    func run() async throws {
        try await options.workflow { workflow, principal in try await workflow.rejectTip(id, reason: reason, by: principal) }
        print("已作不予受理处理")
    }
}

struct TipsNoteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "note", abstract: "添加办理记录 / add a note.")
    @OptionGroup var options: TaskOptions
    @Argument(help: "线索编号 / tip id.") var id: Int
    @Option(help: "以该用户身份（默认办公室）/ as this user.") var user: String?
    @Option(help: "记录内容 / the note.") var note: String

    func run() async throws {
        try await options.workflow { workflow, operator_ in
            var principal = operator_
            if let user { principal = try await workflow.principal(ofUser: user) }
            try await workflow.addTipNote(id, note: note, by: principal)
        }
        print("已记录")
    }
}

struct TipsCloseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "close", abstract: "承办部门办结 / close with the result.")
    @OptionGroup var options: TaskOptions
    @Argument(help: "线索编号 / tip id.") var id: Int
    @Option(help: "承办部门管理员 / the handling department's admin.") var user: String
    @Option(help: "办理结果 / the result.") var result: String
    @Option(help: "关联任务（编号或文号）/ linked task.") var task: String?
    @Option(help: "关联处置记录编号 / linked disposition.") var disposition: Int?

    func run() async throws {
        try await options.workflow { workflow, _ in
            try await workflow.closeTip(id, result: result, task: task.map(TaskReference.init), dispositionID: disposition,
                                        by: try await workflow.principal(ofUser: user))
        }
        print("已办结")
    }
}
