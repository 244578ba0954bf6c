/// A chapter's front matter: `key: value` lines between two `---` lines at the top.
///
/// Only the YAML that chapters need: one `key: value` a line, `#` comments and blank lines,
/// values optionally wrapped in matching `"` or `'`. Nested YAML (lists, maps, multi-line
/// strings) is an error at its line rather than being misread silently.
struct FrontMatter: Sendable {
    /// The fields in order of appearance.
    var fields: [(key: String, value: String)] = []
    /// The index in `SourceText.lines` of the first line after the front matter (0 if none).
    var bodyStart = 0
    /// Problems, at their line and column.
    var diagnostics: [Diagnostic] = []

    /// The fields as a dictionary (a duplicate key was already reported; the first wins).
    var dictionary: [String: String] {
        var result: [String: String] = [:]
        for field in fields where result[field.key] == nil { result[field.key] = field.value }
        return result
    }

    /// Reads the front matter at the top of `source`, if its first line is `---`.
    init(_ source: SourceText, file: String) {
        guard let first = source.lines.first, Self.isDelimiter(first.bytes) else { return }
        var seen: Set<String> = []
        for (offset, line) in source.lines.enumerated().dropFirst() {
            if Self.isDelimiter(line.bytes) || Self.trimmed(line.bytes) == Array("...".utf8) {
                bodyStart = offset + 1
                return
            }
            parse(line, file: file, seen: &seen)
        }
        // Without a closing line, the "bad lines" are just the body: report the one real problem.
        diagnostics = [Diagnostic(
            SourceLocation(file: file, line: first.number, column: 1),
            "front matter opened with '---' is never closed; add a line '---' after its last field")]
        bodyStart = source.lines.count
    }

    private mutating func parse(_ line: SourceText.Line, file: String, seen: inout Set<String>) {
        let bytes = line.bytes
        guard let start = bytes.firstIndex(where: { !$0.isSpaceOrTab }), bytes[start] != UInt8(ascii: "#") else {
            return
        }
        let location = SourceLocation(file: file, line: line.number, column: start + 1)
        guard start == 0 else {
            diagnostics.append(Diagnostic(location, "front matter lines must be 'key: value' starting at "
                + "column 1; nested YAML is not supported"))
            return
        }
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")),
              colon > 0, bytes[..<colon].allSatisfy(Self.isKeyByte)
        else {
            diagnostics.append(Diagnostic(location, "expected 'key: value' in front matter "
                + "(key of letters, digits, '_' or '-'), found '\(bytes.string)'"))
            return
        }
        let key = bytes[..<colon].string
        var value = Self.trimmed(Array(bytes[(colon + 1)...]))
        if value.count >= 2, let quote = value.first, quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'"),
           value.last == quote {
            value = Array(value.dropFirst().dropLast())
        } else if let quote = value.first, quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            let quoteIndex = bytes[(colon + 1)...].firstIndex { !$0.isSpaceOrTab } ?? colon
            diagnostics.append(Diagnostic(SourceLocation(file: file, line: line.number, column: quoteIndex + 1),
                "the value of '\(key)' opens a quote that is not closed on its line"))
            return
        }
        if seen.contains(key) {
            diagnostics.append(Diagnostic(location, "'\(key)' is given twice in the front matter; keep one"))
            return
        }
        seen.insert(key)
        if key == "title", value.isEmpty {
            diagnostics.append(Diagnostic(location, "the title is empty; write 'title: Your title' or remove the line"))
        }
        fields.append((key, value.string))
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }

    private static func isDelimiter(_ bytes: [UInt8]) -> Bool {
        trimmed(bytes) == Array("---".utf8) && bytes.first == UInt8(ascii: "-")
    }

    static func trimmed(_ bytes: [UInt8]) -> [UInt8] {
        guard let first = bytes.firstIndex(where: { !$0.isSpaceOrTab }),
              let last = bytes.lastIndex(where: { !$0.isSpaceOrTab })
        else { return [] }
        return Array(bytes[first...last])
    }
}
