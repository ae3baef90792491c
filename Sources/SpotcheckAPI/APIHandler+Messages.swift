import Foundation
import OpenAPIRuntime
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// 消息中心, delivery channels and the delivery log (issue 17) over `Workflow+Messages` and
/// `Workflow+Channels`: a caller reads only their own messages; channels are their own or
/// their department's; secrets never come back out.
extension APIHandler {
    func listMyMessages(_ input: Operations.ListMyMessages.Input) async throws -> Operations.ListMyMessages.Output {
        try await respond {
            let (page, perPage) = try Self.paging(page: input.query.page, perPage: input.query.perPage)
            let kind = try input.query.kind.map { code in
                guard let kind = MessageKind(rawValue: code.rawValue) else { throw APIError.invalidField("kind", "未知的消息类别") }
                return kind
            }
            let found = try await workflow.messages(filter: .init(unreadOnly: input.query.unread ?? false, kind: kind), page: page,
                                                    perPage: perPage, for: try caller())
            return .ok(.init(body: .json(.init(total: found.total, unread: found.unread, items: found.messages.map(Components.Schemas.Message.init)))))
        }
    }

    func markMyMessageRead(_ input: Operations.MarkMyMessageRead.Input) async throws -> Operations.MarkMyMessageRead.Output {
        try await respond {
            let message = try await workflow.markMessageRead(Int(input.path.message), by: try caller())
            return .ok(.init(body: .json(.init(message))))
        }
    }

    func markAllMyMessagesRead(_ input: Operations.MarkAllMyMessagesRead.Input) async throws -> Operations.MarkAllMyMessagesRead.Output {
        try await respond {
            .ok(.init(body: .json(.init(marked: try await workflow.markAllMessagesRead(by: try caller())))))
        }
    }

    func listChannels(_ input: Operations.ListChannels.Input) async throws -> Operations.ListChannels.Output {
        try await respond {
            let principal = try caller()
            let owner: ChannelOwner = input.query.owner == .department ? .department(principal.departmentCode) : .user(principal.username)
            let channels = try await workflow.channels(of: owner, for: principal)
            return .ok(.init(body: .json(.init(items: channels.map(Components.Schemas.Channel.init)))))
        }
    }

    func setChannel(_ input: Operations.SetChannel.Input) async throws -> Operations.SetChannel.Output {
        try await respond {
            guard case let .json(body) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let principal = try caller()
            let owner: ChannelOwner = body.owner == .department ? .department(principal.departmentCode) : .user(principal.username)
            guard let kind = WebhookKind(rawValue: body.kind.rawValue) else { throw APIError.invalidField("kind", "未知的渠道类型") }
            let saved = try await workflow.setChannel(owner: owner, kind: kind, url: body.url, secret: body.secret, enabled: body.enabled ?? true,
                                                      by: principal)
            return .ok(.init(body: .json(.init(saved))))
        }
    }

    func deleteChannel(_ input: Operations.DeleteChannel.Input) async throws -> Operations.DeleteChannel.Output {
        try await respond {
            try await workflow.removeChannel(Int(input.path.channel), by: try caller())
            return .noContent(.init())
        }
    }

    func testChannel(_ input: Operations.TestChannel.Input) async throws -> Operations.TestChannel.Output {
        try await respond {
            let id = try await workflow.testChannel(Int(input.path.channel), by: try caller())
            return .accepted(.init(body: .json(.init(message: id))))
        }
    }

    func listDeliveries(_ input: Operations.ListDeliveries.Input) async throws -> Operations.ListDeliveries.Output {
        try await respond {
            let (page, perPage) = try Self.paging(page: input.query.page, perPage: input.query.perPage)
            let status = input.query.status.flatMap { DeliveryStatus(rawValue: $0.rawValue) }
            let found = try await workflow.deliveries(status: status, page: page, perPage: perPage, for: try caller())
            return .ok(.init(body: .json(.init(total: found.total, items: found.entries.map(Components.Schemas.Delivery.init)))))
        }
    }

    func retryDelivery(_ input: Operations.RetryDelivery.Input) async throws -> Operations.RetryDelivery.Output {
        try await respond {
            try await workflow.retryDelivery(Int(input.path.delivery), by: try caller())
            return .accepted(.init())
        }
    }
}

extension Components.Schemas.Message {
    init(_ message: Workflow.Message) {
        self.init(id: message.id, kind: .init(rawValue: message.kind.rawValue) ?? .digest, kindLabel: message.kind.label, title: message.title,
                  body: message.body, link: message.link, task: message.taskID, createdAt: message.createdAt, readAt: message.readAt)
    }
}

extension Components.Schemas.Channel {
    init(_ channel: Workflow.Channel) {
        self.init(id: channel.id, owner: channel.owner.kindCode == "department" ? .department : .user, ownerKey: channel.owner.key,
                  kind: .init(rawValue: channel.kind.rawValue) ?? .generic, url: channel.maskedURL, hasSecret: channel.hasSecret,
                  enabled: channel.enabled, updatedAt: channel.updatedAt)
    }
}

extension Components.Schemas.Delivery {
    init(_ entry: Workflow.DeliveryEntry) {
        self.init(id: entry.id, idempotencyKey: entry.idempotencyKey, status: .init(rawValue: entry.status.rawValue) ?? .pending,
                  attempts: entry.attempts, nextAttemptAt: entry.nextAttemptAt, lastError: entry.lastError, lastStatus: entry.lastStatus,
                  deliveredAt: entry.deliveredAt, message: .init(entry.message), recipient: entry.message.recipient,
                  channelKind: .init(rawValue: entry.channel.kind.rawValue) ?? .generic, channelUrl: entry.channel.maskedURL)
    }
}
