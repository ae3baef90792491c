import Foundation
import SpotcheckCore
import SpotcheckStore

/// Delivery channels and their log (issue 17). A department's channels are set by its admin (or
/// the office); a person's by that person only. Addresses pass `WebhookPolicy` when saved, and
/// the sender checks them again before every send.
extension Workflow {
    public typealias Channel = ChannelStore.Channel
    public typealias DeliveryEntry = DeliveryQueue.Entry

    public func channels(of owner: ChannelOwner, for principal: Principal) async throws -> [Channel] {
        try checkChannelOwner(owner, principal)
        return try await channelStore.channels(of: owner)
    }

    @discardableResult
    public func setChannel(owner: ChannelOwner, kind: WebhookKind, url: String, secret: String?, enabled: Bool,
                           by principal: Principal) async throws -> Channel {
        try checkChannelOwner(owner, principal)
        let address = try await webhooks.check(url)
        let secret = secret?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let secret, secret.count > ChannelStore.maxSecret {
            throw InputInvalid(field: "secret", "密钥过长（最多 \(ChannelStore.maxSecret) 个字符）")
        }
        return try await channelStore.set(owner: owner, kind: kind, url: address.url.absoluteString, secret: secret, enabled: enabled,
                                          actor: Self.actor(principal))
    }

    public func removeChannel(_ id: Int, by principal: Principal) async throws {
        let channel = try await ownedChannel(id, principal)
        try await channelStore.remove(id: channel.id, actor: Self.actor(principal))
    }

    /// Puts a 测试消息 for the acting person in the outbox, to this channel only; the sender
    /// delivers it like any other, so the delivery log shows whether the address works.
    @discardableResult
    public func testChannel(_ id: Int, by principal: Principal) async throws -> Int {
        let channel = try await ownedChannel(id, principal)
        return try await Outbox.writeTest(channelID: channel.id, recipient: principal.username, department: principal.departmentCode,
                                          actor: Self.actor(principal), on: store.db, at: clock.now())
    }

    public func deliveries(status: DeliveryStatus?, page: Int, perPage: Int = 50, for principal: Principal) async throws
        -> (entries: [DeliveryEntry], total: Int, page: ListPage) {
        try RoleGate.readers.check(principal)
        let listPage = try ListPage(number: page, size: min(max(perPage, 1), ListPage.maxSize))
        // A department admin sees its own department's log only.
        let department = principal.role == .deptAdmin ? principal.departmentCode : nil
        let found = try await DeliveryQueue(db: db, clock: clock).entries(status: status, department: department, page: listPage)
        return (found.entries, found.total, listPage)
    }

    public func retryDelivery(_ id: Int, by principal: Principal) async throws {
        try RoleGate.office.check(principal)
        try await DeliveryQueue(db: db, clock: clock).retry(id: id, actor: Self.actor(principal))
    }

    func ownedChannel(_ id: Int, _ principal: Principal) async throws -> Channel {
        guard let channel = try await channelStore.channel(id: id) else { throw StoreError.notFound(entity: "接收渠道", key: String(id)) }
        do { try checkChannelOwner(channel.owner, principal) } catch { throw StoreError.notFound(entity: "接收渠道", key: String(id)) }
        return channel
    }

    func checkChannelOwner(_ owner: ChannelOwner, _ principal: Principal) throws {
        try RoleGate.anyUser.check(principal)
        switch owner {
        case .user(let name):
            guard name == principal.username else { throw AccessRefusal.forbidden("只能设置本人的接收渠道") }
        case .department(let code):
            try RoleGate.managers.check(principal)
            guard principal.role == .officeAdmin || principal.departmentCode == code else {
                throw AccessRefusal.forbidden("只能设置本部门的接收渠道")
            }
        }
    }

    var channelStore: ChannelStore { ChannelStore(db: db, clock: clock) }
}
