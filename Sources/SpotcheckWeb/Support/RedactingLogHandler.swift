import Logging

/// Wraps the server's log handler so that no line — ours, Hummingbird's or a library's logging
/// through the application's logger — can carry a request's secrets: the message, the metadata
/// and the attached error all pass through `LogRedaction` before the real handler sees them.
struct RedactingLogHandler: LogHandler {
    var base: any LogHandler

    var metadata: Logger.Metadata {
        get { base.metadata }
        set { base.metadata = newValue.mapValues(Self.redact) }
    }

    var logLevel: Logger.Level {
        get { base.logLevel }
        set { base.logLevel = newValue }
    }

    var metadataProvider: Logger.MetadataProvider? {
        get { base.metadataProvider }
        set { base.metadataProvider = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { base[metadataKey: key] }
        set { base[metadataKey: key] = newValue.map(Self.redact) }
    }

    func log(event: LogEvent) {
        var event = event
        event.message = "\(LogRedaction.redact(event.message.description))"
        event.metadata = event.metadata?.mapValues(Self.redact)
        if let error = event.error { event.error = RedactedError(description: LogRedaction.redact(String(reflecting: error))) }
        base.log(event: event)
    }

    static func redact(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        switch value {
        case let .string(text): .string(LogRedaction.redact(text))
        case let .stringConvertible(item): .string(LogRedaction.redact(item.description))
        case let .dictionary(entries): .dictionary(entries.mapValues(redact))
        case let .array(items): .array(items.map(redact))
        @unknown default: .string(LogRedaction.redact(value.description))
        }
    }

    /// An error as text, already redacted, in place of the error it describes.
    struct RedactedError: Error, CustomStringConvertible {
        let description: String
    }
}

extension Logger {
    /// This logger, with every line it writes passed through `LogRedaction`.
    func redactingSecrets() -> Logger {
        var logger = self
        logger.handler = RedactingLogHandler(base: handler)
        return logger
    }
}
