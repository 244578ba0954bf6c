import CLIHarness
import Foundation
import Testing

/// Every `lessons` command the README shows — the Commands table and the examples in its
/// text — parses and names chapters that exist, as written. Run with `LESSONS_DRY_RUN=1`,
/// which resolves and stops, so that no test compiles the real book.
@Suite struct ReadmeCommandsTests {
    /// The README's `lessons …` commands: every one in a table row, and the inline ones in
    /// its text that give arguments (a bare `lessons new` in prose names the command, it
    /// does not show a call).
    static func commands() throws -> [String] {
        let readme = try String(contentsOfFile: CLI.root + "/README.md", encoding: .utf8)
        let spans = try Regex(#"`((?:swift run (?:-c release )?)?lessons [^`]*)`"#)
        var commands: [String] = []
        for line in readme.split(separator: "\n") {
            for match in line.matches(of: spans) {
                let command = String(match.output[1].substring ?? "")
                let arguments = command.split(separator: " ").drop { $0 != "lessons" }.dropFirst()
                if line.hasPrefix("|") || arguments.count > 1 { commands.append(command) }
            }
        }
        return commands.filter { !$0.contains("lessons.sqlite") }
    }

    /// The placeholders of a usage line, filled with names that exist in the book the
    /// command reads (`--book` or `Lessons`), and `[optional]` parts kept or dropped.
    static func forms(of command: String) -> [[String]] {
        var words = command.split(separator: " ").map(String.init)
        while let first = words.first, first != "lessons" { words.removeFirst() }
        words.removeFirst()
        let text = words.joined(separator: " ")
        let fixtures = text.contains("--book Tests/Fixtures") || text.contains("--book DIR")
        let values: [String: String] = [
            "CHAPTER|FILE.md": "1", "CHAPTER": "1", "FILE.md": "01-two-3x3.md", "CELL": fixtures ? "measure" : "vgg",
            "ID": fixtures ? "measure" : "vgg", "DIR": "Tests/Fixtures", "NAME": "reader", "TITLE": "Draft",
            "METRIC": "sum.value", "EXERCISE": "1", "C": "basics", "PATH": "/tmp/readme-commands.sqlite", "N": "2",
            "I/N|auto/N": "0/2", "I/N": "0/2",
            "P": "8000", "H": "127.0.0.1",
        ]
        func fill(_ text: String) -> [String] {
            shellWords(text).map { raw in
                let word = raw.replacingOccurrences(of: "\\|", with: "|")
                return values[word] ?? word.replacingOccurrences(of: "CHAPTER/CELL", with: "1/" + values["CELL"]!)
            }
        }
        let full = text.replacingOccurrences(of: "[", with: "").replacingOccurrences(of: "]", with: "")
        // Drop the innermost `[optional]` parts until none is left (`[CHAPTER[/CELL]]`).
        var bare = text
        let optional = try! Regex(#"\s*\[[^\[\]]*\]"#)
        while bare.contains(optional) { bare = bare.replacing(optional, with: "") }
        return full == bare ? [fill(full)] : [fill(full), fill(bare)]
    }

    /// Words split at spaces, with "double quoted" words kept whole.
    static func shellWords(_ text: String) -> [String] {
        var words: [String] = [], word = "", quoted = false
        for character in text {
            if character == "\"" { quoted.toggle() } else if character == " ", !quoted {
                if !word.isEmpty { words.append(word) }
                word = ""
            } else { word.append(character) }
        }
        if !word.isEmpty { words.append(word) }
        return words
    }

    @Test func theReadmeShowsTheChapterNamingAndCellExamples() throws {
        let all = try Self.commands()
        for expected in ["lessons run 01-two-3x3.md", "lessons run two-3x3", "lessons run 1"] {
            #expect(all.contains(expected), "README lacks `\(expected)`")
        }
        #expect(all.contains { $0.hasPrefix("swift run lessons run ") && $0.contains("--cell ID") })
    }

    @Test func everyReadmeCommandParsesAndResolves() throws {
        let commands = try Self.commands()
        #expect(commands.count > 20)
        for command in commands {
            for arguments in Self.forms(of: command) {
                let result = try CLI.run(arguments, environment: ["LESSONS_DRY_RUN": "1"])
                #expect(result.status == 0, "`\(command)` as \(arguments): \(result.stderr)")
                #expect(result.stderr.contains("lessons: dry run"), "`\(command)` as \(arguments): \(result.stderr)")
            }
        }
    }
}
