import Dispatch
import Foundation
import Testing

/// The built `lessons` on a pseudo-terminal, as a learner at a terminal runs it: its stdin,
/// stdout and stderr are the terminal's slave side; the test types on the master side and
/// reads the screen there. The test keeps the slave open, so that after `lessons` ends the
/// terminal's modes can still be read (`modes()`) to see that it was put back.
public final class PseudoTerminal: @unchecked Sendable {
    /// The side the test types on and reads from.
    public let master: Int32
    /// The side `lessons` reads and writes.
    public let slave: Int32
    /// The terminal's modes before `lessons` started, to compare with `modes()` after it ends.
    public let initialModes: termios
    private let process: Process
    private let scratch: URL
    private let finished = DispatchSemaphore(value: 0)
    /// The bytes read so far; decoded whole, so a character split between reads reads right.
    private var output: [UInt8] = []
    /// Everything `lessons` has written to the terminal so far (as read by `wait`/`finish`).
    public var screen: String { String(decoding: output, as: UTF8.self) }

    /// Starts `lessons arguments…` in `folder` on a new pseudo-terminal of `columns`×40, with
    /// `environment` laid over this process's as `CLI.start` does (a database of its own).
    public static func start(
        _ arguments: [String], in folder: String = CLI.root, environment: [String: String?] = [:], columns: UInt16 = 80
    ) throws -> PseudoTerminal {
        let (master, slave) = try openPair()
        var size = winsize(ws_row: 40, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        // Reads never block the test: `wait` polls.
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)

        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lessons-pty-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let process = Process()
        process.environment = CLI.mergedEnvironment(environment, scratch: scratch)
        process.executableURL = URL(fileURLWithPath: try CLI.executable())
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let terminal = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
        process.standardInput = terminal
        process.standardOutput = terminal
        process.standardError = terminal
        var initial = termios()
        tcgetattr(slave, &initial)
        let running = PseudoTerminal(master: master, slave: slave, initialModes: initial, process: process, scratch: scratch)
        try process.run()
        return running
    }

    private init(master: Int32, slave: Int32, initialModes: termios, process: Process, scratch: URL) {
        self.master = master
        self.slave = slave
        self.initialModes = initialModes
        self.process = process
        self.scratch = scratch
        process.terminationHandler = { [finished] _ in finished.signal() }
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        close(master)
        close(slave)
        try? FileManager.default.removeItem(at: scratch)
    }

    /// Types `keys` (no Enter unless they hold one: a terminal's Enter is `\r`).
    public func send(_ keys: String) {
        let bytes = Array(keys.utf8)
        _ = bytes.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count) }
    }

    /// Opens a pseudo-terminal pair without a program on it, for tests of terminal code in
    /// the test process: (master, slave); the caller closes both.
    public static func openPair() throws -> (master: Int32, slave: Int32) {
        var master: Int32 = -1
        var slave: Int32 = -1
        try #require(openpty(&master, &slave, nil, nil, nil) == 0, "openpty failed: errno \(errno)")
        return (master, slave)
    }

    /// Sends `signal` to `lessons`.
    public func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// The terminal's modes now (those `lessons` set, or put back).
    public func modes() -> termios {
        var modes = termios()
        tcgetattr(slave, &modes)
        return modes
    }

    /// Reads the screen until the text after `offset` (a count of characters of `screen`)
    /// holds `text`, for at most `seconds`; whether it came.
    @discardableResult
    public func wait(for text: String, after offset: Int = 0, seconds: Double = 30) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if screen.dropFirst(offset).contains(text) { return true }
            if Date() >= deadline { return false }
            drain(milliseconds: 50)
        }
    }

    /// Waits at most `seconds` for `lessons` to end, reading the screen meanwhile (a full
    /// terminal would otherwise block it); its exit status, or nil if it is still running.
    public func finish(seconds: Double = 30) -> (status: Int32, signalled: Bool)? {
        let deadline = Date().addingTimeInterval(seconds)
        while finished.wait(timeout: .now()) == .timedOut {
            if Date() >= deadline { return nil }
            drain(milliseconds: 50)
        }
        while process.isRunning { usleep(1_000) }
        drain(milliseconds: 0)
        return (process.terminationStatus, process.terminationReason == .uncaughtSignal)
    }

    private func drain(milliseconds: Int32) {
        var request = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&request, 1, milliseconds) > 0 else { return }
        var bytes = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = read(master, &bytes, bytes.count)
            guard count > 0 else { break }
            output += bytes[..<count]
        }
    }
}
