import Foundation

/// Resource limits set on a child (`setrlimit` between fork and exec, in the supervisor).
public struct ResourceLimits: Sendable, Hashable {
    /// Largest address space in bytes (`RLIMIT_AS`).
    public var addressSpace: Int
    /// Largest file the child may write, in bytes (`RLIMIT_FSIZE`); stops an output flood
    /// from filling the disk (the child gets SIGXFSZ).
    public var fileSize: Int
    /// CPU seconds (`RLIMIT_CPU`); a backstop behind the wall-clock limits that holds even
    /// when nothing watches the child.
    public var cpuSeconds: Int

    /// Limits given in full.
    public init(addressSpace: Int, fileSize: Int, cpuSeconds: Int) {
        self.addressSpace = addressSpace
        self.fileSize = fileSize
        self.cpuSeconds = cpuSeconds
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
    /// Wall-clock seconds for each cell of a chapter program, by cell index, which the
    /// supervisor enforces on its own (`WireFormat.cellIndexFDVariable`); empty for others.
    public var cellWallLimits: [Double] = []

    /// A request given in full.
    public init(executable: String, arguments: [String], environment: [String: String] = [:],
                workingDirectory: String, stdoutPath: String, stderrPath: String,
                timeLimit: Double, limits: ResourceLimits? = nil, cellWallLimits: [Double] = []) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.stdoutPath = stdoutPath
        self.stderrPath = stderrPath
        self.timeLimit = timeLimit
        self.limits = limits
        self.cellWallLimits = cellWallLimits
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
/// Each child runs under a supervisor (`SupervisedChild`), so that it and everything it
/// starts die with the engine, whatever kills the engine. Output goes to files, not pipes,
/// so no concurrent pipe draining is needed.
public enum ProcessRunner {
    /// Seconds the supervisor's own wall-clock backstop waits past the request's time limit:
    /// the engine's timer normally fires first and reports which limit was hit.
    static let backstopGrace = 5.0

    /// Runs the request to its end, calling `monitor` with the supervisor's pid (the program
    /// is its child) about every 20 ms while it runs. Throws `.interrupted` when SIGINT,
    /// SIGTERM or SIGHUP arrived (the child is then gone).
    public static func run(
        _ request: ProcessRequest, monitor: (_ supervisor: pid_t) -> MonitorDecision = { _ in .keepGoing }
    ) throws(ExecutionError) -> ProcessOutcome {
        if let signalNumber = Interrupts.pending { throw .interrupted(signal: signalNumber) }
        guard access(request.executable, X_OK) == 0 else {
            throw .launchFailed(executable: request.executable, reason: String(cString: strerror(errno)))
        }
        let stdout = try openForWriting(request.stdoutPath)
        defer { close(stdout) }
        let stderr = try openForWriting(request.stderrPath)
        defer { close(stderr) }
        let start = monotonicNow()
        let child = try SupervisedChild.start(request, stdout: stdout, stderr: stderr,
                                              backstop: request.timeLimit + backstopGrace)
        var verdict: Termination?
        var report: SupervisedChild.Report?
        while report == nil {
            report = child.poll(milliseconds: 20)
            guard report == nil else { break }
            if let signalNumber = Interrupts.pending {
                _ = child.stop()
                throw .interrupted(signal: signalNumber)
            }
            if monotonicNow() - start > request.timeLimit {
                verdict = .timedOut
            } else if case .stop = monitor(child.pid) {
                verdict = .stopped
            }
            if verdict != nil { report = child.stop() }
        }
        let end = monotonicNow()
        let termination: Termination
        switch report {
        case .ended(let status)?:
            // WIFSIGNALED/WTERMSIG and WEXITSTATUS, which Glibc does not export as functions.
            termination = status & 0x7f != 0 ? .signalled(status & 0x7f) : .exited((status >> 8) & 0xff)
        case .execFailed(let code)?, .forkFailed(let code)?:
            throw .launchFailed(executable: request.executable, reason: String(cString: strerror(code)))
        case .timedOut?:
            termination = .timedOut
        case .cellTimedOut?:
            // The supervisor held a cell to its limit while the engine was not looking.
            termination = .stopped
        case .stopped?, .lost?, nil:
            termination = verdict ?? .signalled(SIGKILL)
        }
        return ProcessOutcome(termination: verdict ?? termination, seconds: end - start, endedAt: end)
    }

    /// Installs the handler for SIGINT, SIGTERM and SIGHUP (see `Interrupts`). Call once,
    /// from the executable.
    public static func installInterruptHandler() {
        Interrupts.install()
    }

    private static func openForWriting(_ path: String) throws(ExecutionError) -> Int32 {
        // open(2), not FileManager.createFile: that one writes atomically through a rename,
        // which must never happen to a path like /dev/null.
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw .scratch(path: path, reason: String(cString: strerror(errno)))
        }
        return fd
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
