import Dispatch
import Foundation

/// Hands batches from a producer thread to an async consumer, at most `capacity` batches ahead:
/// the producer blocks (it has a thread of its own) while the consumer catches up, so memory
/// stays bounded however large the file.
final class BatchPipe<Element: Sendable>: @unchecked Sendable {
    private let stream: AsyncThrowingStream<Element, any Error>
    private let continuation: AsyncThrowingStream<Element, any Error>.Continuation
    private let slots: DispatchSemaphore
    private let lock = NSLock()
    private var abandoned = false

    init(capacity: Int) {
        (stream, continuation) = AsyncThrowingStream.makeStream(of: Element.self)
        slots = DispatchSemaphore(value: capacity)
    }

    /// Producer: waits for a free slot, then hands `element` over. Throws `CancellationError`
    /// once the consumer has given up, so the producer can stop early.
    func send(_ element: Element) throws {
        if isAbandoned { throw CancellationError() }
        slots.wait()
        if isAbandoned { throw CancellationError() }
        continuation.yield(element)
    }

    /// Producer: no more elements; with an error the consumer's loop throws it.
    func finish(throwing error: (any Error)? = nil) {
        continuation.finish(throwing: error)
    }

    /// Consumer: stops reading; a producer waiting for a slot wakes up and gets an error.
    func abandon() {
        lock.withLock { abandoned = true }
        slots.signal()
    }

    private var isAbandoned: Bool { lock.withLock { abandoned } }

    /// Consumer side: each element taken frees a slot.
    var batches: Batches { Batches(pipe: self) }

    struct Batches: AsyncSequence, Sendable {
        let pipe: BatchPipe
        struct AsyncIterator: AsyncIteratorProtocol {
            let pipe: BatchPipe
            var base: AsyncThrowingStream<Element, any Error>.AsyncIterator
            mutating func next() async throws -> Element? {
                let element = try await base.next()
                if element != nil { pipe.slots.signal() }
                return element
            }
        }
        func makeAsyncIterator() -> AsyncIterator { AsyncIterator(pipe: pipe, base: pipe.stream.makeAsyncIterator()) }
    }

    /// Runs blocking work on a thread of its own, off Swift's cooperative pool (which has one
    /// thread per core and must never wait on a semaphore).
    static func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try body() }) }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}
