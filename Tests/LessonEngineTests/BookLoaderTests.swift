import CLIHarness
import Foundation
import Testing
@testable import LessonEngine

/// A fresh folder with the given files, in the test process's folder (`TestFolders`).
private func makeBook(_ files: [String: String]) throws -> String {
    let root = TestFolders.path("lessonbook").appendingPathComponent("Lessons")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    for (name, text) in files {
        try text.write(to: root.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    return root.path
}

@Suite struct BookLoaderTests {
    @Test func loadsChaptersInNumberOrderWithFrontPage() throws {
        let root = try makeBook([
            "10-ten.md": "# Ten\n", "2-two.md": "# Two\n", "01-one.md": "# One\n",
            "index.md": "---\ntitle: Conv Tricks\n---\nWelcome\n",
        ])
        let book = try BookLoader().load(path: root)
        #expect(book.title == "Conv Tricks")
        #expect(book.chapters.map(\.id) == ["one", "two", "ten"])
        #expect(book.chapters.map(\.number) == [1, 2, 10])
        #expect(book.frontPage?.id == "index")
        #expect(book.allDiagnostics.isEmpty)
    }

    @Test func oneBadChapterDoesNotStopTheBook() throws {
        let root = try makeBook([
            "01-good.md": "```swift\nlet x = 1\n```\n",
            "02-bad.md": "```swift hiden\nlet y = 2\n",
            "notes.md": "stray\n",
        ])
        let book = try BookLoader().load(path: root)
        #expect(book.chapters.map(\.id) == ["good", "bad"])
        #expect(book.chapters[0].diagnostics.isEmpty)
        #expect(book.chapters[1].diagnostics.count == 2)
        #expect(book.diagnostics.count == 1)
        #expect(book.diagnostics[0].message.contains("'notes.md' is not a chapter name"))
        #expect(book.title == "Lessons")
    }

    @Test func clashingNumbersAndIDsAreReported() throws {
        let root = try makeBook(["01-a.md": "", "01-b.md": "", "02-a.md": ""])
        let book = try BookLoader().load(path: root)
        #expect(book.diagnostics.count == 2)
        #expect(book.diagnostics.contains { $0.message.contains("chapter number 1") })
        #expect(book.diagnostics.contains { $0.message.contains("chapter id 'a'") })
    }

    @Test func singleFileIsABookOfOneChapter() throws {
        let root = try makeBook(["03-solo.md": "---\ntitle: Solo\n---\n"])
        let book = try BookLoader().load(path: root + "/03-solo.md")
        #expect(book.chapters.map(\.title) == ["Solo"])
        #expect(book.title == "Solo")
        #expect(throws: BookLoadError.notFound(path: root + "/nope.md")) { try BookLoader().load(path: root + "/nope.md") }
        try "x".write(toFile: root + "/data.txt", atomically: true, encoding: .utf8)
        #expect(throws: BookLoadError.notMarkdown(path: root + "/data.txt")) { try BookLoader().load(path: root + "/data.txt") }
    }

    @Test func chapterNamesResolveInsideTheBookOnly() throws {
        let root = try makeBook(["01-one.md": "", "02-two.md": ""])
        try "outside".write(toFile: root + "/../99-out.md", atomically: true, encoding: .utf8)
        let loader = BookLoader()
        let book = try loader.load(path: root)
        #expect(try loader.chapter(named: "two", in: book).id == "two")
        #expect(try loader.chapter(named: "2", in: book).id == "two")
        #expect(try loader.chapter(named: "01-one.md", in: book).id == "one")
        #expect(try loader.chapter(named: root + "/02-two.md", in: book).id == "two")
        #expect(throws: BookLoadError.escapesBook(name: "../99-out.md", book: root)) {
            try loader.chapter(named: "../99-out.md", in: book)
        }
        #expect(throws: BookLoadError.escapesBook(name: "/etc/passwd", book: root)) {
            try loader.chapter(named: "/etc/passwd", in: book)
        }
        #expect(throws: BookLoadError.noSuchChapter(name: "three", book: root, available: ["one", "two"])) {
            try loader.chapter(named: "three", in: book)
        }
    }
}
