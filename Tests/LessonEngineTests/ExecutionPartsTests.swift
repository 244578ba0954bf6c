import Foundation
import Testing
@testable import LessonEngine

@Suite struct ExecutionSHA256Tests {
    @Test func matchesTheStandardVectors() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func feedingInPiecesEqualsFeedingAtOnce() {
        let text = String(repeating: "convolution ", count: 50)  // crosses several 64-byte blocks
        var digest = SHA256()
        for piece in text.split(separator: " ", omittingEmptySubsequences: false) {
            digest.update(piece.utf8)
            digest.update(" ")
        }
        var whole = text
        whole += " "
        #expect(digest.finalize() == SHA256.hex(whole))
    }
}

@Suite struct ExecutionProgramTests {
    private let cells = [
        Cell(id: "c1", index: 0, options: CellOptions(), code: "let x = 1\nprint(x)\n",
             fence: SourceLocation(file: "a.md", line: 5)),
        Cell(id: "odd \"id\"", index: 1, options: CellOptions(), code: "print(x + 1)",
             fence: SourceLocation(file: "a.md", line: 12)),
    ]

    @Test func eachCellIsUnderItsMarkdownLine() {
        let program = ProgramGenerator.generate(cells: cells, markdownPath: "dir/a \"b\".md")
        let lines = program.source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.contains("setvbuf(stdout, nil, _IOLBF, 0)"))
        #expect(lines.contains(#"#sourceLocation(file: "dir/a \"b\".md", line: 6)"#))
        #expect(lines.contains(#"_lessonsBeginCell(1, "odd \"id\"")"#))
        #expect(program.generatedLines.count == 2)
        #expect(lines[program.generatedLines[0].lowerBound - 1] == "let x = 1")
        #expect(program.generatedLines[0].count == 2)
        #expect(lines[program.generatedLines[1].lowerBound - 1] == "print(x + 1)")
        #expect(lines.last(where: { !$0.isEmpty }) == "_lessonsEnd()")
    }

    @Test func markdownAndGeneratedLinesMapToCells() {
        let program = ProgramGenerator.generate(cells: cells, markdownPath: "a.md")
        #expect(program.cell(atMarkdownLine: 7)?.id == "c1")
        #expect(program.cell(atMarkdownLine: 8) == nil)
        #expect(program.cell(atMarkdownLine: 13)?.index == 1)
        #expect(program.cell(atGeneratedLine: program.generatedLines[1].upperBound + 1)?.index == 1)
    }

    @Test func compilerErrorsAreParsedAndPlaced() {
        #expect(CompilerDiagnostics.parse("C:/x.md:3:14: error: boom: really")?.file == "C:/x.md")
        let parsed = CompilerDiagnostics.parse("a.md:13:7: error: cannot find 'y' in scope")
        #expect(parsed?.line == 13)
        #expect(parsed?.column == 7)
        #expect(parsed?.message == "cannot find 'y' in scope")
        #expect(CompilerDiagnostics.parse("a.md:13:7: warning: unused") == nil)

        let program = ProgramGenerator.generate(cells: cells, markdownPath: "a.md")
        let output = """
            a.md:6:5: warning: never used
            a.md:13:7: error: cannot find 'y' in scope
            /tmp/p/main.swift:\(program.generatedLines[1].upperBound + 2):1: error: expected '}'
            error: link command failed with exit code 1
            """
        let found = CompilerDiagnostics.failures(in: output, program: program, markdownPath: "a.md",
                                                 generatedPath: "/tmp/p/main.swift")
        #expect(found.placed.map(\.cell.index) == [1, 1])
        #expect(found.placed[0].error == CellError(file: "a.md", line: 13, column: 7, message: "cannot find 'y' in scope"))
        #expect(found.placed[1].error.line == 12)
        #expect(found.unplaced == ["error: link command failed with exit code 1"])
    }
}

@Suite struct ExecutionCrashReportTests {
    @Test func findsTheFirstMarkdownFrameAndTheFatalMessage() throws {
        let report = """
            { "description": "Illegal instruction", "threads": [
              { "crashed": false, "frames": [ { "sourceLocation": { "file": "b.md", "line": 1, "column": 1 } } ] },
              { "crashed": true, "frames": [
                { "description": "_assertionFailure" },
                { "sourceLocation": { "file": "/x/ConvLab/Tensor.swift", "line": 40, "column": 2 } },
                { "sourceLocation": { "file": "Lessons/01-a.md", "line": 22, "column": 28 } },
                { "sourceLocation": { "file": "Lessons/01-a.md", "line": 23, "column": 7 } } ] } ] }
            """
        let path = NSTemporaryDirectory() + "/lessons-crash-test-\(getpid()).json"
        try report.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let stderr = "partial\nSwift/Array.swift:692: Fatal error: Index out of range\n"
        let crash = CrashReport.read(path: path, stderr: stderr, signal: 4)
        #expect(crash.location == SourceLocation(file: "Lessons/01-a.md", line: 22, column: 28))
        #expect(crash.message == "Index out of range")
        #expect(CrashReport.read(path: path + ".missing", stderr: "", signal: 11).message == "killed by signal 11")
        #expect(CrashReport.read(path: path, stderr: "", signal: 4).message == "Illegal instruction")
    }

    @Test func theBacktracerBannerIsDropped() {
        let stderr = "out\nFatal error: x\n\n*** Signal 4: Backtracing from 0x7f... done ***\n\n"
        #expect(!CrashReport.strippingBanner(stderr).contains("Backtracing"))
        #expect(CrashReport.strippingBanner(stderr).hasPrefix("out\nFatal error: x\n"))
    }
}

@Suite struct ExecutionRunnerPartsTests {
    @Test func limitsAreSetOnTheChild() throws {
        let out = NSTemporaryDirectory() + "/lessons-limits-test-\(getpid()).txt"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let limits = ResourceLimits(addressSpace: 8 << 30, fileSize: 64 << 20, cpuSeconds: 90)
        _ = try ProcessRunner.run(ProcessRequest(
            executable: "/bin/sh", arguments: ["-c", "ulimit -v; ulimit -f; ulimit -t"],
            workingDirectory: "/tmp", stdoutPath: out, stderrPath: "/dev/null", timeLimit: 30, limits: limits))
        // sh reports the address space in KiB and the file size in 512-byte blocks.
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "8388608\n131072\n90\n")
    }

    @Test func aStoppedChildTakesItsWholeTreeWithIt() throws {
        let folder = NSTemporaryDirectory() + "/lessons-tree-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // A grandchild in a session (and process group) of its own, as swift-driver's frontends are.
        try "sleep 300\n".write(toFile: folder + "/sleeper.sh", atomically: true, encoding: .utf8)
        let script = "setsid sh \(folder)/sleeper.sh & sh \(folder)/sleeper.sh & wait"
        let outcome = try ProcessRunner.run(ProcessRequest(
            executable: "/bin/sh", arguments: ["-c", script], workingDirectory: "/tmp",
            stdoutPath: "/dev/null", stderrPath: "/dev/null", timeLimit: 0.5))
        #expect(outcome.termination == .timedOut)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        let left = names.filter { name in
            guard Int32(name) != nil, let data = FileManager.default.contents(atPath: "/proc/\(name)/cmdline")
            else { return false }
            return String(decoding: data, as: UTF8.self).contains(folder)
        }
        #expect(left == [])
    }

    @Test func aMissingProgramIsALaunchFailure() {
        #expect(throws: ExecutionError.self) {
            try ProcessRunner.run(ProcessRequest(
                executable: "/nonexistent/program", arguments: [], workingDirectory: "/tmp",
                stdoutPath: "/dev/null", stderrPath: "/dev/null", timeLimit: 5))
        }
    }

    @Test func scratchFolderNamesCarryTheirOwner() {
        #expect(ScratchFolder.owner(of: "lessons-123-456") == 123)
        #expect(ScratchFolder.owner(of: "lessons-cli-test-1") == nil)
        #expect(ScratchFolder.owner(of: "lessons-12-x") == nil)
        #expect(ScratchFolder.owner(of: ScratchFolder.make(root: "/r").dropFirst(3).description) == getpid())
    }

    @Test func cappedReadsEndWithAMarker() throws {
        let path = NSTemporaryDirectory() + "/lessons-cap-test-\(getpid()).txt"
        try String(repeating: "a", count: 100).write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(readCapped(path, cap: 1000) == String(repeating: "a", count: 100))
        #expect(readCapped(path, cap: 10)
            == "aaaaaaaaaa\n[lessons: output cut at 10 bytes; 90 more bytes not shown]\n")
        #expect(readCapped(path + ".missing", cap: 10) == "")
    }

    @Test func theRunnerReportsExitStatusSignalAndTimeLimit() throws {
        func run(_ script: String, limit: Double = 10) throws -> Termination {
            try ProcessRunner.run(ProcessRequest(
                executable: "/bin/sh", arguments: ["-c", script], workingDirectory: "/tmp",
                stdoutPath: "/dev/null", stderrPath: "/dev/null", timeLimit: limit)).termination
        }
        #expect(try run("exit 3") == .exited(3))
        #expect(try run("kill -SEGV $$") == .signalled(SIGSEGV))
        #expect(try run("sleep 5", limit: 0.2) == .timedOut)
    }

    @Test func theBuildProductsOfThisTestRunAreFound() throws {
        let products = try BuildProducts.locate()
        #expect(products.objects.contains { $0.contains("/ConvLab.build/") })
        #expect(products.objects.contains { $0.contains("/LessonRuntime.build/") })
        #expect(!products.objects.contains { $0.contains("/LessonEngine.build/") })
        #expect(FileManager.default.fileExists(atPath: products.modules + "/ConvLab.swiftmodule"))
        #expect(products.identity.count == 64)
        #expect(Toolchain.recordedVersion(in: products.folder)?.hasPrefix("Swift version 6.") == true)
        #expect(Toolchain.recordedVersion(in: "/nonexistent") == nil)
    }
}
