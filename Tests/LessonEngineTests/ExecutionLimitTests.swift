import Foundation
import Testing
@testable import LessonEngine

/// Each per-cell limit stops a hostile cell with a message at its fence line. Every test
/// compiles and runs a real chapter program, and sets its limit in the cell's options as a
/// chapter would (`processes=8`), parsed by the chapter parser.
@Suite(.serialized) struct ExecutionLimitTests {
    private static let file = "Tests/Fixtures/limits.md"

    /// The chapter's cells: a first plain cell, then the hostile one with `info` options;
    /// the run's results, and the hostile cell.
    private func run(_ code: String, info: String, scratchRoot: String? = nil) throws -> (ChapterRun, Cell) {
        let markdown = "# Limits\n\n```swift\nprint(\"first\")\n```\n\n```swift \(info)\n\(code)\n```\n\n"
            + "```swift\nprint(\"never\")\n```\n"
        let chapter = ChapterParser.parse(markdown, file: Self.file)
        #expect(chapter.diagnostics.isEmpty)
        var options = ExecutionOptions()
        if let scratchRoot { options.scratchRoot = scratchRoot }
        let run = try ChapterExecutor.locate(options: options).run(chapter: "limits", file: Self.file, cells: chapter.cells)
        #expect(run.cells[0].stdout == "first\n")
        #expect(run.cells[2].status == .notRun)
        return (run, chapter.cells[1])
    }

    @Test func aForkBombIsStoppedAtItsProcessLimitWithEveryProcess() throws {
        // The program's path (argv[0]) lies in this folder: a survivor would show it.
        let root = NSTemporaryDirectory() + "/lessons-bomb-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        // Eight doublings: up to 255 processes, each then sleeping.
        let code = "for _ in 0..<8 { _ = fork() }\nsleep(60)"
        let started = Date()
        let (run, cell) = try run(code, info: "processes=8", scratchRoot: root)
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(run.cells[1].status == .failed)
        #expect(run.cells[1].error?.line == cell.fence.line)
        #expect(run.cells[1].error?.message == "the cell started more than 8 processes "
            + "(its limit; set one with processes=N) and was stopped with all of them")
        #expect(processes(mentioning: root) == [])
    }

    @Test func aCellWritingPastItsScratchBudgetIsStopped() throws {
        let code = """
            let block = [UInt8](repeating: 7, count: 256 << 10)
            var n = 0
            while true { FileManager.default.createFile(atPath: "f\\(n)", contents: Data(block)); n += 1 }
            """
        let (run, cell) = try run("import Foundation\n" + code, info: "scratch=2M timeout=30")
        #expect(run.cells[1].status == .failed)
        #expect(run.cells[1].error?.line == cell.fence.line)
        #expect(run.cells[1].error?.message == "the cell wrote more than 2 MiB of files in its working folder "
            + "(its limit; set one with scratch=SIZE) and was stopped")
    }

    @Test func aCellOpeningThousandsOfFilesIsStopped() throws {
        let code = "var held: [Int32] = []\nwhile true { held.append(open(\"/dev/null\", O_RDONLY)) }"
        let (run, cell) = try run(code, info: "files=100 timeout=30")
        #expect(run.cells[1].status == .failed)
        #expect(run.cells[1].error?.line == cell.fence.line)
        #expect(run.cells[1].error?.message == "the cell had more than 100 files open "
            + "(its limit; set one with files=N) and was stopped")
    }

    @Test func anOutputFloodIsStoppedAtTheCellsOwnLimit() throws {
        let code = "while true { print(String(repeating: \"z\", count: 500)) }"
        let (run, cell) = try run(code, info: "output=64K timeout=30")
        #expect(run.cells[1].status == .failed)
        #expect(run.cells[1].error?.line == cell.fence.line)
        #expect(run.cells[1].error?.message == "the cell wrote more than 64 KiB of output "
            + "(its limit; set one with output=SIZE) and was stopped")
    }

    @Test func aCellAllocatingTooMuchIsStopped() throws {
        // Allocations that are never touched: the address space fills, the machine's memory does not.
        let code = "var blocks: [UnsafeMutableRawPointer] = []\n"
            + "while true { blocks.append(UnsafeMutableRawPointer.allocate(byteCount: 64 << 20, alignment: 16)) }"
        let (run, cell) = try run(code, info: "memory=2G timeout=30")
        #expect(run.cells[1].status == .failed)
        #expect(run.cells[1].error?.file == Self.file)
        #expect((cell.fence.line...cell.fence.line + 3).contains(run.cells[1].error?.line ?? 0))
        #expect(run.cells[1].error?.message == "the cell ran out of memory: the program may use 2 GiB of "
            + "address space while it runs (its limit; set one with memory=SIZE)")
    }

    @Test func aSpinningCellIsStoppedAtItsCPUAndWallLimits() throws {
        let (cpu, cpuCell) = try run("while true {}", info: "cpu=1 timeout=30")
        #expect(cpu.cells[1].status == .failed)
        #expect(cpu.cells[1].error?.line == cpuCell.fence.line)
        #expect(cpu.cells[1].error?.message == "the cell used more than 1 s of CPU time "
            + "(its limit; set one with cpu=SECONDS) and was stopped")
        #expect(cpu.cells[1].durationMs < 20_000)
        let (wall, wallCell) = try run("while true { usleep(1000) }", info: "timeout=1.5")
        #expect(wall.cells[1].status == .timedOut)
        #expect(wall.cells[1].error?.line == wallCell.fence.line)
        #expect(wall.cells[1].error?.message == "the cell did not finish within 1.5 s "
            + "(its time limit; set one with timeout=SECONDS) and was stopped")
    }

    /// Pids of live processes whose command line mentions `text`.
    private func processes(mentioning text: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.filter { name in
            guard Int32(name) != nil, let data = FileManager.default.contents(atPath: "/proc/\(name)/cmdline")
            else { return false }
            return String(decoding: data, as: UTF8.self).contains(text)
        }
    }
}
