import Testing
import LessonEngine

/// `lessons new`: the slug and number of a new chapter, and the titles it refuses.
@Suite struct ChapterScaffoldTests {
    private func book(_ chapters: [(id: String, number: Int?)]) -> Book {
        Book(root: "Lessons", title: "Book", frontPage: nil, chapters: chapters.map { chapter in
            Chapter(id: chapter.id, number: chapter.number, file: "Lessons/\(chapter.id).md", title: chapter.id, summary: nil,
                    frontMatter: [:], document: MarkdownDocument(blocks: []), cells: [], references: [], diagnostics: [])
        }, diagnostics: [])
    }

    @Test func slugsKeepLettersAndDigits() {
        #expect(ChapterScaffold.slug("Two 3×3 convolutions instead of one 5×5") == "two-3x3-convolutions-instead-of-one-5x5")
        #expect(ChapterScaffold.slug("  Résumé: what *1×1* layers do!  ") == "resume-what-1x1-layers-do")
        #expect(ChapterScaffold.slug("ResNet-50 (v1.5)") == "resnet-50-v1-5")
        #expect(ChapterScaffold.slug("!!! ---") == "")
        #expect(ChapterScaffold.slug("日本語") == "")
    }

    @Test func theNumberComesAfterTheHighest() throws {
        // A gap (no 09) is not filled: the next chapter goes after the last one.
        let scaffold = try ChapterScaffold(title: "Dilated convolutions", book: book([("two-3x3", 1), ("erf", 10)]))
        #expect(scaffold.fileName == "11-dilated-convolutions.md")
        #expect(try ChapterScaffold(title: "First", book: book([])).fileName == "01-first.md")
    }

    @Test func titlesWithoutASlugOrWithATakenOneAreRefused() {
        #expect(throws: ChapterScaffold.Problem.emptySlug(title: "???")) {
            try ChapterScaffold(title: " ??? ", book: book([]))
        }
        #expect(throws: ChapterScaffold.Problem.existing(file: "Lessons/two-3x3.md")) {
            try ChapterScaffold(title: "Two 3×3", book: book([("two-3x3", 1)]))
        }
    }

    @Test func theDraftShowsOnlyThePinnedValue() throws {
        let text = try ChapterScaffold(title: "Dilated convolutions", book: book([])).markdown
        #expect(text.hasPrefix("---\ntitle: Dilated convolutions\n"))
        #expect(text.contains("# Dilated convolutions\n"))
        #expect(text.contains("{{ conv.params }}"))
        #expect(text.contains("pins: \"conv.params\")"))
        #expect(text.components(separatedBy: "plot(.").count - 1 == 2)
        #expect(text.contains("```swift exercise\n") && text.contains("```swift solution\n"))
    }
}
