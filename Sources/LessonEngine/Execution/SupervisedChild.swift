import ChildSupervisor
import Foundation
import LessonRuntime

/// A child started under the C supervisor (`Sources/ChildSupervisor`): the supervisor kills
/// the child and everything it starts when the engine dies, however it dies (even SIGKILL),
/// on a stop request, or at its own wall-clock backstop.
///
/// Why a forked C supervisor and not Foundation's `Process`: `PR_SET_PDEATHSIG` must be set
/// between fork and exec, which `Process` cannot do, and it only covers the direct child,
/// whereas swift-driver puts its frontends in process groups of their own. A supervisor that
/// is a child subreaper catches every orphaned descendant; being C code in the forked child
/// (no exec of a helper binary), it works the same in `lessons` and in test bundles.
struct SupervisedChild {
    /// The supervisor's pid; also its process group.
    let pid: pid_t
    /// Read end of the status pipe: one report, written just before the supervisor exits.
    private let statusFD: Int32

    /// How the supervisor says the child ended.
    enum Report: Equatable {
        case ended(waitStatus: Int32)
        case execFailed(errno: Int32)
        case timedOut
        case stopped
        case forkFailed(errno: Int32)
        /// The supervisor's own clock found cell `index` past its wall-clock limit.
        case cellTimedOut(index: Int32)
        /// The supervisor died without a report (someone killed it).
        case lost
    }

    /// Starts `request` under a supervisor whose wall-clock backstop is `backstop` seconds.
    static func start(_ request: ProcessRequest, stdout: Int32, stderr: Int32,
                      backstop: Double) throws(ExecutionError) -> SupervisedChild {
        var pipeFDs: [Int32] = [0, 0]
        guard lb_pipe_cloexec(&pipeFDs) == 0 else {
            throw .launchFailed(executable: request.executable, reason: String(cString: strerror(errno)))
        }
        // Cell indices go from the program to the supervisor on a pipe of their own.
        var cellFDs: [Int32] = [-1, -1]
        if !request.cellWallLimits.isEmpty, lb_pipe_cells(&cellFDs) != 0 {
            close(pipeFDs[0])
            close(pipeFDs[1])
            throw .launchFailed(executable: request.executable, reason: String(cString: strerror(errno)))
        }
        var environment = ProcessInfo.processInfo.environment.merging(request.environment) { _, new in new }
        environment[WireFormat.cellIndexFDVariable] = cellFDs[1] >= 0 ? String(cellFDs[1]) : nil
        // Every C string is made before the fork: the forked supervisor may not allocate.
        let argv = CStrings([request.executable] + request.arguments)
        let envp = CStrings(environment.map { "\($0.key)=\($0.value)" }.sorted())
        let limits = request.limits
        let cellLimits = request.cellWallLimits
        let pid = withExtendedLifetime((argv, envp)) { request.executable.withCString { path in
            request.workingDirectory.withCString { cwd in cellLimits.withUnsafeBufferPointer { cells in
                var spawn = lb_spawn_request(
                    path: path, argv: argv.pointer, envp: envp.pointer, cwd: cwd,
                    stdout_fd: stdout, stderr_fd: stderr, status_fd: pipeFDs[1],
                    address_space: Int64(limits?.addressSpace ?? -1),
                    file_size: Int64(limits?.fileSize ?? -1),
                    cpu_seconds: Int64(limits?.cpuSeconds ?? -1),
                    wall_seconds: backstop,
                    cell_wall_seconds: cells.baseAddress, cell_count: Int32(cells.count),
                    cell_read_fd: cellFDs[0], cell_write_fd: cellFDs[1])
                return lb_spawn_supervised(&spawn)
            } }
        } }
        let forkError = errno
        close(pipeFDs[1])
        for fd in cellFDs where fd >= 0 { close(fd) }
        guard pid > 0 else {
            close(pipeFDs[0])
            throw .launchFailed(executable: request.executable, reason: String(cString: strerror(forkError)))
        }
        return SupervisedChild(pid: pid, statusFD: pipeFDs[0])
    }

    /// Waits up to `milliseconds` for the report; `nil` while the child still runs.
    func poll(milliseconds: Int32) -> Report? {
        var descriptor = pollfd(fd: statusFD, events: Int16(POLLIN), revents: 0)
        let ready = Glibc.poll(&descriptor, 1, milliseconds)
        guard ready > 0 else { return nil }
        return finish()
    }

    /// Asks the supervisor to kill everything, then waits for its report.
    func stop() -> Report {
        kill(pid, SIGUSR1)
        return finish()
    }

    /// Reads the report (blocking until the supervisor writes it or dies) and reaps the
    /// supervisor.
    private func finish() -> Report {
        var record: [Int32] = [0, 0]
        var count = -1
        repeat {
            count = record.withUnsafeMutableBytes { read(statusFD, $0.baseAddress, 8) }
        } while count < 0 && errno == EINTR
        close(statusFD)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        guard count == 8 else { return .lost }
        switch record[0] {
        case Int32(LB_ENDED.rawValue): return .ended(waitStatus: record[1])
        case Int32(LB_EXEC_FAILED.rawValue): return .execFailed(errno: record[1])
        case Int32(LB_TIMED_OUT.rawValue): return .timedOut
        case Int32(LB_STOPPED.rawValue): return .stopped
        case Int32(LB_FORK_FAILED.rawValue): return .forkFailed(errno: record[1])
        case Int32(LB_CELL_TIMED_OUT.rawValue): return .cellTimedOut(index: record[1])
        default: return .lost
        }
    }
}

/// A NULL-terminated array of C strings, alive as long as this value.
private final class CStrings {
    let pointer: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    private let count: Int

    init(_ strings: [String]) {
        count = strings.count
        pointer = .allocate(capacity: strings.count + 1)
        for (index, string) in strings.enumerated() { pointer[index] = strdup(string) }
        pointer[strings.count] = nil
    }

    deinit {
        for index in 0..<count { free(pointer[index]) }
        pointer.deallocate()
    }
}
