/// A failure of the engine itself (not of a cell): the toolchain or the build is missing,
/// a file cannot be written. Cell failures are `CellStatus` values, never thrown.
public enum ExecutionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No `swiftc` on `PATH`.
    case compilerNotFound(searched: String)
    /// The running executable's path could not be resolved.
    case executableNotFound(String)
    /// The ConvLab or LessonRuntime build products are missing and could not be built.
    case buildProductsMissing(folder: String, detail: String)
    /// A child process could not be started.
    case launchFailed(executable: String, reason: String)
    /// A file or folder of the scratch area could not be written or read.
    case scratch(path: String, reason: String)
    /// SIGINT, SIGTERM or SIGHUP arrived; the running child was stopped.
    case interrupted(signal: Int32)

    /// What went wrong and what to do about it.
    public var description: String {
        switch self {
        case .compilerNotFound(let searched):
            return "swiftc was not found on PATH (\(searched)); install a Swift toolchain or add it to PATH"
        case .executableNotFound(let path):
            return "cannot resolve the running executable (\(path)), so the build folder holding ConvLab is unknown"
        case .buildProductsMissing(let folder, let detail):
            return "ConvLab and LessonRuntime are not built in \(folder) and building them failed: \(detail)\n"
                + "run `swift build` in the package folder and try again"
        case .launchFailed(let executable, let reason):
            return "cannot start \(executable): \(reason)"
        case .scratch(let path, let reason):
            return "cannot use the scratch folder \(path): \(reason)"
        case .interrupted(let signal):
            return "interrupted by signal \(signal)"
        }
    }
}
