import Foundation
import Testing
@testable import LessonEngine

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
