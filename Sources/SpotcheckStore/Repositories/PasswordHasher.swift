import Foundation
import HummingbirdBcrypt
import NIOPosix

/// Bcrypt hashing off the event loops: at cost 10–12 one hash takes tens of milliseconds.
public enum PasswordHasher {
    /// Lower in tests through `SPOTCHECK_BCRYPT_COST`; never below Bcrypt's minimum of 4.
    public static let cost: UInt8 = {
        if let text = ProcessInfo.processInfo.environment["SPOTCHECK_BCRYPT_COST"], let value = UInt8(text), value >= 4, value <= 31 { return value }
        return 11
    }()

    public static func hash(_ password: String) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public static func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// Checks `password` against the user's hash, or against a stand-in hash of the same cost
    /// when there is no such user, so an unknown username takes as long to refuse as a wrong
    /// password and the answer's timing does not tell which usernames exist.
    public static func verify(_ password: String, hashOrNone hash: String?) async throws -> Bool {
        let matches = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash ?? unknownUserHash) }
        return matches && hash != nil
    }

    /// A hash of a random secret nobody knows, made once (off the event loops, on first use).
    private static let unknownUserHash: String = Bcrypt.hash(SecretToken.generate(), cost: cost)
}
