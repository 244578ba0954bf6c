import CLIHarness
import Foundation
import LessonEngine
import LessonRuntime
import SiteRenderer
import Stepper
import Testing

/// The site and the terminal show every recorded value of a chapter with the same digits
/// and unit: the chapter is run for real, then its prose is rendered by the site's chapter
/// page and by the stepper's prose renderer, and each ⟦…⟧ marker's text is compared.
@Suite struct ValueAgreementTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/values").path

    /// The texts between ⟦ and ⟧, in order.
    static func marked(_ text: String) -> [String] {
        text.matches(of: /⟦([^⟧]*)⟧/).map { String($0.output.1) }
    }

    @Test func siteAndTerminalShowEveryRecordedValueAlike() throws {
        let result = try CLI.run(["run", Self.folder + "/01-values.md", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let run = try WireFormat.decoder().decode(ChapterRun.self, from: Data(result.stdout.utf8))
        let book = try BookLoader().load(path: Self.folder)
        let chapter = try #require(book.chapters.first)
        // Every metric the run recorded is shown in the prose, with and without its unit.
        #expect(Set(chapter.references.map(\.name)) == Set(run.metrics.keys))

        let page = try #require(Site(SiteInput(book: book, runs: [run])).files().first { $0.path == "values.html" })
        let siteText = page.contents.replacing(/<[^>]*>/, with: "").replacing("&amp;", with: "&")
        let site = Self.marked(siteText)
        let terminal = Self.marked(TerminalProse(style: .plain(width: 400), metrics: run.metrics)
            .render(chapter.document.blocks))

        let expected = chapter.references.map { reference -> String in
            let metric = run.metrics[reference.name]!
            return reference.raw ? ValueText.number(metric.value) : ValueText.metric(metric.value, unit: metric.unit)
        }
        #expect(site.count == 2 * run.metrics.count)
        #expect(site == expected)
        #expect(terminal == expected)
        #expect(site.contains("12.5 ms") && site.contains("1234567") && site.contains("7.25"))
    }
}
