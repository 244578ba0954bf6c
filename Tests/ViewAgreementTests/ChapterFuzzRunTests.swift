import ConvLab
import Foundation
import LessonRuntime
import SiteRenderer
import Stepper
import Terminal
import Testing
@testable import LessonEngine

/// 100,000 generated and mutated chapters per run, seeded so that any failure can be
/// reproduced: none may crash the reader, the parser, the chapter model or the renderers
/// (HTML for every chapter, the terminal for every 10th, the whole site for every 1,000th),
/// none may take over 1 s per MB, every diagnostic must point into the file, and every
/// chapter the reader refuses must get a message naming its path.
@Suite struct ChapterFuzzRunTests {
    static let count = 100_000
    /// The whole run's budget on a loaded 2-core machine in a debug build.
    static let budgetSeconds = 120.0

    /// Lines that reach many paths of the parser when shuffled together.
    static let pieces = [
        "---", "title: x", "summary: y", "```swift", "```swift id=a hidden", "```swift timeout=0", "```swift memory=lots",
        "```swift cpu=2 files=10 processes=1 scratch=1M output=2K", "```swift exercise", "```swift solution", "```swift fails norun",
        "```", "~~~", "{{ a }}", "{{ a | raw }}", "{{", "}}", "{{{{}}}}", "# h", "## h2", "> q", "> > > deep", "- item", "1. one",
        "   ```swift solution", "| a | b |", "|---|---|", "| 1 |", "`code`", "*em*", "**strong**", "_u_", "a*b*c", "<div>",
        "[link](url)", "![img](x)", "[ref]: http://x", "\\", "&amp;", "&#xZZ;", "\t", "    indented", "", "Array<Int>",
        "***", "é ü 漢字", "\u{0}", "\r", "[[[[", "]]]]", "****____", "<http://a.b>",
    ]

    @Test func aHundredThousandChaptersNeitherCrashNorStall() throws {
        var generator = SeededGenerator(seed: 20_261_205)  // ConvLab's: the same on every machine
        let seeds = try Self.fixtureChapters()
        var slow: [(bytes: [UInt8], seconds: Double)] = []
        var refused = 0, diagnosed = 0
        let started = Date()
        for index in 0..<Self.count {
            let bytes = index % 2 == 0
                ? Self.generated(&generator)
                : Self.mutated(seeds[index / 2 % seeds.count], &generator)
            let path = "fuzz/\(index % 97)-c\(index).md"
            let clock = Date()
            switch Self.check(bytes, path: path, renders: index % 10 == 0, site: index % 1_000 == 0) {
            case .refused: refused += 1
            case .parsed(let problems): diagnosed += problems > 0 ? 1 : 0
            }
            let seconds = Date().timeIntervalSince(clock)
            if seconds > Self.allowance(bytes.count) { slow.append((bytes, seconds)) }
        }
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed < Self.budgetSeconds, "\(Self.count) chapters took \(Int(elapsed)) s")
        // Both kinds of input were exercised.
        #expect(refused > 100)
        #expect(diagnosed > 10_000)
        // A stall is told from a loaded machine by timing the input again, interleaved with
        // the largest fixture chapter in the same conditions (tests on the other core load
        // this one unevenly: a 136-byte chapter once took 8.6 ms at best of three): slow
        // only if over the allowance and over 10 times the reference's time per byte.
        let reference = seeds.max { $0.count < $1.count } ?? []
        for (bytes, first) in slow.prefix(50) {
            var best = (input: first, reference: Double.infinity)
            for _ in 0..<5 {
                best.input = min(best.input, Self.seconds { _ = Self.check(bytes, path: "again.md", renders: true, site: false) })
                best.reference = min(best.reference, Self.seconds { _ = Self.check(reference, path: "reference.md", renders: true, site: false) })
            }
            let referenceAllowance = 10 * best.reference * Double(max(bytes.count, reference.count)) / Double(reference.count)
            #expect(best.input <= max(Self.allowance(bytes.count), referenceAllowance),
                    "\(bytes.count) bytes took \(best.input) s (the \(reference.count)-byte reference \(best.reference) s): \(String(decoding: bytes.prefix(200), as: UTF8.self).debugDescription)")
        }
    }

    /// Seconds `work` takes.
    static func seconds(_ work: () -> Void) -> Double {
        let clock = Date()
        work()
        return Date().timeIntervalSince(clock)
    }

    /// 1 s per MB, and 5 ms for any chapter (a debug build's fixed cost per chapter).
    static func allowance(_ bytes: Int) -> Double { 0.005 + Double(bytes) / 1_000_000 }

    enum Outcome { case refused, parsed(problems: Int) }

    /// Reads, parses and renders one chapter, checking what must hold of every chapter.
    static func check(_ bytes: [UInt8], path: String, renders: Bool, site: Bool) -> Outcome {
        let text: String
        do {
            text = try ChapterFile.decode(bytes, path: path)
        } catch {
            #expect(error.description.contains(path), "refused without its path: \(error)")
            return .refused
        }
        let chapter = ChapterParser.parse(text, file: path)
        let lineCount = max(SourceText(text).lines.count, 1)
        #expect(chapter.diagnostics.count <= ChapterParser.maxDiagnostics + 1)
        for diagnostic in chapter.diagnostics {
            #expect(diagnostic.location.file == path && !diagnostic.message.isEmpty)
            #expect((1...lineCount).contains(diagnostic.location.line), "\(diagnostic) in \(text.debugDescription)")
            #expect(diagnostic.location.column >= 1)
        }
        #expect(chapter.cells.enumerated().allSatisfy { $0.offset == $0.element.index })
        let html = HTMLRenderer().render(chapter.document)
        #expect(chapter.document.blocks.isEmpty || !html.isEmpty)
        if renders {
            _ = TerminalProse(style: .plain(width: 60)).render(chapter.document.blocks)
        }
        if site {
            let book = Book(root: "fuzz", title: "Fuzz", frontPage: nil, chapters: [chapter], diagnostics: [])
            let files = Site(SiteInput(book: book, runs: [])).files()
            #expect(files.contains { $0.path == "index.html" })
        }
        return .parsed(problems: chapter.diagnostics.count)
    }

    /// 1 to 40 lines of pieces, sometimes with random bytes in between.
    static func generated(_ generator: inout SeededGenerator) -> [UInt8] {
        var bytes: [UInt8] = []
        for _ in 0..<Int.random(in: 1...40, using: &generator) {
            if Int.random(in: 0..<20, using: &generator) == 0 {
                bytes += (0..<Int.random(in: 1...8, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            } else {
                bytes += Array((pieces.randomElement(using: &generator) ?? "").utf8)
            }
            bytes.append(Int.random(in: 0..<10, using: &generator) == 0 ? 0x20 : 0x0A)
        }
        return bytes
    }

    /// A fixture chapter with 1 to 4 edits: a byte changed, a range deleted or repeated, a
    /// piece inserted.
    static func mutated(_ seed: [UInt8], _ generator: inout SeededGenerator) -> [UInt8] {
        var bytes = seed
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            let at = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &generator)
            let length = min(bytes.count - at, Int.random(in: 0...40, using: &generator))
            switch Int.random(in: 0..<4, using: &generator) {
            case 0 where !bytes.isEmpty: bytes[at] = UInt8.random(in: 0...255, using: &generator)
            case 1: bytes.removeSubrange(at..<(at + length))
            case 2: bytes.insert(contentsOf: bytes[at..<(at + length)], at: at)
            default: bytes.insert(contentsOf: Array((pieces.randomElement(using: &generator) ?? "").utf8) + [0x0A], at: at)
            }
        }
        return bytes
    }

    /// The CLI fixtures' chapters: small, and between them every cell option and failure.
    static func fixtureChapters() throws -> [[UInt8]] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures").path
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".md") }.sorted()
        let chapters = try names.map { Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + $0))) }
        #expect(chapters.count >= 15)
        return chapters
    }
}
