import FlyingFox
import FlyingSocks
import Foundation

/// Why the server could not start, with the address, so the user can pick another.
public struct LiveServerError: Error, CustomStringConvertible, Sendable {
    /// A message the user can act on.
    public var description: String
}

/// `lessons serve`'s HTTP server: serves the current `SiteSnapshot` (with the reload script
/// added to its pages) and an event stream that says when a newer snapshot is in.
///
/// The snapshot is replaced whole under a lock, so every response is one build's file.
/// FlyingFox runs the connections on Swift concurrency's threads, so starting, asking the
/// port and stopping are `async`: a caller on those threads must not block one of them
/// while the server needs it. The CLI's synchronous build loop calls them through `Blocking`.
public final class LiveServer: Sendable {
    /// The address the server listens on, e.g. `127.0.0.1`.
    public let host: String
    private let server: HTTPServer
    private let state: SnapshotState
    private let events: ReloadEvents
    private let running: Task<Void, any Error>
    private let keepAlive: Task<Void, Never>

    /// Starts listening on `host` (an IPv4 or IPv6 literal) and `port` (0: any free port)
    /// with `initial` as the site, and returns once the socket listens.
    public init(host: String, port: UInt16, initial: SiteSnapshot) async throws(LiveServerError) {
        self.host = host
        let address: any SocketAddress
        do {
            address = host.contains(":") ? try sockaddr_in6.inet6(ip6: host, port: port)
                                          : try sockaddr_in.inet(ip4: host, port: port)
        } catch {
            throw LiveServerError(description: "'\(host)' is not an IP address to listen on (give one such as 127.0.0.1, 0.0.0.0 or ::)")
        }
        let state = SnapshotState(initial), events = ReloadEvents(), failure = Box<(any Error)?>(nil)
        let server = HTTPServer(address: address, timeout: 15, logger: DisabledLogger.disabled,
                                handler: SiteHandler(state: state, events: events))
        self.state = state
        self.events = events
        self.server = server
        running = Task {
            do { try await server.run() } catch {
                failure.set(error)
                throw error
            }
        }
        keepAlive = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(15))
                events.send(ReloadEvents.keepAlive)
            }
        }
        if let error = await Self.waitUntilListening(server, failure: failure) {
            keepAlive.cancel()
            running.cancel()
            throw LiveServerError(description: "cannot listen on \(host):\(port): \(error)")
        }
    }

    /// The port the server listens on (the one picked when 0 was asked for).
    public var port: UInt16 {
        get async {
            switch await server.listeningAddress {
            case .ip4(_, let port)?, .ip6(_, let port)?: port
            default: 0
            }
        }
    }

    /// Whether only this machine can connect (a loopback address).
    public var isLoopbackOnly: Bool { host == "127.0.0.1" || host == "::1" || host.hasPrefix("127.") }

    /// The number of the build being served.
    public var generation: Int { state.current.generation }

    /// How many browser pages are listening for reloads.
    public var listeners: Int { events.count }

    /// Serves `snapshot` from now on and tells every open page to reload.
    public func publish(_ snapshot: SiteSnapshot) {
        state.replace(with: snapshot)
        events.send(ReloadEvents.reload(generation: snapshot.generation))
    }

    /// Closes the socket and every open event stream; returns once the server has stopped.
    public func stop() async {
        events.finishAll()
        keepAlive.cancel()
        await server.stop(timeout: 0.2)
        running.cancel()
    }

    /// Waits until `server` listens (nil), or returns why it could not: the run task's own
    /// error (address in use, no permission) as soon as it fails, or a timeout.
    private static func waitUntilListening(_ server: HTTPServer, failure: Box<(any Error)?>) async -> (any Error)? {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if let error = failure.get() { return error }
            if await server.isListening { return nil }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return LiveServerError(description: "the server did not start listening within 60 s")
    }
}

/// The snapshot being served, replaced whole under a lock.
final class SnapshotState: @unchecked Sendable {
    // @unchecked: `snapshot` is read and written only under `lock`.
    private let lock = NSLock()
    private var snapshot: SiteSnapshot

    init(_ snapshot: SiteSnapshot) { self.snapshot = snapshot }

    var current: SiteSnapshot { lock.withLock { snapshot } }

    func replace(with new: SiteSnapshot) { lock.withLock { snapshot = new } }
}

/// A value handed between a task and a thread that waits for it, under a lock.
final class Box<Value>: @unchecked Sendable {
    // @unchecked: `value` is read and written only under `lock`.
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func get() -> Value { lock.withLock { value } }
    func set(_ new: Value) { lock.withLock { value = new } }
}
