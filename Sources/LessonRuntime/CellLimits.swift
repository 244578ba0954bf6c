#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Per-cell resource limits, set by the chapter program itself at each cell boundary.
//
// All cells of a chapter run in one process, so a process-wide rlimit cannot differ from cell
// to cell unless the process changes it. The supervisor sets each limit's *hard* value (the
// chapter's ceiling); the program lowers or raises the *soft* value under it as each cell
// begins. The kernel then enforces the limit even if the engine is gone.

/// Holds the cell that begins now to its limits: CPU seconds from now (`SIGXCPU`), address
/// space (allocations fail), open files and the size of any file it writes (`SIGXFSZ`).
/// Values above the chapter's hard limits are lowered to them.
public func _lessonsLimitCell(cpuSeconds: Int, memoryBytes: Int, openFiles: Int, fileBytes: Int) {
    setSoftLimit(resourceCPU, usedCPUSeconds() + cpuSeconds)
    setSoftLimit(resourceAS, memoryBytes)
    // One more descriptor than allowed, so that the engine sees a cell go over its limit
    // (it stops a cell with more than `openFiles` open) instead of failing opens silently.
    setSoftLimit(resourceNOFILE, openFiles + 1)
    setSoftLimit(resourceFSIZE, fileBytes)
}

/// Tells the supervisor that cell `index` begins, so that it holds the cell to its
/// wall-clock limit on its own clock (`WireFormat.cellIndexFDVariable`).
func announceToSupervisor(cellIndex index: Int) {
    guard let raw = getenv(WireFormat.cellIndexFDVariable), let fd = Int32(String(cString: raw)) else { return }
    var value = Int32(clamping: index)
    _ = withUnsafeBytes(of: &value) { write(fd, $0.baseAddress, $0.count) }
}

#if canImport(Glibc)
// Glibc imports the resource names as enum values; the functions take their raw Int32.
private let resourceCPU = Int32(RLIMIT_CPU.rawValue)
private let resourceAS = Int32(RLIMIT_AS.rawValue)
private let resourceNOFILE = Int32(RLIMIT_NOFILE.rawValue)
private let resourceFSIZE = Int32(RLIMIT_FSIZE.rawValue)
#else
private let resourceCPU = RLIMIT_CPU
private let resourceAS = RLIMIT_AS
private let resourceNOFILE = RLIMIT_NOFILE
private let resourceFSIZE = RLIMIT_FSIZE
#endif

private func setSoftLimit(_ resource: Int32, _ value: Int) {
    var limit = rlimit()
    guard getrlimit(resource, &limit) == 0 else { return }
    let wanted = rlim_t(max(0, value))  // RLIM_INFINITY is all ones, rlim_t.max
    limit.rlim_cur = limit.rlim_max == rlim_t.max ? wanted : min(wanted, limit.rlim_max)
    _ = setrlimit(resource, &limit)
}

/// Whole CPU seconds the process has used so far (user and system), rounded up.
private func usedCPUSeconds() -> Int {
    Int(processCPUSeconds().rounded(.up))
}
