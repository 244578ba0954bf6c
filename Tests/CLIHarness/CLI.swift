import Dispatch
import Foundation
import Testing

/// The one way tests launch the built `lessons` (found next to the test bundle in the build
/// folder; every test target that uses this depends on `lessons`, so `swift test` builds it
/// first). Shared so that a fix to launching (waiting on the termination handler) reaches
/// every test that launches it.
public enum CLI {
    /// The package's root folder, from this file's place in `Tests/CLIHarness`.
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// What one run printed and how it ended.
    public struct Result: Sendable {
        /// The exit status.
        public var status: Int32
        /// Everything written to standard output.
        public var stdout: String
        /// Everything written to standard error.
        public var stderr: String

        /// The `--json` document as a dictionary; a failure shows the exit status and stderr.
        public func json() throws -> [String: Any] {
            let object = try? JSONSerialization.jsonObject(with: Data(stdout.utf8))
            return try #require(object as? [String: Any],
                                "stdout is not a JSON object (exit \(status)): \(stdout.prefix(500))\nstderr: \(stderr.prefix(2000))")
        }
    }

    /// A started `lessons`, to be finished with `finish()`; several may run at once.
    public final class Running: @unchecked Sendable {
        private let process: Process
        private let scratch: URL
        private let finished = DispatchSemaphore(value: 0)

        fileprivate init(process: Process, scratch: URL) {
            self.process = process
            self.scratch = scratch
            process.terminationHandler = { [finished] _ in finished.signal() }
        }

        fileprivate func start() throws { try process.run() }

        /// What the running `lessons` has written to stdout so far (`serve`'s address line).
        public func stdoutSoFar() -> String {
            (try? String(contentsOf: scratch.appendingPathComponent("out"), encoding: .utf8)) ?? ""
        }

        /// Sends `signal` to the running `lessons` (as Ctrl-C or a scheduler would).
        public func send(_ signal: Int32) { kill(process.processIdentifier, signal) }

        /// Waits for the end and returns what the run printed.
        public func finish() throws -> Result {
            defer { try? FileManager.default.removeItem(at: scratch) }
            // Waits on the termination handler, as the engine's ProcessRunner does, rather
            // than `waitUntilExit()`, and reads the output only once the child is surely gone.
            finished.wait()
            while process.isRunning { usleep(1_000) }
            return Result(status: process.terminationStatus,
                          stdout: try String(contentsOf: scratch.appendingPathComponent("out"), encoding: .utf8),
                          stderr: try String(contentsOf: scratch.appendingPathComponent("err"), encoding: .utf8))
        }
    }

    /// The built executable; a missing one fails the test with what to do.
    public static func executable() throws -> String {
        let folder = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let path = folder.appendingPathComponent("lessons").path
        try #require(FileManager.default.isExecutableFile(atPath: path),
                     "no lessons executable at \(path); run `swift build --product lessons`")
        return path
    }

    /// Starts `lessons arguments…` in `folder` (by default the package root, so fixture paths
    /// are `Tests/Fixtures/…`) with `input` on stdin. `environment` is laid over this
    /// process's; a nil value removes a variable. Unless it names `LESSONS_DB`, each run gets
    /// a database of its own: no run reads a database left by an earlier run, another
    /// checkout or a test running beside it.
    public static func start(
        _ arguments: [String], in folder: String = root, input: String = "", environment: [String: String?] = [:]
    ) throws -> Running {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lessons-cli-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let process = Process()
        process.environment = mergedEnvironment(environment, scratch: scratch)
        process.executableURL = URL(fileURLWithPath: try executable())
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let files = ["in", "out", "err"].map { scratch.appendingPathComponent($0) }
        // Written with `Data.write`, which throws with the reason, rather than `createFile`,
        // whose Bool the compiler flagged as ignored.
        try Data(input.utf8).write(to: files[0])
        try Data().write(to: files[1])
        try Data().write(to: files[2])
        process.standardInput = try FileHandle(forReadingFrom: files[0])
        process.standardOutput = try FileHandle(forWritingTo: files[1])
        process.standardError = try FileHandle(forWritingTo: files[2])
        let running = Running(process: process, scratch: scratch)
        try running.start()
        return running
    }

    /// This process's environment with `overrides` laid over it (nil removes a variable) and,
    /// unless they name it, `LESSONS_DB` in `scratch`.
    static func mergedEnvironment(_ overrides: [String: String?], scratch: URL) -> [String: String] {
        var merged = ProcessInfo.processInfo.environment
        merged["LESSONS_DB"] = scratch.appendingPathComponent("lessons.sqlite").path
        for (name, value) in overrides { merged[name] = value }
        return merged
    }

    /// Runs `lessons arguments…` to its end (see `start` for the arguments).
    public static func run(
        _ arguments: [String], in folder: String = root, input: String = "", environment: [String: String?] = [:]
    ) throws -> Result {
        try start(arguments, in: folder, input: input, environment: environment).finish()
    }

    /// An empty book folder `…/lessons-test-UUID/Lessons` with a parent of its own, so that even
    /// a run given no database never lands in a shared `/tmp/.lessons` (in `TestFolders`).
    public static func temporaryBook() throws -> URL {
        let book = TestFolders.path("lessons-test").appendingPathComponent("Lessons")
        try FileManager.default.createDirectory(at: book, withIntermediateDirectories: true)
        return book
    }
}
