import Foundation
import SpotcheckStore
import SpotcheckTestSupport
import Testing

@Suite("Login throttle: shared counters, back-off, not a wall")
struct LoginThrottleTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("a username's free attempts, then a doubling wait capped at a minute", arguments: TestDatabase.available)
    func userBackOff(database: TestDatabase) async throws {
        try await database.withStore { store in
            let throttle = LoginThrottle(db: store.db)
            for _ in 0..<5 {
                #expect(try await throttle.reserve(username: "yjj-admin", address: "203.0.113.9", now: start) == .allowed)
            }
            // Counted before any password is checked: the sixth waits, whatever the fifth's outcome.
            #expect(try await throttle.reserve(username: "yjj-admin", address: "203.0.113.9", now: start) == .refused(retryAfter: 2))
            // The same username from another address waits too, but only seconds.
            #expect(try await throttle.reserve(username: "YJJ-Admin", address: "198.51.100.7", now: start) == .refused(retryAfter: 2))
            // A stranger keeps guessing as fast as allowed for half an hour: every wait stays
            // within the cap, and the real user from elsewhere gets in within that wait.
            // (The stranger's own address is held back longer still, which only slows the stranger.)
            var now = start
            guessing: while true {
                switch try await throttle.reserve(username: "yjj-admin", address: "203.0.113.9", now: now) {
                case let .refused(wait): now += Double(wait)
                case .allowed: if now >= start + 30 * 60 { break guessing }
                }
            }
            guard case let .refused(wait) = try await throttle.reserve(username: "yjj-admin", address: "198.51.100.7", now: now) else {
                Issue.record("the stranger's last attempt should make the next one wait")
                return
            }
            #expect(wait <= 60)
            #expect(try await throttle.reserve(username: "yjj-admin", address: "198.51.100.7", now: now + Double(wait)) == .allowed)
        }
    }

    @Test("the waits double: 2, 4, 8 … seconds", arguments: TestDatabase.available)
    func doubling(database: TestDatabase) async throws {
        try await database.withStore { store in
            let throttle = LoginThrottle(db: store.db)
            var now = start
            for _ in 0..<5 { _ = try await throttle.reserve(username: "office", address: "a", now: now) }
            var seen: [Int] = []
            for _ in 0..<7 {
                guard case let .refused(wait) = try await throttle.reserve(username: "office", address: "a", now: now) else {
                    Issue.record("expected a wait")
                    return
                }
                seen.append(wait)
                now += Double(wait)
                #expect(try await throttle.reserve(username: "office", address: "a", now: now) == .allowed)
            }
            #expect(seen == [2, 4, 8, 16, 32, 60, 60])
        }
    }

    @Test("one address guessing many usernames is held back longer, and alone", arguments: TestDatabase.available)
    func perAddress(database: TestDatabase) async throws {
        try await database.withStore { store in
            let throttle = LoginThrottle(db: store.db)
            for index in 0..<10 {
                #expect(try await throttle.reserve(username: "user\(index)", address: "203.0.113.9", now: start) == .allowed)
            }
            #expect(try await throttle.reserve(username: "someone-else", address: "203.0.113.9", now: start) == .refused(retryAfter: 2))
            // Refused attempts are not counted against the username they named.
            #expect(try await throttle.attempts(.user, "someone-else") == 0)
            // Another address is not affected.
            #expect(try await throttle.reserve(username: "someone-else", address: "198.51.100.7", now: start) == .allowed)
            // The address's cap is five minutes, not the username's minute.
            var now = start
            var last = 0
            for index in 0..<12 {
                if case let .refused(wait) = try await throttle.reserve(username: "spray\(index)", address: "203.0.113.9", now: now) {
                    last = wait
                    now += Double(wait)
                    _ = try await throttle.reserve(username: "spray\(index)", address: "203.0.113.9", now: now)
                }
            }
            #expect(try await throttle.reserve(username: "x", address: "203.0.113.9", now: now) == .refused(retryAfter: 300))
            #expect(last <= 300)
        }
    }

    @Test("a correct password clears the username and gives the address its attempt back", arguments: TestDatabase.available)
    func success(database: TestDatabase) async throws {
        try await database.withStore { store in
            let throttle = LoginThrottle(db: store.db)
            for _ in 0..<4 { _ = try await throttle.reserve(username: "office", address: "10.0.0.1", now: start) }
            #expect(try await throttle.attempts(.user, "office") == 4)
            #expect(try await throttle.attempts(.address, "10.0.0.1") == 4)
            try await throttle.succeeded(username: "office", address: "10.0.0.1", now: start)
            #expect(try await throttle.attempts(.user, "office") == 0)
            #expect(try await throttle.attempts(.address, "10.0.0.1") == 3)
            // An office behind one address logging in all morning is never slowed by it.
            for index in 0..<30 {
                #expect(try await throttle.reserve(username: "staff\(index)", address: "10.0.0.1", now: start) == .allowed)
                try await throttle.succeeded(username: "staff\(index)", address: "10.0.0.1", now: start)
            }
            #expect(try await throttle.attempts(.address, "10.0.0.1") == 3)
        }
    }

    @Test("a quiet quarter of an hour starts a subject afresh", arguments: TestDatabase.available)
    func forgets(database: TestDatabase) async throws {
        try await database.withStore { store in
            let throttle = LoginThrottle(db: store.db)
            for _ in 0..<5 { _ = try await throttle.reserve(username: "office", address: "a", now: start) }
            #expect(try await throttle.reserve(username: "office", address: "a", now: start) == .refused(retryAfter: 2))
            let later = start + 15 * 60
            for _ in 0..<5 { #expect(try await throttle.reserve(username: "office", address: "a", now: later) == .allowed) }
            #expect(try await throttle.reserve(username: "office", address: "a", now: later) == .refused(retryAfter: 2))
        }
    }

    @Test("a free attempt whose clock was read a moment before the previous one's is still free", arguments: TestDatabase.available)
    func clocksOutOfOrder(database: TestDatabase) async throws {
        try await database.withStore { store async throws in
            let throttle = LoginThrottle(db: store.db)
            // Parallel requests read the time, then queue for the row lock in any order.
            for _ in 0..<4 { #expect(try await throttle.reserve(username: "office", address: "a", now: start.addingTimeInterval(0.5)) == .allowed) }
            #expect(try await throttle.reserve(username: "office", address: "a", now: start) == .allowed)
            #expect(try await throttle.reserve(username: "office", address: "a", now: start) == .refused(retryAfter: 2))
        }
    }

    @Test("parallel attempts cannot exceed the free allowance", arguments: TestDatabase.available)
    func parallel(database: TestDatabase) async throws {
        try await database.withStore { store in
            let throttle = LoginThrottle(db: store.db)
            let start = start
            // Sixteen callers race for five free attempts. On a machine loaded by the rest of the
            // suite a caller may give up waiting for a connection (the pool's timeout) before it
            // reserves anything; those are left out, and the others must still get exactly the
            // free attempts that remain — never more.
            let decisions = await withTaskGroup(of: LoginThrottle.Decision?.self) { group in
                for _ in 0..<16 {
                    group.addTask { try? await throttle.reserve(username: "yjj-admin", address: "203.0.113.9", now: start) }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }.compactMap { $0 }
            let allowed = decisions.filter { $0 == .allowed }.count
            #expect(allowed == min(5, decisions.count), "\(decisions.count) of 16 answered")
            #expect(decisions.count >= 6, "too few callers answered to race: \(decisions.count)")
            let stored = try await throttle.attempts(.user, "yjj-admin")
            #expect(stored == allowed)
        }
    }
}
