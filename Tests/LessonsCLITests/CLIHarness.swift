import Dispatch
import Foundation
import Testing

/// Runs the built `lessons` executable, found next to this test bundle in the build folder
/// (the test target depends on `lessons`, so `swift test` builds it first).
enum CLI {
    /// The package's root folder, from this file's place in `Tests/LessonsCLITests`.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// What one run printed and how it ended.
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String

        /// The `--json` document as a dictionary; a failure shows the exit status and stderr.
        func json() throws -> [String: Any] {
            let object = try? JSONSerialization.jsonObject(with: Data(stdout.utf8))
            return try #require(object as? [String: Any],
                                "stdout is not a JSON object (exit \(status)): \(stdout.prefix(500))\nstderr: \(stderr.prefix(2000))")
        }
    }

    static func executable() throws -> String {
        let folder = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let path = folder.appendingPathComponent("lessons").path
        try #require(FileManager.default.isExecutableFile(atPath: path),
                     "no lessons executable at \(path); run `swift build --product lessons`")
        return path
    }

    /// Runs `lessons arguments…` in the package root (so fixture paths are `Tests/Fixtures/…`).
    static func run(_ arguments: [String], in folder: String = root,
                    environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("lessons-cli-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        // Each run gets a database of its own unless the test names one: no run reads a
        // database left by an earlier run, another checkout or a test running beside it.
        let isolated = ["LESSONS_DB": scratch.appendingPathComponent("lessons.sqlite").path]
        process.environment = ProcessInfo.processInfo.environment.merging(isolated) { $1 }.merging(environment) { $1 }
        process.executableURL = URL(fileURLWithPath: try executable())
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let out = scratch.appendingPathComponent("out"), err = scratch.appendingPathComponent("err")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        // Waits on the termination handler, as the engine's ProcessRunner does, rather than
        // `waitUntilExit()`, and reads the output only once the child is surely gone.
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        finished.wait()
        while process.isRunning { usleep(1_000) }
        return Result(status: process.terminationStatus,
                      stdout: try String(contentsOf: out, encoding: .utf8),
                      stderr: try String(contentsOf: err, encoding: .utf8))
    }

    /// An empty book folder `…/lessons-test-UUID/Lessons` with a parent of its own, so that even
    /// a run given no database (`run` sets `LESSONS_DB`) never lands in a shared `/tmp/.lessons`.
    static func temporaryBook() throws -> URL {
        let book = FileManager.default.temporaryDirectory
            .appendingPathComponent("lessons-test-\(UUID().uuidString)").appendingPathComponent("Lessons")
        try FileManager.default.createDirectory(at: book, withIntermediateDirectories: true)
        return book
    }

    /// `lessons run Tests/Fixtures/<name> --json`, with the chapter's cells.
    static func runFixture(_ name: String) throws -> (Result, [String: Any], [[String: Any]]) {
        let result = try run(["run", "Tests/Fixtures/\(name)", "--json"])
        let json = try result.json()
        let cells = try #require(json["cells"] as? [[String: Any]])
        return (result, json, cells)
    }

    /// The statuses of the cells, in order.
    static func statuses(_ cells: [[String: Any]]) -> [String] {
        cells.map { $0["status"] as? String ?? "?" }
    }
}
