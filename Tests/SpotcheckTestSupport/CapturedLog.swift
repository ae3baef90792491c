import Logging
import Synchronization

/// Keeps every line the application logs, as text, for the test to search.
public final class CapturedLog: Sendable {
    public init() {}

    private let lines = Mutex<[String]>([])

    public var text: String { lines.withLock { $0.joined(separator: "\n") } }

    public func append(_ line: String) { lines.withLock { $0.append(line) } }

    public func logger() -> Logger {
        var logger = Logger(label: "spotcheck-captured") { _ in Handler(log: self) }
        logger.logLevel = .trace
        return logger
    }

    struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            log.append("\(event.level) \(event.message) \(all) \(event.error.map { String(reflecting: $0) } ?? "")")
        }
    }
}

