import CLIHarness
import Foundation
import Testing
@testable import LessonEngine

/// What is not a chapter is refused with the path and a reason; what is one still loads.
@Suite struct ChapterFileTests {
    private func folder() throws -> String {
        let path = TestFolders.path("lessons-chapterfile").path + "/Lessons"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func reason(_ path: String) -> String {
        do {
            _ = try ChapterFile.read(path)
            return "read"
        } catch {
            return error.description
        }
    }

    @Test func devicesFIFOsAndFoldersAreRefused() throws {
        let root = try folder()
        #expect(reason("/dev/zero").contains("a character device"))
        #expect(reason("/dev/zero").contains("'/dev/zero'"))
        #expect(mkfifo(root + "/01-fifo.md", 0o644) == 0)
        #expect(reason(root + "/01-fifo.md").contains("a FIFO"))
        try FileManager.default.createDirectory(atPath: root + "/02-dir.md", withIntermediateDirectories: true)
        #expect(reason(root + "/02-dir.md").contains("a folder"))
    }

    @Test func otherEncodingsAreRefusedWithTheirLine() throws {
        let root = try folder()
        let latin1 = Data("# Caf".utf8) + Data([0x0A]) + Data("caf".utf8) + Data([0xE9, 0x0A])
        try latin1.write(to: URL(fileURLWithPath: root + "/01-latin.md"))
        #expect(reason(root + "/01-latin.md").contains("line 2 is not UTF-8"))
        try "# Hi\n".data(using: .utf16)!.write(to: URL(fileURLWithPath: root + "/02-wide.md"))
        #expect(reason(root + "/02-wide.md").contains("UTF-16"))
        try "# Ça va\n".write(toFile: root + "/03-ok.md", atomically: true, encoding: .utf8)
        #expect(reason(root + "/03-ok.md") == "read")
    }

    @Test func aChapterOverTheSizeLimitIsRefused() throws {
        let root = try folder()
        try Data(repeating: 0x61, count: ChapterFile.maxBytes + 1).write(to: URL(fileURLWithPath: root + "/01-big.md"))
        #expect(reason(root + "/01-big.md").contains("at most 4 MiB"))
        try Data(repeating: 0x61, count: ChapterFile.maxBytes).write(to: URL(fileURLWithPath: root + "/02-edge.md"))
        #expect(reason(root + "/02-edge.md") == "read")
    }

    @Test func linksOutsideTheBookAndDotIdsAreRefused() throws {
        let root = try folder()
        let outside = (root as NSString).deletingLastPathComponent + "/secret.md"
        try "# Secret\n".write(toFile: outside, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: root + "/01-link.md", withDestinationPath: outside)
        try "# Dots\n".write(toFile: root + "/02-...md", atomically: true, encoding: .utf8)
        try "# Good\n".write(toFile: root + "/03-good.md", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: root + "/04-inside.md", withDestinationPath: root + "/03-good.md")
        let book = try BookLoader().load(path: root)
        #expect(book.chapters.map(\.id) == ["good", "inside"])
        #expect(book.unreadable.map { ($0 as NSString).lastPathComponent } == ["01-link.md", "02-...md"])
        #expect(book.diagnostics.contains { $0.message.contains("outside the book folder") })
        #expect(book.diagnostics.contains { $0.message.contains("does not make a chapter id") })
        #expect(throws: BookLoadError.self) { try BookLoader().loadUsable(path: root) }
        #expect(throws: BookLoadError.self) { try BookLoader().load(path: root + "/02-...md") }
    }

    @Test func aFolderWithoutChaptersIsNotABook() throws {
        let root = try folder()
        do {
            _ = try BookLoader().loadUsable(path: root)
            Issue.record("an empty folder loaded")
        } catch {
            #expect(error.description.hasPrefix("no chapters in \(root)"))
        }
    }

    @Test func sourceLinesSplitCRLFAndReadEachFileOnce() {
        var reads = 0
        let lines = SourceLines { _ in reads += 1; return "one\r\ntwo\rthree\nfour" }
        #expect(lines.line(2, of: "a.md") == "two")
        #expect(lines.line(3, of: "a.md") == "three")
        #expect(lines.line(4, of: "a.md") == "four")
        #expect(lines.line(5, of: "a.md") == nil)
        #expect(reads == 1)
    }
}
