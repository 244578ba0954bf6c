import Foundation
import Testing
@testable import LessonEngine

/// Compares our HTML with `cmark-gfm --extension table` on the CommonMark spec examples
/// and on every chapter file. Inputs come from `.ci/fetch-markdown-spec.sh`; locally the
/// test is skipped when they are missing, under `CI` it fails.
@Suite struct MarkdownDifferentialTests {
    @Test(.enabled(if: DifferentialInputs.shouldRun, DifferentialInputs.skipReason))
    func specExamplesMatchCmarkGFM() throws {
        let inputs = try DifferentialInputs.require()
        let examples = try JSONDecoder().decode([SpecExample].self, from: Data(contentsOf: URL(fileURLWithPath: inputs.spec)))
        let chosen = examples.filter { SpecSubset.sections.contains($0.section) && SpecSubset.excluded[$0.example] == nil }
        #expect(chosen.count > 500, "the spec JSON looks truncated: only \(chosen.count) examples in the subset")
        var failures: [String] = []
        for example in chosen {
            let ours = MarkdownDifferential.render(example.markdown)
            let theirs = try MarkdownDifferential.cmark(example.markdown, binary: inputs.cmark)
            if ours != theirs {
                failures.append("example \(example.example) (\(example.section)):\n\(example.markdown.debugDescription)\n"
                    + "ours:   \(ours.debugDescription)\ncmark:  \(theirs.debugDescription)")
            }
        }
        print("CommonMark spec subset: \(chosen.count - failures.count) of \(chosen.count) examples match cmark-gfm "
            + "(\(examples.count) in the spec, \(SpecSubset.excluded.count) excluded)")
        #expect(failures.isEmpty, "\(failures.count) examples differ:\n\(failures.prefix(15).joined(separator: "\n\n"))")
    }

    /// The GFM spec's table examples (198–205), which the CommonMark JSON does not have.
    static let gfmTables = [
        "| foo | bar |\n| --- | --- |\n| baz | bim |\n",
        "| abc | defghi |\n:-: | -----------:\nbar | baz\n",
        "| f\\|oo  |\n| ------ |\n| b `\\|` az |\n| b **\\|** im |\n",
        "| abc | def |\n| --- | --- |\n| bar | baz |\n> bar\n",
        "| abc | def |\n| --- | --- |\n| bar | baz |\nbar\n\nbar\n",
        "| abc | def |\n| --- |\n| bar |\n",
        "| abc | def |\n| --- | --- |\n| bar |\n| bar | baz | boo |\n",
        "| abc | def |\n| --- | --- |\n",
    ]

    @Test(.enabled(if: DifferentialInputs.shouldRun, DifferentialInputs.skipReason), arguments: gfmTables)
    func gfmTableExamplesMatchCmarkGFM(_ markdown: String) throws {
        let inputs = try DifferentialInputs.require()
        #expect(MarkdownDifferential.render(markdown) == (try MarkdownDifferential.cmark(markdown, binary: inputs.cmark)))
    }

    @Test(.enabled(if: DifferentialInputs.shouldRun, DifferentialInputs.skipReason))
    func chapterFilesMatchCmarkGFM() throws {
        let inputs = try DifferentialInputs.require()
        let files = MarkdownDifferential.chapterFiles()
        #expect(files.contains { $0.hasSuffix("Resources/sample-chapter.md") })
        for file in files {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let source = SourceText(text)
            let body = source.lines[FrontMatter(source, file: file).bodyStart...].map { $0.bytes.string }.joined(separator: "\n")
            let chapter = ChapterParser.parse(text, file: file)
            let ours = HTMLRenderer(rawHTML: .omit).render(chapter.document)
            let theirs = try MarkdownDifferential.cmark(body, binary: inputs.cmark)
            #expect(ours == theirs, "\(file) renders differently from cmark-gfm")
        }
        print("Chapter files compared with cmark-gfm: \(files.count)")
    }
}

/// One example of `commonmark.json`.
struct SpecExample: Decodable {
    var markdown: String
    var html: String
    var example: Int
    var section: String
}

/// Where the test's inputs are, and whether the test can run.
enum DifferentialInputs {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let spec = ProcessInfo.processInfo.environment["COMMONMARK_SPEC"]
        ?? packageRoot + "/.build/commonmark-spec/commonmark.json"
    static let cmark: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
        .map { $0 + "/cmark-gfm" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    static let specExists = FileManager.default.fileExists(atPath: spec)
    static let onCI = ProcessInfo.processInfo.environment["CI"] != nil
    /// Run when the inputs exist, and always under CI (where missing inputs must fail).
    static let shouldRun = onCI || (cmark != nil && specExists)
    static let skipReason: Comment = "cmark-gfm or the CommonMark spec JSON is missing: run .ci/fetch-markdown-spec.sh"

    /// The inputs, or an error that fails the test (reached only when they are missing under CI).
    static func require() throws -> (cmark: String, spec: String) {
        guard let cmark else { throw MissingInput(what: "cmark-gfm is not on PATH; run .ci/fetch-markdown-spec.sh") }
        guard specExists else { throw MissingInput(what: "no spec examples at \(spec); run .ci/fetch-markdown-spec.sh") }
        return (cmark, spec)
    }

    struct MissingInput: Error, CustomStringConvertible {
        var what: String
        var description: String { what }
    }
}

enum MarkdownDifferential {
    /// Our HTML in cmark-gfm's safe mode (raw HTML omitted), for comparison.
    static func render(_ markdown: String) -> String {
        HTMLRenderer(rawHTML: .omit).render(MarkdownParser(file: "spec.md").parse(markdown).document)
    }

    /// cmark-gfm's HTML for `markdown`.
    static func cmark(_ markdown: String, binary: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--extension", "table"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(markdown.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Every chapter of `Lessons/` and `Tests/Fixtures/`, and our own sample chapter.
    static func chapterFiles() -> [String] {
        let root = DifferentialInputs.packageRoot
        var files: [String] = []
        for folder in ["Lessons", "Tests/Fixtures", "Tests/LessonEngineTests/Resources"] {
            let path = root + "/" + folder
            guard let walker = FileManager.default.enumerator(atPath: path) else { continue }
            for case let name as String in walker where name.hasSuffix(".md") { files.append(path + "/" + name) }
        }
        return files.sorted()
    }
}
