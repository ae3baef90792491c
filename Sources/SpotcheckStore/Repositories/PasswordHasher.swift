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
}
