import FlyingSocks
import Foundation

/// The open event streams (one per page open in a browser) and what is sent to all of them.
final class ReloadEvents: @unchecked Sendable {
    // @unchecked: `streams` is read and written only under `lock`.
    private let lock = NSLock()
    private var streams: [UUID: AsyncStream<Data>.Continuation] = [:]

    /// How many streams are open (for the tests and the server's log line).
    var count: Int { lock.withLock { streams.count } }

    /// A new stream, starting with `first` (the current build, so a reconnecting page can
    /// tell whether it is stale). It leaves the set when the browser goes away.
    func subscribe(first: Data) -> AsyncStream<Data> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<Data>.makeStream(bufferingPolicy: .bufferingNewest(16))
        continuation.onTermination = { [weak self] _ in
            guard let self else { return }
            _ = self.lock.withLock { self.streams.removeValue(forKey: id) }
        }
        continuation.yield(first)
        lock.withLock { streams[id] = continuation }
        return stream
    }

    /// Sends `message` to every open stream.
    func send(_ message: Data) {
        for continuation in lock.withLock({ Array(streams.values) }) { continuation.yield(message) }
    }

    /// Ends every stream (the server is stopping).
    func finishAll() {
        for continuation in lock.withLock({ Array(streams.values) }) { continuation.finish() }
    }

    /// The `reload` event of build `generation`, in the server-sent events format; `retry`
    /// tells the browser to reconnect within half a second when the server restarts.
    static func reload(generation: Int) -> Data {
        Data("retry: 500\nevent: reload\ndata: \(generation)\n\n".utf8)
    }

    /// A comment line: sent now and then so that a closed browser tab is noticed (the write
    /// fails) and its stream ends.
    static let keepAlive = Data(": keep-alive\n\n".utf8)
}

/// An event stream as the byte sequence FlyingFox sends as a chunked body: each message
/// goes out as one chunk as soon as it is sent.
struct EventStreamBody: AsyncBufferedSequence {
    typealias Element = UInt8

    let messages: AsyncStream<Data>

    func makeAsyncIterator() -> Iterator { Iterator(messages: messages.makeAsyncIterator()) }

    struct Iterator: AsyncBufferedIteratorProtocol {
        var messages: AsyncStream<Data>.AsyncIterator
        var pending: [UInt8] = []

        mutating func next() async throws -> UInt8? {
            if pending.isEmpty {
                guard let message = await messages.next() else { return nil }
                pending = Array(message)
            }
            return pending.isEmpty ? nil : pending.removeFirst()
        }

        mutating func nextBuffer(suggested count: Int) async throws -> [UInt8]? {
            if pending.isEmpty {
                guard let message = await messages.next() else { return nil }
                return Array(message)
            }
            defer { pending = [] }
            return pending
        }
    }
}
