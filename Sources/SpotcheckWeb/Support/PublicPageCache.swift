import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// The rendered public pages that are the same for every anonymous reader (a task notice, a
/// results search), kept in memory and served again while what they show is unchanged.
///
/// Why: rendering a notice's hundred rows through Mustache costs milliseconds of CPU, a hundred
/// times a health check, and a notice is read by many people right after a draw (issue 13:
/// 200 concurrent readers). A page is stored with a *version*, a cheap fingerprint of what it
/// shows that the handler reads from the database on every request (a task's `updated_at`, the
/// newest published result), so a change is served at once, also when another process made it.
/// What a version does not cover (an enterprise's or an item's name edited meanwhile) is served
/// for at most `maxAge`, less than the minute shared caches are already allowed (`Cache-Control:
/// public, max-age=60`). Only responses `ViewRenderer` marked public are stored: never a page
/// for a logged-in reader, never one carrying a form's CSRF token, never an error.
final class PublicPageCache: Sendable {
    struct Entry: Sendable {
        let version: String
        let headers: HTTPFields
        let body: ByteBuffer
        let stored: ContinuousClock.Instant
    }

    let maxAge: Duration
    let capacity: Int
    private let entries = Mutex<[String: Entry]>([:])

    init(maxAge: Duration = .seconds(5), capacity: Int = 256) {
        self.maxAge = maxAge
        self.capacity = capacity
    }

    /// The cached page for `key` at `version`, or the one `render` makes (stored when public).
    /// A nil version (nothing to fingerprint, e.g. no such task) always renders.
    func response(key: String, version: String?, render: () async throws -> Response) async throws -> Response {
        let now = ContinuousClock.now
        if let version, let entry = entries.withLock({ $0[key] }), entry.version == version, now - entry.stored < maxAge {
            return Response(status: .ok, headers: entry.headers, body: .init(byteBuffer: entry.body))
        }
        let response = try await render()
        guard let version, response.status == .ok, response.headers[.cacheControl] == ViewRenderer.publicCacheControl,
              response.headers[.setCookie] == nil
        else { return response }
        // A rendered page is one buffer; it is read out once and handed out as copies.
        let collector = BodyCollector()
        try await response.body.write(collector)
        let entry = Entry(version: version, headers: response.headers, body: collector.buffer, stored: now)
        entries.withLock { entries in
            if entries.count >= capacity, entries[key] == nil {
                // The oldest goes, so a burst of distinct searches cannot grow the cache.
                if let oldest = entries.min(by: { $0.value.stored < $1.value.stored })?.key { entries[oldest] = nil }
            }
            entries[key] = entry
        }
        return Response(status: .ok, headers: entry.headers, body: .init(byteBuffer: entry.body))
    }

    var count: Int { entries.withLock { $0.count } }
}

/// A response body written into memory.
private final class BodyCollector: ResponseBodyWriter {
    var buffer = ByteBuffer()

    func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        self.buffer.writeBuffer(&buffer)
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
