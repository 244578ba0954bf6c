import LessonRuntime

/// Finds `{{ name }}` placeholders in prose and replaces them by recorded values.
public enum References {
    /// The text of every placeholder a chapter's metrics can fill, by `Reference.key`: the
    /// value with its unit for `{{ name }}`, the bare value for `{{ name | raw }}`, both as
    /// `ValueText` writes numbers. The one formatting of placeholders, for site and terminal.
    public static func values(of metrics: [String: Metric]) -> [String: String] {
        var values: [String: String] = [:]
        for (name, metric) in metrics {
            values[name] = ValueText.metric(metric.value, unit: metric.unit)
            values[name + " | raw"] = ValueText.number(metric.value)
        }
        return values
    }

    /// A piece of prose: plain text, or a placeholder with the exact text it was written as.
    public enum Segment: Hashable, Sendable {
        /// Text without placeholders.
        case text(String)
        /// A `{{ name }}`; `source` is the text as written, shown when no value is known.
        case reference(Reference, source: String)
    }

    /// Splits one line of prose (`text`, whose first byte is at `line`:`column` of `file`)
    /// into text and placeholders. A `{{` with no `}}` after it on the line, or a name that
    /// is not letters, digits, `.`, `_` or `-`, is a diagnostic and stays text.
    public static func scan(_ text: String, file: String, line: Int, column: Int) -> (segments: [Segment], diagnostics: [Diagnostic]) {
        let bytes = Array(text.utf8)
        var segments: [Segment] = []
        var diagnostics: [Diagnostic] = []
        var plainStart = 0
        var index = 0
        while index + 1 < bytes.count {
            guard bytes[index] == UInt8(ascii: "{"), bytes[index + 1] == UInt8(ascii: "{") else {
                index += 1
                continue
            }
            let place = SourceLocation(file: file, line: line, column: column + index)
            guard let close = closingBraces(bytes, from: index + 2) else {
                diagnostics.append(Diagnostic(place, "'{{' is not closed by '}}' on the same line; "
                    + "write {{ metric.name }} to show a recorded value"))
                break
            }
            let inside = FrontMatter.trimmed(Array(bytes[(index + 2)..<close])).string
            let (name, filter) = split(inside)
            if let filter, filter != "raw" {
                diagnostics.append(Diagnostic(place, "'\(filter)' is not a filter of {{ }}; "
                    + "write {{ \(name) }} for the value with its unit or {{ \(name) | raw }} for the value alone"))
                index = close + 2
                continue
            }
            guard isName(name) else {
                diagnostics.append(Diagnostic(place, "'\(bytes[index..<(close + 2)].string)' is not a metric name; "
                    + "names start with a letter and go on with letters, digits, '.', '_' or '-', as in {{ params.ratio }}"))
                index = close + 2
                continue
            }
            if plainStart < index { segments.append(.text(bytes[plainStart..<index].string)) }
            segments.append(.reference(Reference(name: name, location: place, raw: filter != nil),
                                       source: bytes[index..<(close + 2)].string))
            index = close + 2
            plainStart = index
        }
        if plainStart < bytes.count { segments.append(.text(bytes[plainStart...].string)) }
        return (segments, diagnostics)
    }

    /// `text` with every placeholder replaced by `values[name]`; a name missing from
    /// `values` stays as written and gives a diagnostic at its place.
    public static func substitute(
        _ text: String, file: String, line: Int, column: Int = 1, values: [String: String]
    ) -> (text: String, diagnostics: [Diagnostic]) {
        let (segments, scanned) = scan(text, file: file, line: line, column: column)
        var diagnostics = scanned
        var result = ""
        for segment in segments {
            switch segment {
            case .text(let plain):
                result += plain
            case .reference(let reference, let source):
                if let value = values[reference.key] {
                    result += value
                } else {
                    result += source
                    diagnostics.append(unknown(reference))
                }
            }
        }
        return (result, diagnostics)
    }

    /// The diagnostic for a placeholder whose name no cell recorded.
    static func unknown(_ reference: Reference) -> Diagnostic {
        Diagnostic(reference.location, "no cell of this chapter records '\(reference.name)'; "
            + "call record(\"\(reference.name)\", value) in a cell or fix the name")
    }

    /// `name | filter` as its two trimmed parts; no `|` gives no filter.
    private static func split(_ inside: String) -> (name: String, filter: String?) {
        guard let bar = inside.firstIndex(of: "|") else { return (inside, nil) }
        let trim = { (text: Substring) in
            String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
        }
        return (trim(inside[..<bar]), trim(inside[inside.index(after: bar)...]))
    }

    private static func closingBraces(_ bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: "}"), bytes[index + 1] == UInt8(ascii: "}") { return index }
            index += 1
        }
        return nil
    }

    /// A letter first, so that `{{ __x__ }}` stays markdown (strong emphasis) as in cmark.
    private static func isName(_ name: String) -> Bool {
        guard let first = name.utf8.first, (first | 0x20) >= 0x61, (first | 0x20) <= 0x7A else { return false }
        return name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
        }
    }
}
