import FluentKit
import Foundation
import SQLKit

/// Slows down password guessing, per username and per client address, with counters in the
/// database (`login_attempts`), so every server process on one PostgreSQL counts the same
/// attempts and a restart forgets nothing.
///
/// An attempt is counted *before* its password is checked, under a row lock, so parallel
/// attempts cannot slip past the limit between a check and a count. A few attempts are free;
/// after them each attempt must wait a delay that doubles up to a cap. The username's cap is
/// short (a minute) on purpose: a stranger guessing at a real user's password can make that
/// user wait at most that long, never shut them out. The address's cap is longer, because it
/// binds only the one guessing. A successful login clears the username's counter and gives the
/// address its attempt back, so an office behind one address is not slowed by its own logins.
public struct LoginThrottle: Sendable {
    public let db: any Database
    public let userPolicy: Policy
    public let addressPolicy: Policy

    public init(db: any Database, userPolicy: Policy = .perUser, addressPolicy: Policy = .perAddress) {
        self.db = db
        self.userPolicy = userPolicy
        self.addressPolicy = addressPolicy
    }

    /// How many attempts are free and how the wait grows after them.
    public struct Policy: Sendable, Equatable {
        /// Attempts that need no wait (within `forgetAfter` of each other).
        public var freeAttempts: Int
        /// The wait after the last free attempt, in seconds; it doubles with each further attempt.
        public var firstDelay: Double
        /// The longest wait, in seconds.
        public var maxDelay: Double
        /// After this many seconds without an attempt the subject starts afresh.
        public var forgetAfter: Double

        public init(freeAttempts: Int, firstDelay: Double, maxDelay: Double, forgetAfter: Double) {
            self.freeAttempts = freeAttempts
            self.firstDelay = firstDelay
            self.maxDelay = maxDelay
            self.forgetAfter = forgetAfter
        }

        /// 5 free attempts, then 2, 4, 8 … seconds, never more than a minute.
        public static let perUser = Policy(freeAttempts: 5, firstDelay: 2, maxDelay: 60, forgetAfter: 15 * 60)
        /// 10 free attempts (across every username tried from there), then 2, 4, 8 … seconds up to 5 minutes.
        public static let perAddress = Policy(freeAttempts: 10, firstDelay: 2, maxDelay: 300, forgetAfter: 15 * 60)

        /// The wait before the attempt that follows the `count`-th one.
        public func delay(afterAttempt count: Int) -> Double {
            guard count >= freeAttempts else { return 0 }
            let doublings = min(count - freeAttempts, 30)
            return min(maxDelay, firstDelay * Double(1 << doublings))
        }
    }

    /// What a login attempt is counted against.
    public enum Kind: String, Sendable, CaseIterable {
        case address
        case user
    }

    public enum Decision: Sendable, Equatable {
        case allowed
        /// Not counted; try again after this many whole seconds (for `Retry-After`).
        case refused(retryAfter: Int)
    }

    /// Usernames are matched case-insensitively for counting, so `Office` and `office` share one
    /// counter; subjects are bounded because anyone can type anything into the form.
    static func subject(_ text: String) -> String {
        String(text.lowercased().prefix(200))
    }

    func policy(_ kind: Kind) -> Policy { kind == .user ? userPolicy : addressPolicy }

    /// Counts one attempt for `username` from `address`, or refuses it (counting nothing) when
    /// either must still wait. Call before checking the password.
    public func reserve(username: String, address: String, now: Date = Date()) async throws -> Decision {
        let clock = now.timeIntervalSince1970
        let subjects: [(Kind, String)] = [(.address, Self.subject(address)), (.user, Self.subject(username))]
        return try await db.transaction { tx in
            let sql = tx as! any SQLDatabase
            // Always address first, then user: every transaction locks its two rows in the same
            // order, so two logins can never wait on each other in a cycle.
            var rows: [(Kind, String, attempts: Int, lastAttemptAt: Double)] = []
            var wait = 0.0
            for (kind, subject) in subjects {
                let row = try await Self.lockRow(kind, subject, on: sql)
                let policy = policy(kind)
                let fresh = clock - row.lastAttemptAt >= policy.forgetAfter
                let attempts = fresh ? 0 : row.attempts
                // Only once the free attempts are spent is there a wait: parallel attempts read
                // their clocks before queueing for the lock, so a free one may well carry an
                // earlier time than the attempt that went just before it.
                if attempts >= policy.freeAttempts, row.nextAllowedAt > clock { wait = max(wait, row.nextAllowedAt - clock) }
                rows.append((kind, subject, attempts, row.lastAttemptAt))
            }
            if wait > 0 { return .refused(retryAfter: max(1, Int(wait.rounded(.up)))) }
            for (kind, subject, attempts, lastAttemptAt) in rows {
                let count = attempts + 1
                try await sql.update("login_attempts")
                    .set("attempts", to: count)
                    .set("next_allowed_at", to: clock + policy(kind).delay(afterAttempt: count))
                    .set("last_attempt_at", to: max(clock, lastAttemptAt))
                    .where("kind", .equal, kind.rawValue).where("subject", .equal, subject)
                    .run()
            }
            return .allowed
        }
    }

    /// After a correct password: the username starts afresh, and the address gets the attempt
    /// back (its counter counts guesses, not the office's daily logins).
    public func succeeded(username: String, address: String, now: Date = Date()) async throws {
        let clock = now.timeIntervalSince1970
        let addressSubject = Self.subject(address)
        try await db.transaction { tx in
            let sql = tx as! any SQLDatabase
            let row = try await Self.lockRow(.address, addressSubject, on: sql)
            let count = max(0, row.attempts - 1)
            try await sql.update("login_attempts")
                .set("attempts", to: count)
                .set("next_allowed_at", to: row.lastAttemptAt + addressPolicy.delay(afterAttempt: count))
                .where("kind", .equal, Kind.address.rawValue).where("subject", .equal, addressSubject)
                .run()
            try await sql.delete(from: "login_attempts")
                .where("kind", .equal, Kind.user.rawValue).where("subject", .equal, Self.subject(username))
                .run()
        }
        // Counters nobody has touched for longer than any policy remembers mean nothing; clearing
        // them here keeps the table as small as the guessing going on right now.
        let horizon = clock - max(userPolicy.forgetAfter, addressPolicy.forgetAfter)
        try await (db as! any SQLDatabase).delete(from: "login_attempts").where("last_attempt_at", .lessThan, horizon).run()
    }

    /// How many attempts are counted against a subject now (for tests and operators).
    public func attempts(_ kind: Kind, _ subject: String) async throws -> Int {
        try await (db as! any SQLDatabase).select().column("attempts").from("login_attempts")
            .where("kind", .equal, kind.rawValue).where("subject", .equal, Self.subject(subject))
            .first()?.decode(column: "attempts", as: Int.self) ?? 0
    }

    struct Row {
        var attempts: Int
        var nextAllowedAt: Double
        var lastAttemptAt: Double
    }

    /// The subject's row, created empty if missing, locked until the transaction ends
    /// (PostgreSQL `FOR UPDATE`; SQLite serialises write transactions as a whole).
    static func lockRow(_ kind: Kind, _ subject: String, on sql: any SQLDatabase) async throws -> Row {
        try await sql.insert(into: "login_attempts")
            .columns("kind", "subject", "attempts", "next_allowed_at", "last_attempt_at")
            .values(kind.rawValue, subject, 0, 0.0, 0.0)
            .ignoringConflicts(with: ["kind", "subject"])
            .run()
        guard let row = try await sql.select().columns("attempts", "next_allowed_at", "last_attempt_at").from("login_attempts")
            .where("kind", .equal, kind.rawValue).where("subject", .equal, subject)
            .for(.update).first()
        else { throw StoreError.notFound(entity: "登录计数", key: subject) }
        return Row(attempts: try row.decode(column: "attempts", as: Int.self),
                   nextAllowedAt: try row.decode(column: "next_allowed_at", as: Double.self),
                   lastAttemptAt: try row.decode(column: "last_attempt_at", as: Double.self))
    }
}
