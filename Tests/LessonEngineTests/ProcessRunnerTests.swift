import Foundation
import Testing
@testable import LessonEngine

@Suite struct ExecutionRunnerPartsTests {
    @Test func limitsBecomeUlimitCommands() {
        let limits = ResourceLimits(addressSpace: 8 << 30, fileSize: 64 << 20, cpuSeconds: 90)
        #expect(limits.shellCommand
            == "ulimit -v 8388608 2>/dev/null; ulimit -f 131072 2>/dev/null; ulimit -t 90 2>/dev/null")
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
