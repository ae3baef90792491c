import Foundation
import Logging

/// Logging set up once per process: to stderr, level from `SPOTCHECK_LOG_LEVEL` (default info for
/// the server, warning for one-shot commands so their output stays readable).
enum CLILogging {
    static let logger = Logger(label: "spotcheck")

    static func bootstrap(defaultLevel: Logger.Level) {
        let level = ProcessInfo.processInfo.environment["SPOTCHECK_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? defaultLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

/// A one-line error to stderr and a non-zero exit, for failures that are not usage errors.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
