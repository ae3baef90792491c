import FluentKit
import Foundation
import SQLKit
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
@testable import SpotcheckWorkflow
import Testing

/// Issue 17: the 消息中心 is each person's own; channels are checked against the internal
/// network unless the operator allowed the host; reminders are raised once however often the
/// sweep runs; the outbox's deliveries are claimed once and retried with back-off.
@Suite("Messages, channels and deliveries")
struct MessagingTests {
    static let clock = WorkClock.fixed(CivilDate("2024-06-01")!)

    static func principal(_ db: any Database, _ username: String) async throws -> Principal {
        try await VisitTests.principal(db, username)
    }

    /// A resolver that never touches the network: the names the tests use and where they point.
    static let resolver: @Sendable (String) -> [IPAddress] = { host in
        switch host {
        case "qyapi.weixin.qq.com": [IPAddress("101.91.22.57")!]
        case "inward.example.com": [IPAddress("10.1.2.3")!]
        default: []
        }
    }

    @Test("a webhook to 127.0.0.1, 169.254.169.254, a private name or over http is refused with a clear message unless the operator allowed the host",
          arguments: TestDatabase.available)
    func webhookAddressesRefused(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords, directory: true, task: false)
            let strict = Workflow(store: store, clock: Self.clock, webhooks: WebhookPolicy(resolve: Self.resolver))
            let admin = try await Self.principal(store.db, "yjj-admin")
            let refused: [(String, String)] = [
                ("https://127.0.0.1:9000/hook", "本机回环地址"),
                ("https://169.254.169.254/latest/meta-data/", "云服务器元数据地址"),
                ("https://[::1]/hook", "本机回环地址"),
                ("https://inward.example.com/hook", "内网地址"),
                ("http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", "只接受 https://"),
            ]
            for (url, words) in refused {
                do {
                    try await strict.setChannel(owner: .department("yjj"), kind: .wecom, url: url, secret: nil, enabled: true, by: admin)
                    Issue.record("\(url) was accepted")
                } catch let refusal as WebhookAddressRefused {
                    #expect(refusal.message.contains(words), "\(url): \(refusal.message)")
                    #expect(ErrorMeaning.of(refusal)?.status == 422)
                }
            }
            #expect(try await strict.channels(of: .department("yjj"), for: admin).isEmpty)

            // A public HTTPS address is saved; its key never comes back out.
            let saved = try await strict.setChannel(owner: .department("yjj"), kind: .wecom, url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRETKEY",
                                                    secret: nil, enabled: true, by: admin)
            #expect(saved.maskedURL == "https://qyapi.weixin.qq.com/cgi-bin/webhook/send" && !saved.maskedURL.contains("SECRETKEY"))

            // The operator's allowance lifts the rule for that host only.
            let allowing = Workflow(store: store, clock: Self.clock, webhooks: WebhookPolicy(allowedHosts: ["127.0.0.1"], resolve: Self.resolver))
            let local = try await allowing.setChannel(owner: .user("yjj-admin"), kind: .generic, url: "http://127.0.0.1:9000/hook",
                                                      secret: "s3cret", enabled: true, by: admin)
            #expect(local.hasSecret && local.kind == .generic)
            await #expect(throws: WebhookAddressRefused.self) {
                try await allowing.setChannel(owner: .user("yjj-admin"), kind: .dingtalk, url: "https://169.254.169.254/", secret: nil, enabled: true, by: admin)
            }
            // The audit log names the host, never the key or the secret.
            let logged = try await AuditEventModel.query(on: store.db).filter(\.$entity == "delivery_channel").all()
            #expect(logged.count == 2)
            #expect(logged.allSatisfy { !($0.afterJSON ?? "").contains("SECRETKEY") && !($0.afterJSON ?? "").contains("s3cret") })
        }
    }

    @Test("a department admin sets only its own department's channels and reads only its own messages and deliveries",
          arguments: TestDatabase.available)
    func departmentIsolation(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords)
            let workflow = Workflow(store: store, clock: Self.clock, webhooks: WebhookPolicy(resolve: Self.resolver))
            let yjj = try await Self.principal(store.db, "yjj-admin"), scjg = try await Self.principal(store.db, "scjg-admin")
            await #expect(throws: AccessRefusal.self) {
                try await workflow.setChannel(owner: .department("scjg"), kind: .wecom, url: "https://qyapi.weixin.qq.com/x?key=1", secret: nil,
                                              enabled: true, by: yjj)
            }
            await #expect(throws: AccessRefusal.self) { try await workflow.channels(of: .user("scjg-admin"), for: yjj) }
            let scjgChannel = try await workflow.setChannel(owner: .department("scjg"), kind: .wecom, url: "https://qyapi.weixin.qq.com/x?key=1",
                                                            secret: nil, enabled: true, by: scjg)
            // Another department's channel is not found for yjj (not even to delete or test).
            await #expect(throws: StoreError.self) { try await workflow.removeChannel(scjgChannel.id, by: yjj) }
            await #expect(throws: StoreError.self) { try await workflow.testChannel(scjgChannel.id, by: yjj) }

            // The demo's steps gave both admins messages (the demo marks the confirmed dispatches read; here they are unread again).
            try await (store.db as! any SQLDatabase).update("messages").set("read_at", to: SQLLiteral.null).run()
            let mine = try await workflow.messages(filter: .init(), page: 1, perPage: 500, for: yjj)
            #expect(mine.total > 0 && mine.messages.allSatisfy { $0.recipient == "yjj-admin" })
            let theirs = try await MessageStore(db: store.db).all().filter { $0.recipient == "scjg-admin" }
            #expect(!theirs.isEmpty)
            await #expect(throws: StoreError.self) { try await workflow.markMessageRead(theirs[0].id, by: yjj) }
            #expect(try await MessageStore(db: store.db).message(id: theirs[0].id, recipient: "scjg-admin")?.isRead == false)

            // Reading: one, then all; the header count follows.
            let unread = try await workflow.unreadMessageCount(for: yjj)
            #expect(unread == mine.unread && unread > 0)
            try await workflow.markMessageRead(mine.messages[0].id, by: yjj)
            let remaining = unread - (mine.messages[0].isRead ? 0 : 1)
            #expect(try await workflow.unreadMessageCount(for: yjj) == remaining)
            #expect(try await workflow.markAllMessagesRead(by: yjj) == remaining)
            #expect(try await workflow.unreadMessageCount(for: yjj) == 0)
            #expect(try await workflow.unreadMessageCount(for: scjg) > 0)

            // A test send to scjg's group is in scjg's delivery log and not in yjj's.
            try await workflow.testChannel(scjgChannel.id, by: scjg)
            #expect(try await workflow.deliveries(status: nil, page: 1, for: scjg).entries.count == 1)
            #expect(try await workflow.deliveries(status: nil, page: 1, for: yjj).entries.isEmpty)
            #expect(try await workflow.deliveries(status: nil, page: 1, for: try await Self.principal(store.db, "office")).entries.count == 1)
            await #expect(throws: AccessRefusal.self) { try await workflow.deliveries(status: nil, page: 1, for: try await Self.principal(store.db, "yjj-01")) }
        }
    }

    @Test("a claimed delivery is held by one sender; failures back off, give up, and the office's retry is once", arguments: TestDatabase.available)
    func deliveryQueue(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords, directory: true, task: false)
            let start = Date(timeIntervalSince1970: 1_717_200_000)
            let workflow = Workflow(store: store, clock: .fixed(start), webhooks: WebhookPolicy(resolve: Self.resolver))
            let admin = try await Self.principal(store.db, "yjj-admin")
            let channel = try await workflow.setChannel(owner: .user("yjj-admin"), kind: .wecom, url: "https://qyapi.weixin.qq.com/x?key=1",
                                                        secret: nil, enabled: true, by: admin)
            try await workflow.testChannel(channel.id, by: admin)
            let queue = DeliveryQueue(db: store.db, clock: .fixed(start))
            // Eight senders at once: exactly one holds it.
            let claims = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<8 { group.addTask { try await queue.claim(limit: 10, lease: 30).count } }
                return try await group.reduce(0, +)
            }
            #expect(claims == 1)
            let backoff = DeliveryBackoff(base: 10, maximumAttempts: 3)
            var now = start
            for attempt in 1...3 {
                let held = DeliveryQueue(db: store.db, clock: .fixed(now.addingTimeInterval(31)))
                let job = try #require(try await held.claim(limit: 10, lease: 30).first, "attempt \(attempt)")
                try await held.failed(job, error: "接收方返回 HTTP 500", httpStatus: 500, backoff: backoff)
                now = now.addingTimeInterval(31 + backoff.delay(afterAttempt: attempt))
                // Not due again before its back-off.
                #expect(try await DeliveryQueue(db: store.db, clock: .fixed(now.addingTimeInterval(-1))).claim(limit: 10, lease: 30).isEmpty)
            }
            let failed = try await workflow.deliveries(status: .failed, page: 1, for: try await Self.principal(store.db, "office"))
            #expect(failed.entries.count == 1 && failed.entries[0].attempts == 3 && failed.entries[0].lastError == "接收方返回 HTTP 500")
            // The office retries it once; a second retry of the same is refused.
            let office = try await Self.principal(store.db, "office")
            await #expect(throws: AccessRefusal.self) { try await workflow.retryDelivery(failed.entries[0].id, by: admin) }
            try await workflow.retryDelivery(failed.entries[0].id, by: office)
            await #expect(throws: StoreError.self) { try await workflow.retryDelivery(failed.entries[0].id, by: office) }
            let again = DeliveryQueue(db: store.db, clock: .fixed(start.addingTimeInterval(1)))
            let job = try #require(try await again.claim(limit: 10, lease: 30).first)
            try await again.succeeded(job, httpStatus: 200)
            #expect(try await workflow.deliveries(status: .delivered, page: 1, for: office).entries.count == 1)
        }
    }

    @Test("the sweep raises each reminder and each digest once, however often it runs", arguments: TestDatabase.available)
    func remindersOnce(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords, directory: true, task: false)
            let tasks = TaskStore(db: store.db)
            let created = try await tasks.create(DemoSeed.qinghePlan, actor: .init("office"))
            _ = try await tasks.publish(String(created.id), actor: .init("office"), today: CivilDate("2024-06-07")!)
            _ = try await tasks.draw(String(created.id), entropy: "remind", actor: .init("office"), today: CivilDate("2024-06-07")!)
            // Deadline 2024-06-11 (Tuesday after 端午): on 6-07 (Fri) it is the next working day → 明日到期.
            let friday = Workflow(store: store, clock: .fixed(CivilDate("2024-06-07")!))
            let due = try await friday.sendReminders()
            let departments = Set(try await tasks.dispatches(created.id).flatMap(\.departments))
            var admins = 0
            for department in departments { admins += try await Outbox.departmentAdmins(department, on: store.db).count }
            #expect(due == admins)
            #expect(try await friday.sendReminders() == 0)
            #expect(try await MessageStore(db: store.db).all(kind: .confirmDueTomorrow).count == admins)
            // On 6-12 the deadline has passed: 确认已超期, once.
            let late = Workflow(store: store, clock: .fixed(CivilDate("2024-06-12")!))
            #expect(try await late.sendReminders() == admins)
            #expect(try await late.sendReminders() == 0)
            // The digest: once per person on a working day, none on a rest day (6-10 端午).
            let digests = try await late.sendDigests()
            #expect(digests >= admins)
            #expect(try await late.sendDigests() == 0)
            let digest = try #require(try await MessageStore(db: store.db).all(kind: .digest).first { $0.recipient == "yjj-admin" })
            #expect(digest.body.contains("待确认分派企业"))
            #expect(try await Workflow(store: store, clock: .fixed(CivilDate("2024-06-10")!)).sendDigests() == 0)
        }
    }

    @Test("past the deadlines, results still open go to their officers and results not yet published to their department's admins, once",
          arguments: TestDatabase.available)
    func resultAndPublicityReminders(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords, results: true)
            let late = Workflow(store: store, clock: .fixed(CivilDate("2024-09-02")!))
            let office = try await Self.principal(store.db, "office")
            let overdue = try await late.overduePublicity(for: office)
            #expect(!overdue.isEmpty, "the demo should hold submitted results not yet approved")
            var expectedPublicity: [String] = []
            for item in overdue {
                expectedPublicity += try await Outbox.departmentAdmins(item.result.department, on: store.db).map(\.username)
            }
            let deadlines = try await late.resultDeadlines(for: office)
            var expectedResults: [String] = []
            for row in deadlines.overdue where row.result.status != .submitted {
                expectedResults += try await Outbox.teamMembers(task: row.result.taskID, uscc: row.result.uscc, on: store.db)
                    .filter { $0.department == row.result.department }.map(\.username)
            }
            let raised = try await late.sendReminders()
            let publicity = try await MessageStore(db: store.db).all(kind: .publicityOverdue)
            let results = try await MessageStore(db: store.db).all(kind: .resultOverdue)
            #expect(publicity.map(\.recipient).sorted() == expectedPublicity.sorted())
            #expect(results.map(\.recipient).sorted() == expectedResults.sorted())
            #expect(publicity.allSatisfy { $0.body.contains("超期") && $0.link.contains("/results/") })
            #expect(raised >= publicity.count + results.count)
            #expect(try await late.sendReminders() == 0)
        }
    }
}
