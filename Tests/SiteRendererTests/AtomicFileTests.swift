import Foundation
import Testing
@testable import SiteRenderer

/// The site's writer: a kill at any moment leaves the old page or the new one, whole, and
/// no temporary file.
@Suite struct AtomicFileTests {
    private func folder() throws -> String {
        let path = NSTemporaryDirectory() + "/lessons-atomic-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func untilTheRenameTheFolderHoldsTheOldPageAndNothingElse() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "old page".write(toFile: dir + "/index.html", atomically: false, encoding: .utf8)
        let big = Data(repeating: UInt8(ascii: "x"), count: 4 << 20)
        var seen: [String] = []
        var during = ""
        try AtomicFile.write(big, to: dir + "/index.html") {
            // A kill here: the new bytes are written but have no name yet.
            seen = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            during = (try? String(contentsOfFile: dir + "/index.html", encoding: .utf8)) ?? ""
        }
        #expect(seen == ["index.html"])
        #expect(during == "old page")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["index.html"])
        #expect(FileManager.default.contents(atPath: dir + "/index.html") == big)
    }

    @Test func temporariesOfDeadWritersAreSweptAndLiveOnesKept() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // A pid that no process has: past the kernel's largest (pid_max is at most 2^22).
        let dead = AtomicFile.temporaryName(of: "a.html", pid: 4_194_305)
        let live = AtomicFile.temporaryName(of: "b.html", pid: getppid())
        for name in [dead, live, "notes.tmp", ".hidden"] {
            try "x".write(toFile: dir + "/" + name, atomically: false, encoding: .utf8)
        }
        #expect(AtomicFile.owner(of: dead) == 4_194_305)
        #expect(AtomicFile.owner(of: "notes.tmp") == nil)
        AtomicFile.sweep(dir)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == [".hidden", live, "notes.tmp"].sorted())
    }

    @Test func anUnwritableFolderIsAnErrorNamingThePath() {
        #expect(throws: SiteError.cannotWrite(path: "/nonexistent-lessons/x.html", reason: "No such file or directory")) {
            try AtomicFile.write(Data("x".utf8), to: "/nonexistent-lessons/x.html")
        }
    }
}
