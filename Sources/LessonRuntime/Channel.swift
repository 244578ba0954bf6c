import Foundation

/// The program's end of the side channel: the events file and the cell that is running.
///
/// Cells may call the runtime from several threads (a parallel loop that records), so every
/// write holds the lock and writes a whole line, flushed at once: after a trap the engine
/// reads every event that was complete.
final class Channel: @unchecked Sendable {
    static let shared = Channel()

    private let lock = NSLock()
    /// The events file, opened for appending; standard error when there is no channel.
    private var descriptor: Int32 = STDERR_FILENO
    private(set) var cell = "main"
    private let encoder = WireFormat.encoder()

    private init() {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment[WireFormat.eventsVariable], !path.isEmpty {
            let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            if fd >= 0 { descriptor = fd }
        }
    }

    /// Appends one event for the running cell; without a channel (the program was started by
    /// hand) the event goes to standard error so that nothing is silently dropped.
    func send(_ kind: Event.Kind, time: Double? = nil, metric: Metric? = nil,
              claim: Claim? = nil, output: Output? = nil) {
        lock.lock()
        defer { lock.unlock() }
        var offset: Int?
        if kind == .output {
            // What was printed before this output is in the cell's stdout file once flushed;
            // its size there places the output among the printed lines.
            fflush(nil)
            let position = lseek(STDOUT_FILENO, 0, SEEK_CUR)
            offset = position >= 0 ? Int(position) : nil
        }
        let event = Event(cell: cell, kind: kind, time: time, metric: metric, claim: claim,
                          output: output, stdoutOffset: offset)
        guard var data = try? encoder.encode(event) else { return }
        data.append(UInt8(ascii: "\n"))
        // One write(2) per line: unbuffered, so nothing waits in memory when the process dies.
        data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written <= 0 { break }
                offset += written
            }
        }
    }

    /// Makes `id` the running cell and sends its `start` event.
    func begin(cell id: String) {
        lock.lock()
        cell = id
        lock.unlock()
        send(.start, time: monotonicSeconds())
    }
}

/// Seconds on `CLOCK_MONOTONIC`, the clock the engine also reads, so that both processes
/// agree on when a cell started.
func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}
