import Foundation

/// Blanks the secrets a request carries — `Authorization`, `Cookie`, `Set-Cookie`, the CSRF
/// header and form field, bearer and API tokens, the session and CSRF cookies — out of text
/// bound for the log. Errors describe themselves with whatever they hold (the generated API
/// server's errors print the request's headers), so every log line goes through this
/// (`RedactingLogHandler`), not only the lines we think might carry a secret.
enum LogRedaction {
    static let mask = "<redacted>"

    /// Lowercased fragments one of which every secret-bearing text contains; text without any
    /// of them (nearly every log line, one per request) is returned without running the patterns.
    private static let triggers: [[UInt8]] = ["authoriz", "cookie", "bearer", "sct_", "csrf", "spotcheck_"].map { Array($0.utf8) }

    private struct Rule: @unchecked Sendable {
        let regex: NSRegularExpression
        let template: String
    }

    private static let rules: [Rule] = [
        // A header as HTTPFields, a dictionary or JSON print it: the value runs to the next
        // field separator. Cookie values never hold a comma; a Set-Cookie date loses its tail.
        (#"(?i)\b((?:proxy-)?authorization|set-cookie|cookie)(["']?\s*[:=]\s*["']?)[^,"'\]\}\r\n]*"#, "$1$2" + mask),
        // The CSRF header, form field or stored token, however it is written.
        (#"(?i)\b(x-csrf-token|_csrf|csrf[_-]?token)(["']?\s*[:=]\s*["']?)[^&,;"'\]\}\s]*"#, "$1$2" + mask),
        // Our cookies wherever they appear (a raw Cookie header inside other text).
        (#"(?i)\b(spotcheck_[a-z_]+)=[^;,&"'\]\}\s]*"#, "$1=" + mask),
        (#"(?i)\bbearer\s+[^\s,"'\]\}]+"#, "Bearer " + mask),
        // API tokens by their prefix, even without the word Bearer before them.
        (#"\bsct_[A-Za-z0-9]+"#, "sct_" + mask),
    ].map { Rule(regex: try! NSRegularExpression(pattern: $0.0), template: $0.1) }

    static func redact(_ text: String) -> String {
        guard mayHoldSecret(text) else { return text }
        var result = text
        for rule in rules {
            let range = NSRange(result.startIndex..., in: result)
            result = rule.regex.stringByReplacingMatches(in: result, range: range, withTemplate: rule.template)
        }
        return result
    }

    /// Whether any trigger occurs, ASCII case ignored, found without allocating.
    static func mayHoldSecret(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count >= 4 else { return false }
            for start in 0...(bytes.count - 4) {
                for trigger in triggers where start + trigger.count <= bytes.count {
                    var index = 0
                    while index < trigger.count, bytes[start + index] | (bytes[start + index] &- 65 < 26 ? 0x20 : 0) == trigger[index] {
                        index += 1
                    }
                    if index == trigger.count { return true }
                }
            }
            return false
        }
    }
}
