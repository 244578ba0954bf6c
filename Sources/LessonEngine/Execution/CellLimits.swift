/// The limits a running cell is held to: the engine's defaults with the cell's own options
/// over them, each at most the chapter program's ceiling (`ExecutionOptions.limits`).
///
/// How each is enforced: wall time by the engine's monitor and, on its own clock, by the
/// supervisor (so it holds while the engine is stopped); CPU time, memory and file size by
/// rlimits the program sets as the cell begins (`_lessonsLimitCell`, so they hold without
/// the engine); output bytes, open files, processes and scratch bytes by the engine's
/// monitor, which reads them every 20 ms (scratch every 200 ms) and stops the program.
public struct CellLimits: Sendable, Hashable {
    /// Wall-clock seconds (`timeout=SECONDS`).
    public var wallSeconds: Double
    /// CPU seconds, every thread together (`cpu=SECONDS`).
    public var cpuSeconds: Int
    /// Address space in bytes (`memory=SIZE`).
    public var memoryBytes: Int
    /// Bytes of stdout and stderr together (`output=SIZE`).
    public var outputBytes: Int
    /// Open file descriptors of the program (`files=N`).
    public var openFiles: Int
    /// Processes started by the cell and alive at once (`processes=N`).
    public var processes: Int
    /// Bytes of files in the program's working folder and `TMPDIR` (`scratch=SIZE`).
    public var scratchBytes: Int

    /// The defaults: 60 s wall, 600 s CPU (a busy cell on many cores), 16 GiB of address
    /// space, 64 MiB of output, 1,024 open files, 32 processes, 1 GiB of scratch files.
    public static let defaults = CellLimits(
        wallSeconds: 60, cpuSeconds: 600, memoryBytes: 16 << 30, outputBytes: 64 << 20,
        openFiles: 1024, processes: 32, scratchBytes: 1 << 30)

    /// Limits given in full.
    public init(wallSeconds: Double, cpuSeconds: Int, memoryBytes: Int, outputBytes: Int,
                openFiles: Int, processes: Int, scratchBytes: Int) {
        self.wallSeconds = wallSeconds
        self.cpuSeconds = cpuSeconds
        self.memoryBytes = memoryBytes
        self.outputBytes = outputBytes
        self.openFiles = openFiles
        self.processes = processes
        self.scratchBytes = scratchBytes
    }
}

extension ExecutionOptions {
    /// The limits of `cell`: its options over `cellLimits`, under the program's ceilings.
    public func limits(of cell: Cell) -> CellLimits {
        let own = cell.options.limits
        var resolved = cellLimits
        resolved.wallSeconds = cell.options.timeout ?? cellLimits.wallSeconds
        resolved.cpuSeconds = min(own.cpuSeconds ?? cellLimits.cpuSeconds, limits.cpuSeconds)
        resolved.memoryBytes = min(own.memoryBytes ?? cellLimits.memoryBytes, limits.addressSpace)
        resolved.outputBytes = min(own.outputBytes ?? cellLimits.outputBytes, limits.fileSize)
        resolved.openFiles = own.openFiles ?? cellLimits.openFiles
        resolved.processes = own.processes ?? cellLimits.processes
        resolved.scratchBytes = own.scratchBytes ?? cellLimits.scratchBytes
        return resolved
    }
}
