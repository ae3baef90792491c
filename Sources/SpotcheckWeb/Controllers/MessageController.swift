import Foundation
import Hummingbird
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// 消息中心 (issue 17): the reader's messages with filters, each opening where the action is;
/// the delivery channels (a person's own, and the department's for its admin); the delivery
/// log with 重试 for the office. The rules are `Workflow+Messages` and `Workflow+Channels`'.
enum MessageController {
    static func register(_ routes: SecuredRoutes, _ env: WebEnvironment) {
        routes.get("/messages", .anyUser) { request, context in
            let query = request.uri.queryParameters
            let unreadOnly = query.get("unread") == "1"
            let kind = query.get("kind").flatMap(MessageKind.init(rawValue:))
            let page = try pageNumber(request)
            let found = try await env.workflow.messages(filter: .init(unreadOnly: unreadOnly, kind: kind), page: page, for: context.principal)
            var base = "/messages?"
            if unreadOnly { base += "unread=1&" }
            if let kind { base += "kind=\(kind.rawValue)&" }
            let kinds = MessageKind.allCases.filter { $0 != .channelTest }.map {
                ["code": $0.rawValue, "label": $0.label, "selected": $0 == kind] as [String: Any]
            }
            return env.views.page("messages", title: "消息中心", context: context, data: [
                "messages": found.messages.map { message in [
                    "id": message.id, "title": message.title, "body": message.body, "kind": message.kind.label,
                    "when": DisplayDate.format(message.createdAt), "unread": !message.isRead, "hasLink": !message.link.isEmpty,
                ] as [String: Any] },
                "empty": found.messages.isEmpty, "total": found.total, "unreadCount": found.unread, "hasUnreadMessages": found.unread > 0,
                "unreadOnly": unreadOnly, "kinds": kinds,
                "seesDeliveries": RoleGate.readers.refusal(for: context.principal) == nil,
                "pagination": pagination(page: page, perPage: 20, total: found.total, base: String(base.dropLast())),
            ])
        }

        routes.post("/messages/{mid}/read", .anyUser) { _, context in
            guard let id = Int(try context.parameters.require("mid")) else { throw HTTPError(.notFound) }
            let message = try await env.workflow.markMessageRead(id, by: context.principal)
            return ViewRenderer.redirect(message.link.hasPrefix("/") ? message.link : "/messages")
        }

        routes.post("/messages/read-all", .anyUser) { _, context in
            try await env.workflow.markAllMessagesRead(by: context.principal)
            return ViewRenderer.redirect("/messages")
        }

        routes.get("/settings/channels", .anyUser) { request, context in
            let done = request.uri.queryParameters.get("done")
            return try await channelsPage(env, context, notice: done.flatMap { doneMessages[$0] })
        }

        routes.post("/settings/channels", .anyUser) { request, context in
            let fields = try await FormFields.read(request, context: context)
            let principal = context.principal
            let owner: ChannelOwner = fields.text("owner") == "department" ? .department(principal.departmentCode) : .user(principal.username)
            var typed: [String: String] = [:]
            for name in ["owner", "kind", "url"] { typed[name] = fields.text(name) }
            guard let kind = WebhookKind(rawValue: fields.text("kind")) else {
                return try await channelsPage(env, context, problem: "请选择渠道类型", typed: typed, status: .badRequest)
            }
            do {
                try await env.workflow.setChannel(owner: owner, kind: kind, url: fields.text("url"), secret: fields.text("secret"),
                                                  enabled: fields.text("enabled") != "0", by: principal)
            } catch let refusal as WebhookAddressRefused {
                return try await channelsPage(env, context, problem: refusal.message, typed: typed, status: .unprocessableContent)
            } catch let error as StoreError where !error.isNotFound {
                return try await channelsPage(env, context, problem: error.description, typed: typed, status: .badRequest)
            } catch let error as InputInvalid {
                return try await channelsPage(env, context, problem: error.description, typed: typed, status: .unprocessableContent)
            }
            return ViewRenderer.redirect("/settings/channels?done=saved")
        }

        routes.post("/settings/channels/{cid}/delete", .anyUser) { _, context in
            guard let id = Int(try context.parameters.require("cid")) else { throw HTTPError(.notFound) }
            try await env.workflow.removeChannel(id, by: context.principal)
            return ViewRenderer.redirect("/settings/channels?done=removed")
        }

        routes.post("/settings/channels/{cid}/test", .anyUser) { _, context in
            guard let id = Int(try context.parameters.require("cid")) else { throw HTTPError(.notFound) }
            try await env.workflow.testChannel(id, by: context.principal)
            return ViewRenderer.redirect("/settings/channels?done=tested")
        }

        routes.get("/deliveries", .readers) { request, context in
            let status = request.uri.queryParameters.get("status").flatMap(DeliveryStatus.init(rawValue:))
            let page = try pageNumber(request)
            let found = try await env.workflow.deliveries(status: status, page: page, for: context.principal)
            let names = try await env.workflow.peopleNames(found.entries.map(\.message.recipient))
            let canRetry = context.principal.role == .officeAdmin
            return env.views.page("deliveries", title: "消息发送记录", context: context, data: [
                "entries": found.entries.map { entry in [
                    "id": entry.id, "title": entry.message.title, "recipient": names[entry.message.recipient] ?? entry.message.recipient,
                    "channel": entry.channel.kind.label, "host": entry.channel.maskedURL, "status": entry.status.label,
                    "ok": entry.status == .delivered, "failed": entry.status == .failed, "attempts": entry.attempts,
                    "lastError": entry.lastError ?? "", "hasError": entry.lastError != nil,
                    "when": DisplayDate.format(entry.deliveredAt ?? entry.nextAttemptAt),
                    "canRetry": canRetry && entry.status == .failed,
                ] as [String: Any] },
                "empty": found.entries.isEmpty,
                "filters": [("", "全部"), ("failed", "发送失败"), ("pending", "待发送"), ("delivered", "已送达")].map { code, label in
                    ["href": code.isEmpty ? "/deliveries" : "/deliveries?status=\(code)", "label": label, "current": (status?.rawValue ?? "") == code]
                        as [String: Any]
                },
                "notice": request.uri.queryParameters.get("done") == "retried" ? "已重新排入发送队列。" : "",
                "hasNotice": request.uri.queryParameters.get("done") == "retried",
                "pagination": pagination(page: page, perPage: 50, total: found.total,
                                         base: "/deliveries" + (status.map { "?status=\($0.rawValue)" } ?? "")),
            ])
        }

        routes.post("/deliveries/{did}/retry", .office) { _, context in
            guard let id = Int(try context.parameters.require("did")) else { throw HTTPError(.notFound) }
            try await env.workflow.retryDelivery(id, by: context.principal)
            return ViewRenderer.redirect("/deliveries?status=failed&done=retried")
        }
    }

    static let doneMessages = [
        "saved": "已保存接收渠道。", "removed": "已删除接收渠道。",
        "tested": "测试消息已排入发送队列，几秒后可在“发送记录”或对方群中查看。",
    ]

    static func channelsPage(_ env: WebEnvironment, _ context: SignedInContext, notice: String? = nil, problem: String? = nil,
                             typed: [String: String] = [:], status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = context.principal
        func rows(_ channels: [Workflow.Channel]) -> [[String: Any]] {
            channels.map { channel in [
                "id": channel.id, "kind": channel.kind.label, "url": channel.maskedURL, "secret": channel.hasSecret ? "已设置（不再显示）" : "未设置",
                "enabled": channel.enabled, "updated": DisplayDate.format(channel.updatedAt),
            ] as [String: Any] }
        }
        let own = try await env.workflow.channels(of: .user(principal.username), for: principal)
        let isDepartmentAdmin = principal.role == .deptAdmin
        let department = isDepartmentAdmin ? try await env.workflow.channels(of: .department(principal.departmentCode), for: principal) : []
        let chosenKind = typed["kind"] ?? WebhookKind.wecom.rawValue
        return env.views.page("channels", title: "消息接收渠道", context: context, data: [
            "own": rows(own), "ownEmpty": own.isEmpty, "department": rows(department), "departmentEmpty": department.isEmpty,
            "isDepartmentAdmin": isDepartmentAdmin, "departmentName": principal.departmentName,
            "kinds": WebhookKind.allCases.map { ["code": $0.rawValue, "label": $0.label, "selected": $0.rawValue == chosenKind] as [String: Any] },
            "ownerIsDepartment": typed["owner"] == "department", "url": typed["url"] ?? "",
            "notice": notice ?? "", "hasNotice": notice != nil, "problem": problem ?? "", "hasProblem": problem != nil,
        ], status: status)
    }
}
