import Foundation

/// Slows down password guessing: after `maxFailures` failed logins for one username within
/// `window`, further attempts are refused until the window has passed. Kept in memory: a restart
/// resets it, which is acceptable for a limiter whose job is to make guessing slow, not impossible.
public actor LoginRateLimiter {
    public let maxFailures: Int
    public let window: TimeInterval
    private var failures: [String: [Date]] = [:]

    public init(maxFailures: Int = 5, window: TimeInterval = 600) {
        self.maxFailures = maxFailures
        self.window = window
    }

    /// Seconds to wait before another attempt, or nil when an attempt is allowed.
    public func retryAfter(for key: String, now: Date = Date()) -> Int? {
        let recent = prune(key, now: now)
        guard recent.count >= maxFailures, let oldest = recent.first else { return nil }
        return max(1, Int(oldest.addingTimeInterval(window).timeIntervalSince(now).rounded(.up)))
    }

    public func recordFailure(for key: String, now: Date = Date()) {
        var recent = prune(key, now: now)
        recent.append(now)
        failures[key] = recent
    }

    public func recordSuccess(for key: String) {
        failures[key] = nil
    }

    private func prune(_ key: String, now: Date) -> [Date] {
        let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
        failures[key] = recent.isEmpty ? nil : recent
        return recent
    }
}
