import CLIHarness
import Foundation
import Testing

/// `lessons export ipynb` end to end, on the fixture chapter that shows every kind of output.
@Suite("lessons export ipynb", .serialized)
struct ExportCommandTests {
    @Test func aChapterExportsAsANotebookWithItsOutputs() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lessons-ipynb-\(UUID().uuidString)")
        // --db names a file in an existing folder (a missing one is an error, not made).
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let db = scratch.appendingPathComponent("db.sqlite").path, out = scratch.appendingPathComponent("nb").path
        let ran = try CLI.run(["run", "basics", "--book", "Tests/Fixtures", "--db", db, "--json"])
        let run = try ran.json()
        let exported = try CLI.run(["export", "ipynb", "basics", "--book", "Tests/Fixtures", "--db", db, "--out", out])
        #expect(exported.status == 0, "\(exported.stdout)\(exported.stderr)")
        let data = try Data(contentsOf: URL(fileURLWithPath: out + "/01-basics.ipynb"))
        let notebook = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(notebook["nbformat"] as? Int == 4)
        #expect(notebook["nbformat_minor"] as? Int == 5)

        // Provenance: the stored run `lessons run` made, not a new one.
        let metadata = try #require(notebook["metadata"] as? [String: Any])
        let provenance = try #require(metadata["lessonbook"] as? [String: String])
        #expect(provenance["cacheKey"] == run["cacheKey"] as? String)
        #expect(provenance["startedAt"] == run["startedAt"] as? String)
        #expect(provenance["toolchain"] == run["toolchain"] as? String)
        #expect(provenance["chapter"] == "basics" && provenance["status"] == "passed")
        #expect((metadata["language_info"] as? [String: String])?["name"] == "swift")

        let cells = try #require(notebook["cells"] as? [[String: Any]])
        let ids = cells.compactMap { $0["id"] as? String }
        #expect(ids.count == cells.count && Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.range(of: "^[a-zA-Z0-9_-]{1,64}$", options: .regularExpression) != nil })
        func text(_ value: Any?) -> String { (value as? [String])?.joined() ?? "" }
        // Prose with its values filled as the site shows them: 10 with its unit, 0.5.
        #expect(cells[0]["cell_type"] as? String == "markdown")
        #expect(text(cells[0]["source"]) == "# Basics\n\nThe sum is 10 units and the ratio is 0.5.")
        #expect(cells[0]["outputs"] == nil && cells[0]["execution_count"] == nil)

        let code = cells.filter { $0["cell_type"] as? String == "code" }
        #expect(code.count == 4)
        #expect(code.allSatisfy { $0.keys.contains("execution_count") && $0["outputs"] is [Any] })
        #expect(text(code[0]["source"]) == "let numbers = [1.0, 2.0, 3.0, 4.0]\nprint(\"numbers:\", numbers.count)")
        let first = try #require(code[0]["outputs"] as? [[String: Any]])
        #expect(first.count == 1 && first[0]["output_type"] as? String == "stream" && first[0]["name"] as? String == "stdout")
        #expect(text(first[0]["text"]) == "numbers: 4\n")
        #expect(((code[1]["metadata"] as? [String: Any])?["jupyter"] as? [String: Bool])?["source_hidden"] == true)

        // The measuring cell: its table as HTML, three plots as SVG, the shown tensor, then its claims.
        let measure = try #require(code[2]["outputs"] as? [[String: Any]])
        let displays = measure.compactMap { $0["data"] as? [String: Any] }
        #expect(displays.filter { $0["text/html"] != nil }.count == 1)
        let html = text(displays.first(where: { $0["text/html"] != nil })?["text/html"])
        #expect(html.contains("<th>n</th><th>square</th>"))
        let plots = displays.filter { $0["image/svg+xml"] != nil }
        #expect(plots.count == 3)
        #expect(plots.allSatisfy { text($0["image/svg+xml"]).hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\"") })
        #expect(plots.map { text($0["text/plain"]) } == ["squares", "groups", "grid"])
        let claims = text(displays.last?["text/plain"])
        #expect(claims == "✓ the sum is ten — measured 10, expected 10 ± 1e-12\n✓ the numbers are sorted")

        let last = try #require(code[3]["outputs"] as? [[String: Any]])
        #expect(last.map { $0["name"] as? String } == ["stdout", "stderr"])
        #expect(text(last[1]["text"]) == "to stderr\n")
    }

    @Test func printedTextAndShownOutputsKeepTheirCallOrderInTheNotebook() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lessons-ipynb-order-\(UUID().uuidString)")
        let book = scratch.appendingPathComponent("book")
        try FileManager.default.createDirectory(at: book, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        try """
            ---
            title: Order
            ---

            # Order

            ```swift
            print("before")
            show("first")
            print("between")
            show("second")
            print("after")
            ```
            """.write(to: book.appendingPathComponent("01-order.md"), atomically: true, encoding: .utf8)
        let db = scratch.appendingPathComponent("db.sqlite").path, out = scratch.appendingPathComponent("nb").path
        let exported = try CLI.run(["export", "ipynb", "order", "--book", book.path, "--db", db, "--out", out])
        #expect(exported.status == 0, "\(exported.stdout)\(exported.stderr)")
        let data = try Data(contentsOf: URL(fileURLWithPath: out + "/01-order.ipynb"))
        let notebook = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let cells = try #require(notebook["cells"] as? [[String: Any]])
        let code = try #require(cells.first { $0["cell_type"] as? String == "code" })
        let outputs = try #require(code["outputs"] as? [[String: Any]])
        // Each output as "stdout:TEXT" or "show:TEXT", in the order the notebook lists them.
        let order = outputs.map { output -> String in
            if output["output_type"] as? String == "stream" {
                return "stdout:" + ((output["text"] as? [String])?.joined() ?? "")
            }
            let data = output["data"] as? [String: Any]
            return "show:" + ((data?["text/plain"] as? [String])?.joined() ?? (data?["text/plain"] as? String ?? ""))
        }
        #expect(order == ["stdout:before\n", "show:first", "stdout:between\n", "show:second", "stdout:after\n"])
    }

    @Test func onlyThePlacesTheParserReadAsReferencesAreFilled() throws {
        let book = try CLI.temporaryBook()
        defer { try? FileManager.default.removeItem(at: book.deletingLastPathComponent()) }
        let prose = """
            # Values

            - a list item whose value is on its second line:
              it is {{ x.value }} here.

            > quoted: {{ x.value }}

            Inline code stays as written: `{{ x.value }}`; an unknown name too: {{ nothing }}.
            """
        let cell = "```swift\nrecord(\"x.value\", 0.125, unit: \"ms\")\n```\n"
        // Prose after a cell starts after blank lines: its values must be found there too.
        let after = "\n\nAfter the cell, {{ x.value }} again.\n"
        try Data((prose + "\n\n" + cell + after).utf8).write(to: book.appendingPathComponent("01-values.md"))
        let out = book.deletingLastPathComponent().appendingPathComponent("nb").path
        let result = try CLI.run(["export", "ipynb", "--book", book.path, "--out", out])
        // The unknown name fails the chapter, as `lessons run` fails it; the notebook is still written.
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        let data = try Data(contentsOf: URL(fileURLWithPath: out + "/01-values.ipynb"))
        let notebook = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let cells = try #require(notebook["cells"] as? [[String: Any]])
        #expect((cells.first?["source"] as? [String])?.joined() == """
            # Values

            - a list item whose value is on its second line:
              it is 0.125 ms here.

            > quoted: 0.125 ms

            Inline code stays as written: `{{ x.value }}`; an unknown name too: {{ nothing }}.
            """)
        #expect(cells.map { $0["cell_type"] as? String } == ["markdown", "code", "markdown"])
        #expect((cells.last?["source"] as? [String])?.joined() == "After the cell, 0.125 ms again.")
    }

    @Test func exportRefusesAFileAsItsFolder() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("lessons-ipynb-\(UUID().uuidString)")
        try Data().write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try CLI.run(["export", "ipynb", "basics", "--book", "Tests/Fixtures", "--out", file.path])
        #expect(result.status == 2)
        #expect(result.stderr == "lessons: chapter 1, basics (Tests/Fixtures/01-basics.md)\n"
                + "lessons: error: --out \(file.path) is a file, not a folder\n")
    }
}
