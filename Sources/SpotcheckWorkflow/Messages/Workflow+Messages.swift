import FluentKit
import Foundation
import SpotcheckCore
import SpotcheckStore

/// 消息中心 (issue 17): everyone reads and marks only their own messages.
extension Workflow {
    public typealias Message = MessageStore.Message

    public struct MessagePage: Sendable {
        public var messages: [Message]
        public var total: Int
        public var unread: Int
        public var page: ListPage
    }

    public func messages(filter: MessageStore.Filter, page: Int, perPage: Int = 20, for principal: Principal) async throws -> MessagePage {
        try RoleGate.anyUser.check(principal)
        let listPage = try ListPage(number: page, size: min(max(perPage, 1), ListPage.maxSize))
        let found = try await messageStore.list(recipient: principal.username, filter: filter, page: listPage)
        return MessagePage(messages: found.messages, total: found.total,
                           unread: try await messageStore.unreadCount(recipient: principal.username), page: listPage)
    }

    public func unreadMessageCount(for principal: Principal) async throws -> Int {
        try await messageStore.unreadCount(recipient: principal.username)
    }

    /// Marks the message read and returns it (the page then follows its link).
    @discardableResult
    public func markMessageRead(_ id: Int, by principal: Principal) async throws -> Message {
        try RoleGate.anyUser.check(principal)
        try await messageStore.markRead(id: id, recipient: principal.username)
        guard let message = try await messageStore.message(id: id, recipient: principal.username) else {
            throw StoreError.notFound(entity: "消息", key: String(id))
        }
        return message
    }

    @discardableResult
    public func markAllMessagesRead(by principal: Principal) async throws -> Int {
        try RoleGate.anyUser.check(principal)
        return try await messageStore.markAllRead(recipient: principal.username)
    }

    var messageStore: MessageStore { MessageStore(db: db, clock: clock) }
}

extension Workflow {
    /// The principal of an active account, for the command line acting on a person's behalf
    /// (`spotcheck messages … --user NAME`): the same rules then apply as on that person's pages.
    public func principal(ofUser username: String) async throws -> Principal {
        guard let user = try await UserModel.query(on: db).filter(\.$username == username).with(\.$department).first(),
              let principal = try UserRepository.principal(of: user)
        else { throw StoreError.notFound(entity: "用户", key: username) }
        return principal
    }
}
