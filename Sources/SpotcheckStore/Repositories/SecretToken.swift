import Crypto
import Foundation
import SpotcheckCore

/// Random bearer secrets (session cookies, API tokens, CSRF tokens) and their stored digests.
public enum SecretToken {
    /// 32 bytes from the OS CSPRNG, URL-safe hex.
    public static func generate(prefix: String = "") -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return prefix + Hex.encode(bytes)
    }

    /// SHA-256 of a file's bytes, recorded with imports so an auditor can match the file.
    public static func digest(data: Data) -> String {
        Hex.encode(SHA256.hash(data: data))
    }

    public static func digest(_ token: String) -> String {
        Hex.encode(SHA256.hash(data: Array(token.utf8)))
    }
}
