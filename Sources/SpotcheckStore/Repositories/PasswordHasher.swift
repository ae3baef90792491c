import Foundation
import HummingbirdBcrypt
import NIOPosix
import Synchronization

/// Bcrypt hashing off the event loops, at a cost the operator configures: a value carried by the
/// store (`StoreDatabase.passwords`), so tests use a low cost without touching the environment and
/// a server's cost is visible where it is opened. At cost 10–12 one hash takes tens of milliseconds.
public struct PasswordHasher: Sendable, Equatable {
    public let cost: UInt8

    /// Bcrypt accepts 4…31; anything else is the nearest bound.
    public init(cost: Int) {
        self.cost = UInt8(min(max(cost, 4), 31))
    }

    /// What a server uses unless configured otherwise.
    public static let standard = PasswordHasher(cost: 11)

    public func hash(_ password: String) async throws -> String {
        let cost = cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// The cost is part of the stored hash, so checking needs no configuration.
    public static func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// Checks `password` against the user's hash, or against a stand-in hash of this cost when
    /// there is no such user, so an unknown username takes as long to refuse as a wrong password
    /// and the answer's timing does not tell which usernames exist.
    public func verify(_ password: String, hashOrNone hash: String?) async throws -> Bool {
        let standIn = hash == nil ? try await standInHash() : ""
        let matches = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash ?? standIn) }
        return matches && hash != nil
    }

    /// A hash of a random secret nobody knows, made once per cost.
    private func standInHash() async throws -> String {
        if let known = Self.standIns.withLock({ $0[cost] }) { return known }
        let made = try await hash(SecretToken.generate())
        return Self.standIns.withLock { $0[cost, default: made] }
    }

    private static let standIns = Mutex<[UInt8: String]>([:])
}
