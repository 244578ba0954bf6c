import Foundation

/// Resource limits applied to a child through `ulimit` in a `/bin/sh` wrapper, since
/// Foundation's `Process` cannot run code between fork and exec.
public struct ResourceLimits: Sendable, Hashable {
    /// Largest address space in bytes (`ulimit -v`).
    public var addressSpace: Int
    /// Largest file the child may write, in bytes (`ulimit -f`); stops an output flood
    /// from filling the disk (the child gets SIGXFSZ).
    public var fileSize: Int
    /// CPU seconds (`ulimit -t`); a backstop behind the wall-clock limits.
    public var cpuSeconds: Int

    /// Limits given in full.
    public init(addressSpace: Int, fileSize: Int, cpuSeconds: Int) {
        self.addressSpace = addressSpace
        self.fileSize = fileSize
        self.cpuSeconds = cpuSeconds
    }

    /// The shell commands; `ulimit -f` counts 512-byte blocks in POSIX sh (dash). A limit
    /// that cannot be set (the hard limit is already lower) is left as it is: the existing,
    /// stricter one holds, and the program must still start.
    var shellCommand: String {
        "ulimit -v \(addressSpace / 1024) 2>/dev/null; ulimit -f \(max(1, fileSize / 512)) 2>/dev/null; "
            + "ulimit -t \(cpuSeconds) 2>/dev/null"
    }
}

/// One child process to run: the program, where its output goes and how long it may take.
public struct ProcessRequest: Sendable {
    /// The program's absolute path.
    public var executable: String
    /// Its arguments.
    public var arguments: [String]
    /// Variables added to (or replacing) the engine's own environment.
    public var environment: [String: String] = [:]
    /// The working folder.
    public var workingDirectory: String
    /// The file standard output goes to (created or truncated).
    public var stdoutPath: String
    /// The file standard error goes to (created or truncated).
    public var stderrPath: String
    /// Wall-clock seconds before the whole process group is killed.
    public var timeLimit: Double
    /// Limits for the child, if any.
    public var limits: ResourceLimits?

    /// A request given in full.
    public init(executable: String, arguments: [String], environment: [String: String] = [:],
                workingDirectory: String, stdoutPath: String, stderrPath: String,
                timeLimit: Double, limits: ResourceLimits? = nil) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.stdoutPath = stdoutPath
        self.stderrPath = stderrPath
        self.timeLimit = timeLimit
        self.limits = limits
    }
}

/// How a child ended.
public enum Termination: Sendable, Hashable {
    /// It exited with this status.
    case exited(Int32)
    /// A signal ended it (SIGILL for a Swift trap).
    case signalled(Int32)
    /// The request's time limit was reached and the process group was killed.
    case timedOut
    /// The monitor asked for the process group to be killed.
    case stopped
}

/// What the monitor tells the runner after each look at a running child.
public enum MonitorDecision: Sendable {
    /// Let it run.
    case keepGoing
    /// Kill the process group now (e.g. a cell's own time limit).
    case stop
}

/// The outcome of one child process.
public struct ProcessOutcome: Sendable, Hashable {
    /// How it ended.
    public var termination: Termination
    /// Wall-clock seconds from launch to exit.
    public var seconds: Double
    /// `CLOCK_MONOTONIC` seconds when the runner saw the end, to time the last cell.
    public var endedAt: Double
}

/// Every child process of the engine goes through here: compiler, chapter programs, builds.
///
/// Foundation's `Process` rather than swift-subprocess: it is already linked (no extra build
/// time), it puts the child in its own process group (so a kill reaches the child's own
/// children too), it reports signals apart from exit codes, and the engine sends output to
/// files, not pipes, so none of swift-subprocess's concurrent pipe draining is needed.
public enum ProcessRunner {
    /// Runs the request to its end, calling `monitor` about every 20 ms while it runs.
    public static func run(
        _ request: ProcessRequest, monitor: () -> MonitorDecision = { .keepGoing }
    ) throws(ExecutionError) -> ProcessOutcome {
        let process = try prepare(request)
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        let start = monotonicNow()
        do {
            try process.run()
        } catch {
            throw .launchFailed(executable: request.executable, reason: "\(error)")
        }
        let group = process.processIdentifier
        let slot = RunningGroups.add(group)
        defer { RunningGroups.remove(slot) }
        var verdict: Termination?
        while finished.wait(timeout: .now() + .milliseconds(20)) == .timedOut {
            if monotonicNow() - start > request.timeLimit {
                verdict = .timedOut
            } else if case .stop = monitor() {
                verdict = .stopped
            }
            if verdict != nil {
                kill(-group, SIGKILL)  // the group: the program and anything it started
                finished.wait()
                break
            }
        }
        let end = monotonicNow()
        let termination = verdict ?? (process.terminationReason == .uncaughtSignal
            ? .signalled(process.terminationStatus) : .exited(process.terminationStatus))
        return ProcessOutcome(termination: termination, seconds: end - start, endedAt: end)
    }

    /// Makes Ctrl-C (SIGINT) and SIGTERM kill the running child's process group before the
    /// engine exits. The child has a group of its own, so the terminal's Ctrl-C would not
    /// reach it and a hung cell would outlive `lessons`. Call once, from the executable.
    public static func installInterruptHandler() {
        _ = RunningGroups.slots  // a global's first use may allocate: not inside the handler
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber) { received in
                for slot in 0..<RunningGroups.capacity {
                    let group = RunningGroups.slots[slot]
                    if group > 0 { kill(-group, SIGKILL) }
                }
                signal(received, SIG_DFL)
                raise(received)
            }
        }
    }

    private static func prepare(_ request: ProcessRequest) throws(ExecutionError) -> Process {
        let process = Process()
        if let limits = request.limits {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            // `exec` keeps the pid, so the process group and the exit status are the program's.
            process.arguments = ["-c", limits.shellCommand + "; exec \"$0\" \"$@\"",
                                 request.executable] + request.arguments
        } else {
            process.executableURL = URL(fileURLWithPath: request.executable)
            process.arguments = request.arguments
        }
        process.currentDirectoryURL = URL(fileURLWithPath: request.workingDirectory)
        process.environment = ProcessInfo.processInfo.environment
            .merging(request.environment) { _, new in new }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try openForWriting(request.stdoutPath)
        process.standardError = try openForWriting(request.stderrPath)
        return process
    }

    private static func openForWriting(_ path: String) throws(ExecutionError) -> FileHandle {
        // open(2), not FileManager.createFile: that one writes atomically through a rename,
        // which must never happen to a path like /dev/null.
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw .scratch(path: path, reason: String(cString: strerror(errno)))
        }
        return FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }
}

/// The process groups of the children being run (0: a free slot), read by the interrupt
/// handler. `--jobs N` runs N children at once, from N threads. Plain memory because a signal
/// handler can capture nothing and may take no lock; slots are claimed and freed under a lock,
/// and a pid_t is read and written whole, so the handler sees each slot's old or new group.
private enum RunningGroups {
    static let capacity = 256
    nonisolated(unsafe) static let slots: UnsafeMutablePointer<pid_t> = {
        let slots = UnsafeMutablePointer<pid_t>.allocate(capacity: capacity)
        slots.initialize(repeating: 0, count: capacity)
        return slots
    }()
    static let lock = NSLock()

    /// Keeps `group` for the handler; returns its slot (nil when more children than slots run).
    static func add(_ group: pid_t) -> Int? {
        lock.withLock {
            guard let free = (0..<capacity).first(where: { slots[$0] == 0 }) else { return nil }
            slots[free] = group
            return free
        }
    }

    /// Frees the slot `add` gave.
    static func remove(_ slot: Int?) {
        guard let slot else { return }
        lock.withLock { slots[slot] = 0 }
    }
}

/// Seconds on `CLOCK_MONOTONIC`, the clock the chapter program's events are stamped with.
func monotonicNow() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

/// Reads at most `cap` bytes of a file as text; a longer file ends with a marker line that
/// says how much was cut, so a reader never mistakes a cut output for the whole.
func readCapped(_ path: String, cap: Int) -> String {
    guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
    defer { try? handle.close() }
    let data = (try? handle.read(upToCount: cap)) ?? Data()
    let total = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? data.count
    var text = String(decoding: data, as: UTF8.self)
    if total > data.count {
        if !text.hasSuffix("\n") { text += "\n" }
        text += "[lessons: output cut at \(cap) bytes; \(total - data.count) more bytes not shown]\n"
    }
    return text
}
