import CLIHarness
import Foundation
import Testing

/// `lessons new` end to end: the draft it writes passes `lessons verify` at once.
@Suite("lessons new", .serialized)
struct NewCommandTests {
    @Test func aNewChapterPassesVerifyAtOnce() throws {
        let book = try CLI.temporaryBook()
        defer { try? FileManager.default.removeItem(at: book.deletingLastPathComponent()) }
        let made = try CLI.run(["new", "Dilated 3×3 convolutions", "--book", book.path])
        #expect(made.status == 0, "\(made.stdout)\(made.stderr)")
        #expect(made.stdout == book.appendingPathComponent("01-dilated-3x3-convolutions.md").path + "\n")
        let verified = try CLI.run(["verify", "--book", book.path])
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        #expect(verified.stdout.contains("✓ verify: the chapter holds"))

        // The next one is numbered after it; the same title again is refused.
        let second = try CLI.run(["new", "Grouped convolutions", "--book", book.path])
        #expect(second.stdout.hasSuffix("/02-grouped-convolutions.md\n"))
        let again = try CLI.run(["new", "dilated 3x3 Convolutions!", "--book", book.path])
        #expect(again.status == 2)
        #expect(again.stderr.contains("01-dilated-3x3-convolutions.md already exists"), "\(again.stderr)")
        let empty = try CLI.run(["new", "???", "--book", book.path])
        #expect(empty.status == 2)
        #expect(empty.stderr == "lessons: error: the title '???' gives an empty file name: use at least one letter or digit (a–z, 0–9)\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: book.path).sorted()
                == ["01-dilated-3x3-convolutions.md", "02-grouped-convolutions.md"])
    }
}
