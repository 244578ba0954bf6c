import Foundation
import Testing
@testable import LessonEngine

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
