import LessonRuntime

/// Finds `{{ name }}` placeholders in prose and replaces them by recorded values.
public enum References {
    /// A piece of prose: plain text, or a placeholder with the exact text it was written as.
    public enum Segment: Hashable, Sendable {
        /// Text without placeholders.
        case text(String)
        /// A `{{ name }}`; `source` is the text as written, shown when no value is known.
        case reference(Reference, source: String)
    }

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

    /// Splits one line of prose (`text`, whose first byte is at `line`:`column` of `file`)
    /// into text and placeholders. A `{{` with no `}}` after it on the line, or a name that
    /// is not letters, digits, `.`, `_` or `-`, is a diagnostic and stays text.
    public static func scan(_ text: String, file: String, line: Int, column: Int) -> (segments: [Segment], diagnostics: [Diagnostic]) {
        let bytes = Array(text.utf8)
        var segments: [Segment] = []
        var diagnostics: [Diagnostic] = []
        var plainStart = 0
        var index = 0
        var closes = ClosingBraces()
        while index + 1 < bytes.count {
            guard bytes[index] == UInt8(ascii: "{"), bytes[index + 1] == UInt8(ascii: "{") else {
                index += 1
                continue
            }
            let place = SourceLocation(file: file, line: line, column: column + index)
            guard let close = closes.first(in: bytes, from: index + 2, end: bytes.count) else {
                diagnostics.append(Diagnostic(place, unclosedMessage))
                break
            }
            switch placeholder(bytes, open: index, close: close) {
            case .failure(let problem):
                diagnostics.append(Diagnostic(place, problem.message))
                index = close + 2
            case .success(let found):
                if plainStart < index { segments.append(.text(bytes[plainStart..<index].string)) }
                segments.append(.reference(Reference(name: found.name, location: place, raw: found.raw),
                                           source: bytes[index..<(close + 2)].string))
                index = close + 2
                plainStart = index
            }
        }
        if plainStart < bytes.count { segments.append(.text(bytes[plainStart...].string)) }
        return (segments, diagnostics)
    }

    /// The message for a `{{` with no `}}` after it on its line.
    static let unclosedMessage = "'{{' is not closed by '}}' on the same line; "
        + "write {{ metric.name }} to show a recorded value"

    /// A `{{…}}` whose inside is not a metric name.
    struct NotAName: Error {
        /// The diagnostic's message, quoting at most `quoteLimit` bytes of the placeholder.
        var message: String
    }

    /// Bytes of a bad placeholder quoted in its diagnostic: a chapter with a long run of
    /// `{{` must not get messages that each repeat the whole run.
    static let quoteLimit = 40

    /// The name in `bytes[open..<close + 2]` (`{{ name }}` or `{{ name | raw }}`), read left to
    /// right so that the work stops at the first byte that cannot be part of a placeholder: a
    /// line of `{{` costs linear time, not quadratic.
    static func placeholder(_ bytes: [UInt8], open: Int, close: Int) -> Result<(name: String, raw: Bool), NotAName> {
        var index = open + 2
        func skipSpaces() { while index < close, bytes[index].isSpaceOrTab { index += 1 } }
        skipSpaces()
        let start = index
        if index < close, (bytes[index] | 0x20) >= 0x61, (bytes[index] | 0x20) <= 0x7A {
            while index < close, isNameByte(bytes[index]) { index += 1 }
        }
        let end = index
        skipSpaces()
        var filter: String?
        if start < end, index < close, bytes[index] == UInt8(ascii: "|") {
            index += 1
            skipSpaces()
            let filterStart = index
            while index < close, isNameByte(bytes[index]) { index += 1 }
            filter = bytes[filterStart..<index].string
            skipSpaces()
        }
        let shown = bytes[open..<min(close + 2, open + quoteLimit)].string
            + (close + 2 - open > quoteLimit ? "…" : "")
        guard index == close, start < end else {
            return .failure(NotAName(message: "'\(shown)' is not a metric name; names start with a letter and go on "
                + "with letters, digits, '.', '_' or '-', as in {{ params.ratio }}"))
        }
        let name = bytes[start..<end].string
        if let filter, filter != "raw" {
            return .failure(NotAName(message: "'\(filter)' is not a filter of {{ }}; write {{ \(name) }} for the "
                + "value with its unit or {{ \(name) | raw }} for the value alone"))
        }
        return .success((name, filter != nil))
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

    /// A letter first (checked by the caller), so that `{{ __x__ }}` stays markdown
    /// (strong emphasis) as in cmark.
    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }
}

/// Finds the first `}}` at or after a position, remembering the last answer: the first `}}`
/// after `from` is also the first after any later `from` before it, so a run of `{{` shares
/// one scan instead of scanning to its end once per `{{`.
struct ClosingBraces {
    private var scannedFrom = Int.max
    private var found: Int?
    private var scannedTo = 0

    /// The index of the first `}}` in `bytes[from..<end]`, or `nil`. A newline ends the search.
    mutating func first(in bytes: [UInt8], from: Int, end: Int) -> Int? {
        if from >= scannedFrom, from <= (found ?? scannedTo) {
            return found
        }
        var index = from
        while index + 1 < end, bytes[index] != 0x0A,
              bytes[index] != UInt8(ascii: "}") || bytes[index + 1] != UInt8(ascii: "}") {
            index += 1
        }
        scannedFrom = from
        scannedTo = index
        found = index + 1 < end && bytes[index] == UInt8(ascii: "}") ? index : nil
        return found
    }
}
