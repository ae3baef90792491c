import Foundation
import SpotcheckCore

/// How the server's sender and sweep run (`spotcheck serve` options; docs/webhooks.md).
public struct DeliverySettings: Sendable {
    /// How often the outbox is read for due deliveries.
    public var pollInterval: Duration = .seconds(2)
    /// One attempt's limit; a sender holds its delivery a little longer than this.
    public var requestTimeout: TimeInterval = 10
    public var backoff = DeliveryBackoff()
    /// When the daily digest and deadline reminders go out, in China Standard Time (working days);
    /// nil raises neither (`--digest-time off`: another machine runs them, or a test must not).
    public var digestMinuteOfDay: Int? = 8 * 60 + 30
    /// Prefix for the links in outside messages (`--public-url`), e.g. `https://spotcheck.example.gov.cn`.
    public var publicURL: String

    public init(publicURL: String) {
        self.publicURL = publicURL
    }

    /// `HH:MM` → minutes after midnight, or nil.
    public static func minuteOfDay(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0...23).contains(h), (0...59).contains(m) else { return nil }
        return h * 60 + m
    }
}
