import Foundation
import Testing

/// A child process of the tests: `store-stress` (built beside the test bundle, because the
/// test target depends on it) or another executable of the build folder.
struct ChildProcess {
    let process: Process
    let stdout: Pipe
    let stderr: Pipe

    /// The build folder holding the running test bundle, and so the package's executables.
    static var buildFolder: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    }

    /// Starts `executable` (a product name in the build folder) with `arguments`.
    static func start(_ executable: String, _ arguments: [String],
                      environment: [String: String] = [:]) throws -> ChildProcess {
        let process = Process()
        process.executableURL = buildFolder.appendingPathComponent(executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        return ChildProcess(process: process, stdout: stdout, stderr: stderr)
    }

    /// Waits for the end and returns the exit status and the error output.
    func finish() -> (status: Int32, stderr: String) {
        let (status, _, errors) = finishWithOutput()
        return (status, errors)
    }

    /// Waits for the end; returns the exit status, standard output and standard error. Both
    /// pipes are drained at once: a child blocked on a full pipe would never end.
    func finishWithOutput() -> (status: Int32, stdout: String, stderr: String) {
        let errors = Drain(stderr.fileHandleForReading)
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self),
                String(decoding: errors.wait(), as: UTF8.self))
    }

    /// Reads a pipe to its end on another thread.
    private final class Drain: @unchecked Sendable {
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)

        init(_ handle: FileHandle) {
            DispatchQueue.global().async {
                self.data = handle.readDataToEndOfFile()  // written before signal, read after wait
                self.done.signal()
            }
        }

        func wait() -> Data {
            done.wait()
            return data
        }
    }

    /// Reads standard output up to and including the first line equal to `line`;
    /// false when the output ended first.
    func waitForLine(_ line: String) -> Bool {
        var buffer = Data()
        let wanted = Data((line + "\n").utf8)
        while true {
            let chunk = stdout.fileHandleForReading.availableData
            if chunk.isEmpty { return false }
            buffer.append(chunk)
            if buffer.range(of: wanted) != nil { return true }
        }
    }
}
