import CLIHarness
import Foundation
import Testing

/// `lessons run` started in the background with a scratch root of its own (TMPDIR), so that
/// every child it starts can be found in /proc by that folder in its command line.
private struct BackgroundRun {
    let process = Process()
    let temporary: String
    let book: URL

    /// Starts `lessons run` on a one-chapter book whose cell spins for minutes (or until
    /// its `timeout`).
    init(timeout: Double = 300) throws {
        book = try CLI.temporaryBook()
        temporary = book.deletingLastPathComponent().appendingPathComponent("tmp").path
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        // Enough code that the compiler runs for seconds, so a kill lands mid-compile and a
        // compiler that outlived `lessons` would still be there to be seen.
        let bulk = (0..<300).map { "let v\($0) = [\($0), 2, 3].map { $0 * 2 }.reduce(0, +)" }.joined(separator: "\n")
        try "# Spins\n\n```swift\n\(bulk)\n```\n\n```swift timeout=\(timeout)\nwhile true { usleep(1000) }\n```\n"
            .write(to: book.appendingPathComponent("01-spin.md"), atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: try CLI.executable())
        process.arguments = ["run", "--book", book.path, "--no-cache"]
        process.environment = ProcessInfo.processInfo.environment.merging([
            "TMPDIR": temporary, "LESSONS_DB": book.deletingLastPathComponent().path + "/lessons.sqlite",
        ]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// The command lines (NULs as spaces) of the live processes that name the scratch root.
    func children() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap { name -> String? in
            guard Int32(name) != nil,
                  let data = FileManager.default.contents(atPath: "/proc/\(name)/cmdline"), !data.isEmpty
            else { return nil }
            let line = String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
            return line.contains(temporary) ? line : nil
        }
    }

    /// Waits (up to `seconds`) for a child whose command line satisfies `test`.
    func waitForChild(seconds: Double = 240, _ test: (String) -> Bool) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end && process.isRunning {
            if children().contains(where: test) { return true }
            usleep(5_000)
        }
        return false
    }

    /// Waits (up to `seconds`) until no child is left; returns the survivors. The wait is
    /// short next to a compile, so a compiler left running is seen, and long next to the
    /// milliseconds the supervisor takes to kill everything.
    func survivors(within seconds: Double = 1) -> [String] {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if children().isEmpty { return [] }
            usleep(20_000)
        }
        return children()
    }

    /// Everything left under the scratch root, recursively.
    func leftovers() -> [String] {
        (FileManager.default.subpaths(atPath: temporary) ?? []).filter {
            $0.contains("lessons-") || $0.contains("TemporaryDirectory.")
        }
    }

    func finish() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: book.deletingLastPathComponent())
    }
}

/// The chapter program itself (its path first), not a compiler whose `-o` names it.
private func isProgram(_ line: String) -> Bool {
    line.split(separator: " ").first.map { $0.hasPrefix("/") && $0.hasSuffix("/chapter") } ?? false
}
private func isCompiler(_ line: String) -> Bool { line.contains("swift-frontend") }

/// Every child of `lessons` (compiler and chapter program) dies with it, whatever kills it,
/// and a signal leaves no scratch folder behind.
@Suite(.serialized) struct ProcessLifetimeTests {
    @Test func sigkillMidCellLeavesNoChild() throws {
        let run = try BackgroundRun()
        defer { run.finish() }
        try #require(run.waitForChild(isProgram), "the cell program never started")
        kill(run.process.processIdentifier, SIGKILL)
        run.process.waitUntilExit()
        #expect(run.survivors() == [])
    }

    /// The supervisor holds a cell to its wall-clock limit on its own clock: with `lessons`
    /// frozen (SIGSTOP), so that it neither watches nor dies, the cell still ends at 2 s.
    @Test func aFrozenEngineStillEndsTheCellAtItsTimeLimit() throws {
        let run = try BackgroundRun(timeout: 2)
        defer {
            kill(run.process.processIdentifier, SIGCONT)
            run.finish()
        }
        try #require(run.waitForChild(isProgram), "the cell program never started")
        kill(run.process.processIdentifier, SIGSTOP)
        let frozen = Date()
        // 2 s limit, 0.5 s grace, the supervisor's 50 ms look; 1.5 s to spare on a busy machine.
        #expect(run.survivors(within: 4).filter(isProgram) == [])
        #expect(Date().timeIntervalSince(frozen) < 4.5)
    }

    @Test func sigkillMidCompileLeavesNoCompiler() throws {
        let run = try BackgroundRun()
        defer { run.finish() }
        try #require(run.waitForChild(isCompiler), "the compiler never started")
        kill(run.process.processIdentifier, SIGKILL)
        run.process.waitUntilExit()
        #expect(run.survivors() == [])
    }

    @Test(arguments: [SIGINT, SIGTERM, SIGHUP])
    func aSignalMidCellLeavesNoScratchFolder(signal: Int32) throws {
        let run = try BackgroundRun()
        defer { run.finish() }
        try #require(run.waitForChild(isProgram), "the cell program never started")
        kill(run.process.processIdentifier, signal)
        run.process.waitUntilExit()
        #expect(run.process.terminationReason == .uncaughtSignal)
        #expect(run.process.terminationStatus == signal)
        #expect(run.survivors() == [])
        #expect(run.leftovers() == [])
    }

    @Test func ctrlCMidCompileLeavesNoCompilerFolder() throws {
        let run = try BackgroundRun()
        defer { run.finish() }
        try #require(run.waitForChild(isCompiler), "the compiler never started")
        kill(run.process.processIdentifier, SIGINT)
        run.process.waitUntilExit()
        #expect(run.process.terminationStatus == SIGINT)
        #expect(run.survivors() == [])
        #expect(run.leftovers() == [])
    }

    @Test func staleScratchFoldersOfDeadOwnersAreSwept() throws {
        let book = try CLI.temporaryBook()
        defer { try? FileManager.default.removeItem(at: book.deletingLastPathComponent()) }
        let temporary = book.deletingLastPathComponent().appendingPathComponent("tmp").path
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        let stale = temporary + "/lessons-\(gone.processIdentifier)-17"
        let alive = temporary + "/lessons-\(getpid())-18"
        for folder in [stale, alive] {
            try FileManager.default.createDirectory(atPath: folder + "/work", withIntermediateDirectories: true)
        }
        try "# One\n\n```swift\nprint(1)\n```\n"
            .write(to: book.appendingPathComponent("01-one.md"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["run", "--book", book.path, "--no-cache"], environment: ["TMPDIR": temporary])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(FileManager.default.fileExists(atPath: alive))
    }
}
