/// At most `limit` PostgreSQL test stores open at once. Each store's pool may hold several
/// connections, and the test runner starts dozens of suites together: unbounded, they exceeded
/// the test server's `max_connections` ("sorry, too many clients already") on a two-core CI
/// machine. Waiting here costs nothing when the suite runs serially.
actor StoreGate {
    static let postgres = StoreGate(limit: 24)

    private let limit: Int
    private var open = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { self.limit = limit }

    func enter() async {
        if open < limit {
            open += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Hands the place to the next waiter, if any (it keeps `open` as it is), or frees it.
    func leave() {
        if waiting.isEmpty {
            open -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
