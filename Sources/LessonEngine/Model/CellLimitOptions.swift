/// The resource limits a cell sets in its info string (```` ```swift cpu=5 memory=512M ````);
/// nil keeps the engine's default (`CellLimits.defaults`). The wall-clock limit is
/// `CellOptions.timeout`, older than these.
public struct CellLimitOptions: Hashable, Sendable, Codable {
    /// CPU seconds (`cpu=SECONDS`).
    public var cpuSeconds: Int?
    /// Address space of the chapter program while the cell runs (`memory=SIZE`).
    public var memoryBytes: Int?
    /// Bytes the cell may print, stdout and stderr together (`output=SIZE`).
    public var outputBytes: Int?
    /// Files the program may hold open (`files=N`).
    public var openFiles: Int?
    /// Processes the cell may start, all alive at once (`processes=N`).
    public var processes: Int?
    /// Bytes of files in the program's working folder (`scratch=SIZE`).
    public var scratchBytes: Int?

    /// No limits set: every default holds.
    public init() {}
}
