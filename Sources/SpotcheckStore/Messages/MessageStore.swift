import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

/// The 消息中心 (issue 17): a person's messages, newest first, with the unread count the header
/// shows. A reader only ever reaches their own rows: every query filters on the recipient.
public struct MessageStore: Sendable {
    public let db: any Database
    public let clock: WorkClock
    public init(db: any Database, clock: WorkClock = .system) {
        self.db = db
        self.clock = clock
    }
    var sql: any SQLDatabase { db as! any SQLDatabase }

    public struct Message: Sendable, Equatable {
        public var id: Int
        public var recipient: String
        public var department: String
        public var kind: MessageKind
        public var title: String
        public var body: String
        public var link: String
        public var taskID: Int?
        public var createdAt: Date
        public var readAt: Date?
        public var isRead: Bool { readAt != nil }
    }

    public struct Filter: Sendable, Equatable {
        public var unreadOnly: Bool
        public var kind: MessageKind?
        public var taskID: Int?
        public init(unreadOnly: Bool = false, kind: MessageKind? = nil, taskID: Int? = nil) {
            self.unreadOnly = unreadOnly
            self.kind = kind
            self.taskID = taskID
        }
    }

    public func unreadCount(recipient: String) async throws -> Int {
        try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("messages")
            .where("recipient", .equal, recipient).where("read_at", .is, SQLLiteral.null).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    public func list(recipient: String, filter: Filter, page: ListPage) async throws -> (messages: [Message], total: Int) {
        func filtered(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
            var query = query.from("messages").where("recipient", .equal, recipient)
            if filter.unreadOnly { query = query.where("read_at", .is, SQLLiteral.null) }
            if let kind = filter.kind { query = query.where("kind", .equal, kind.rawValue) }
            if let task = filter.taskID { query = query.where("task_id", .equal, task) }
            return query
        }
        let total = try await filtered(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")).first()?
            .decode(column: "n", as: Int.self) ?? 0
        let rows = try await filtered(sql.select().column("*")).orderBy("id", .descending).limit(page.size).offset(page.offset).all()
        return (try rows.map(Self.decode), total)
    }

    public func message(id: Int, recipient: String) async throws -> Message? {
        try await sql.select().column("*").from("messages").where("id", .equal, id).where("recipient", .equal, recipient).first().map(Self.decode)
    }

    /// Marks one message read; a message of someone else is not found. Reading twice is harmless.
    public func markRead(id: Int, recipient: String) async throws {
        guard try await message(id: id, recipient: recipient) != nil else { throw StoreError.notFound(entity: "消息", key: String(id)) }
        try await sql.update("messages").set("read_at", to: SQLBind(clock.now())).where("id", .equal, id)
            .where("recipient", .equal, recipient).where("read_at", .is, SQLLiteral.null).run()
    }

    /// Marks every unread message of the reader read; returns how many.
    @discardableResult
    public func markAllRead(recipient: String) async throws -> Int {
        let unread = try await unreadCount(recipient: recipient)
        try await sql.update("messages").set("read_at", to: SQLBind(clock.now())).where("recipient", .equal, recipient)
            .where("read_at", .is, SQLLiteral.null).run()
        return unread
    }

    /// Every message (tests and the CLI's operator view), oldest first.
    public func all(kind: MessageKind? = nil) async throws -> [Message] {
        var query = sql.select().column("*").from("messages")
        if let kind { query = query.where("kind", .equal, kind.rawValue) }
        return try await query.orderBy("id").all().map(Self.decode)
    }

    static func decode(_ row: any SQLRow) throws -> Message {
        let code = try row.decode(column: "kind", as: String.self)
        guard let kind = MessageKind(rawValue: code) else {
            throw CorruptStoredValue(entity: "messages", id: String((try? row.decode(column: "id", as: Int.self)) ?? 0), column: "kind", value: code)
        }
        return Message(id: try row.decode(column: "id", as: Int.self), recipient: try row.decode(column: "recipient", as: String.self),
                       department: try row.decode(column: "department_code", as: String.self), kind: kind,
                       title: try row.decode(column: "title", as: String.self), body: try row.decode(column: "body", as: String.self),
                       link: try row.decode(column: "link", as: String.self), taskID: try row.decode(column: "task_id", as: Int?.self),
                       createdAt: try row.decode(column: "created_at", as: Date.self), readAt: try row.decode(column: "read_at", as: Date?.self))
    }
}
