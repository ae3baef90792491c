import Foundation

/// Blanks the secrets a request carries — `Authorization`, `Cookie`, `Set-Cookie`, the CSRF
/// header and form field, bearer and API tokens, the session and CSRF cookies — out of text
/// bound for the log. Errors describe themselves with whatever they hold (the generated API
/// server's errors print the request's headers), so every log line goes through this
/// (`RedactingLogHandler`), not only the lines we think might carry a secret.
enum LogRedaction {
    static let mask = "<redacted>"

    /// Lowercased fragments one of which every secret-bearing text contains; text without any
    /// of them (nearly every log line) is returned without running the patterns.
    private static let triggers = ["authoriz", "cookie", "bearer", "sct_", "csrf", "spotcheck_"]

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
        let lower = text.lowercased()
        guard triggers.contains(where: lower.contains) else { return text }
        var result = text
        for rule in rules {
            let range = NSRange(result.startIndex..., in: result)
            result = rule.regex.stringByReplacingMatches(in: result, range: range, withTemplate: rule.template)
        }
        return result
    }
}
