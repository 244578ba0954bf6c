import CLIHarness
import Foundation
import Testing

/// Books and chapters that are not what they claim: each is bad input (exit 2) with a
/// message naming the file, and a CRLF chapter is reported like any other.
@Suite struct HostileBookTests {
    @Test func listExitsWithTwoWhenAChapterIsUnreadable() throws {
        let book = try CLI.temporaryBook()
        defer { try? FileManager.default.removeItem(at: book.deletingLastPathComponent()) }
        try "# Good\n".write(to: book.appendingPathComponent("01-good.md"), atomically: true, encoding: .utf8)
        try Data([0x23, 0x20, 0x43, 0x61, 0x66, 0xE9, 0x0A]).write(to: book.appendingPathComponent("02-latin.md"))
        let result = try CLI.run(["list", "--book", book.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("02-latin.md"))
        #expect(result.stderr.contains("line 1 is not UTF-8"))
    }

    @Test func aFIFOChapterIsRefusedNotWaitedOn() throws {
        let book = try CLI.temporaryBook()
        defer { try? FileManager.default.removeItem(at: book.deletingLastPathComponent()) }
        #expect(mkfifo(book.appendingPathComponent("01-fifo.md").path, 0o644) == 0)
        let result = try CLI.run(["run", "--book", book.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("01-fifo.md"))
        #expect(result.stderr.contains("FIFO"))
    }

    @Test func anEmptyBookFolderHasNoChapters() throws {
        let book = try CLI.temporaryBook()
        defer { try? FileManager.default.removeItem(at: book.deletingLastPathComponent()) }
        for command in ["list", "run"] {
            let result = try CLI.run([command, "--book", book.path])
            #expect(result.status == 2)
            #expect(result.stderr.contains("no chapters in \(book.path)"))
        }
    }

    @Test func aCRLFChapterKeepsTheSourceLineUnderItsErrors() throws {
        let book = try CLI.temporaryBook()
        defer { try? FileManager.default.removeItem(at: book.deletingLastPathComponent()) }
        let text = "# Windows\r\n\r\n```swift hiden\r\nlet x = 1\r\n```\r\n"
        try text.write(to: book.appendingPathComponent("01-crlf.md"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["run", "--book", book.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("01-crlf.md:3:"))
        #expect(result.stdout.contains("  3 │ ```swift hiden\n"))
    }
}
