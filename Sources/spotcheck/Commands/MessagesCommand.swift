import ArgumentParser
import Foundation
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// `spotcheck messages …`: the 消息中心, channels and delivery log from the shell (issue 17).
/// Commands that act for a person take `--user`, and the same rules apply as on their pages.
struct MessagesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "messages",
        abstract: "消息中心、接收渠道与发送记录 / messages, channels and deliveries.",
        discussion: """
            示例 / example:
              spotcheck messages list --user yjj-admin --unread
              spotcheck messages read --user yjj-admin --all
              spotcheck messages set-channel --user yjj-admin --department --kind generic --url https://gw.example.cn/in --secret KEY
              spotcheck messages test-channel 1 --user yjj-admin
              spotcheck messages deliveries --status failed
              spotcheck messages retry 12
              spotcheck messages remind          # 立即发出到期提醒（服务器每个工作日 08:30 自动执行）
              spotcheck messages digest          # 立即生成每日待办
            """,
        subcommands: [MessagesListCommand.self, MessagesReadCommand.self, MessagesChannelsCommand.self, MessagesSetChannelCommand.self,
                      MessagesTestChannelCommand.self, MessagesDeliveriesCommand.self, MessagesRetryCommand.self,
                      MessagesRemindCommand.self, MessagesDigestCommand.self]
    )
}

struct MessagesUserOption: ParsableArguments {
    @Option(help: "以该用户身份 / act as this user.") var user: String
}

struct MessagesListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "列出某用户的消息 / list a user's messages.")
    @OptionGroup var options: TaskOptions
    @OptionGroup var who: MessagesUserOption
    @Flag(help: "只看未读 / unread only.") var unread = false
    @Option(help: "消息类别代码 / a kind code.") var kind: String?
    @Option(help: "第几页 / page.") var page = 1
    @Flag(help: "输出 JSON / print JSON.") var json = false

    func run() async throws {
        let kind = try kind.map { code in
            guard let kind = MessageKind(rawValue: code) else {
                throw CommandFailure("未知的消息类别：\(code)（可用：\(MessageKind.allCases.map(\.rawValue).joined(separator: ", "))）")
            }
            return kind
        }
        let found = try await options.workflow { workflow, _ in
            try await workflow.messages(filter: .init(unreadOnly: unread, kind: kind), page: page, perPage: 50,
                                        for: try await workflow.principal(ofUser: who.user))
        }
        if json {
            try printJSON(["total": found.total, "unread": found.unread, "items": found.messages.map { m in
                ["id": m.id, "kind": m.kind.rawValue, "title": m.title, "body": m.body, "link": m.link, "read": m.isRead,
                 "created_at": ISO8601DateFormatter().string(from: m.createdAt)] as [String: Any]
            }])
            return
        }
        print("\(who.user)：共 \(found.total) 条，未读 \(found.unread) 条")
        for m in found.messages {
            print("  #\(m.id) \(m.isRead ? "  " : "● ")[\(m.kind.label)] \(m.title)")
            print("      \(m.body.replacingOccurrences(of: "\n", with: "\n      "))")
        }
    }
}

struct MessagesReadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "read", abstract: "标为已读 / mark read.")
    @OptionGroup var options: TaskOptions
    @OptionGroup var who: MessagesUserOption
    @Flag(help: "全部标为已读 / all of them.") var all = false
    @Argument(help: "消息编号 / message id.") var id: Int?

    func run() async throws {
        guard all || id != nil else { throw CommandFailure("请给出消息编号，或用 --all") }
        let marked = try await options.workflow { workflow, _ in
            let principal = try await workflow.principal(ofUser: who.user)
            if all { return try await workflow.markAllMessagesRead(by: principal) }
            try await workflow.markMessageRead(id!, by: principal)
            return 1
        }
        print("已标为已读：\(marked) 条")
    }
}

struct MessagesChannelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "channels", abstract: "列出接收渠道 / list channels.")
    @OptionGroup var options: TaskOptions
    @OptionGroup var who: MessagesUserOption
    @Flag(help: "该用户所在部门的渠道 / the user's department's.") var department = false

    func run() async throws {
        let channels = try await options.workflow { workflow, _ in
            let principal = try await workflow.principal(ofUser: who.user)
            return try await workflow.channels(of: department ? .department(principal.departmentCode) : .user(principal.username), for: principal)
        }
        if channels.isEmpty { print("未设置接收渠道") }
        for c in channels {
            print("  #\(c.id) \(c.kind.label) \(c.maskedURL) · 密钥\(c.hasSecret ? "已设置" : "未设置") · \(c.enabled ? "启用" : "停用")")
        }
    }
}

struct MessagesSetChannelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "set-channel", abstract: "设置接收渠道 / set a channel.")
    @OptionGroup var options: TaskOptions
    @OptionGroup var who: MessagesUserOption
    @Flag(help: "设置为该用户所在部门的渠道 / for the user's department.") var department = false
    @Option(help: "wecom | dingtalk | generic") var kind: String
    @Option(help: "接收地址 / the webhook address.") var url: String
    @Option(help: "密钥（钉钉加签或通用接口）/ the secret.") var secret: String?
    @Flag(help: "停用 / disabled.") var disabled = false

    func run() async throws {
        guard let kind = WebhookKind(rawValue: kind) else { throw CommandFailure("--kind 须为 wecom、dingtalk 或 generic") }
        let saved = try await options.workflow { workflow, _ in
            let principal = try await workflow.principal(ofUser: who.user)
            return try await workflow.setChannel(owner: department ? .department(principal.departmentCode) : .user(principal.username),
                                                 kind: kind, url: url, secret: secret, enabled: !disabled, by: principal)
        }
        print("已保存接收渠道 #\(saved.id)：\(saved.kind.label) \(saved.maskedURL)")
    }
}

struct MessagesTestChannelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "test-channel", abstract: "向渠道发送测试消息 / queue a test message.")
    @OptionGroup var options: TaskOptions
    @OptionGroup var who: MessagesUserOption
    @Argument(help: "渠道编号 / channel id.") var id: Int

    func run() async throws {
        let message = try await options.workflow { workflow, _ in
            try await workflow.testChannel(id, by: try await workflow.principal(ofUser: who.user))
        }
        print("测试消息 #\(message) 已排入发送队列（运行中的服务器会发送）")
    }
}

struct MessagesDeliveriesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "deliveries", abstract: "发送记录 / the delivery log.")
    @OptionGroup var options: TaskOptions
    @Option(help: "pending | delivered | failed") var status: String?
    @Option(help: "第几页 / page.") var page = 1
    @Flag(help: "输出 JSON / print JSON.") var json = false

    func run() async throws {
        let status = try status.map { code in
            guard let status = DeliveryStatus(rawValue: code) else { throw CommandFailure("--status 须为 pending、delivered 或 failed") }
            return status
        }
        let found = try await options.workflow { workflow, principal in
            try await workflow.deliveries(status: status, page: page, perPage: 200, for: principal)
        }
        if json {
            try printJSON(["total": found.total, "items": found.entries.map { e in
                ["id": e.id, "key": e.idempotencyKey, "status": e.status.rawValue, "attempts": e.attempts, "error": e.lastError ?? "",
                 "message": e.message.id, "recipient": e.message.recipient, "channel": e.channel.id] as [String: Any]
            }])
            return
        }
        print("共 \(found.total) 条")
        for e in found.entries {
            print("  #\(e.id) \(e.status.label) · \(e.attempts) 次 · \(e.channel.kind.label) · \(e.message.recipient) · \(e.message.title)"
                  + (e.lastError.map { " · \($0)" } ?? ""))
        }
    }
}

struct MessagesRetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "retry", abstract: "重试发送失败的记录 / retry a failed delivery.")
    @OptionGroup var options: TaskOptions
    @Argument(help: "发送记录编号 / delivery id.") var id: Int

    func run() async throws {
        try await options.workflow { workflow, principal in try await workflow.retryDelivery(id, by: principal) }
        print("已重新排入发送队列")
    }
}

struct MessagesRemindCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remind", abstract: "立即发出到期与超期提醒 / raise deadline reminders now.")
    @OptionGroup var options: TaskOptions

    func run() async throws {
        let count = try await options.workflow { workflow, _ in try await workflow.sendReminders() }
        print("新提醒 \(count) 条")
    }
}

struct MessagesDigestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "digest", abstract: "立即生成每日待办（仅工作日）/ raise today's digests.")
    @OptionGroup var options: TaskOptions

    func run() async throws {
        let count = try await options.workflow { workflow, _ in try await workflow.sendDigests() }
        print("每日待办 \(count) 条")
    }
}
