/// The second phase of parsing: one block's raw content into inline nodes, following the
/// CommonMark reference algorithm (a delimiter stack for emphasis, a bracket stack for
/// links) so that the result agrees with `cmark-gfm`.
final class InlineParser {
    let subject: [UInt8]
    var pos = 0
    let base: Int
    let spans: [SourceSpan]
    let references: [String: LinkTarget]
    let file: String
    var diagnostics: [Diagnostic] = []
    var delimiters: Delimiter?
    var brackets: Bracket?
    var backtickRuns = [Int](repeating: 0, count: 81)
    var scannedForBackticks = false
    var unclosedReferenceLineEnd = 0
    var closingBraces = ClosingBraces()
    let root: InlineNode
    /// Emphasis delimiter runs seen so far in this block (see `maxDelimiters`).
    var delimiterRuns = 0
    /// The text node that plain text past `maxDelimiters` is appended to.
    var literalTail: InlineNode?

    /// Parses `content` (a block's raw lines), placed in the file by `spans`.
    init(content: [UInt8], spans: [SourceSpan], references: [String: LinkTarget], file: String) {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        let start = content.firstIndex { !isSpace($0) } ?? content.count
        let end = (content.lastIndex { !isSpace($0) }).map { $0 + 1 } ?? start
        subject = Array(content[start..<max(start, end)])
        base = start
        self.spans = spans
        self.references = references
        self.file = file
        root = InlineNode(.text, at: SourcePosition(line: spans.first?.line ?? 1, column: spans.first?.column ?? 1))
    }

    /// The inline tree of the content.
    func parse() -> [Inline] {
        while pos < subject.count { parseInline() }
        processEmphasis(bottom: nil)
        let result = root.tree()
        // Release the linked structures iteratively: a recursive release of a long chain
        // would overflow the stack.
        while let bracket = brackets { brackets = bracket.previous }
        root.dismantle()
        return result
    }

    /// The source position of subject offset `index`.
    func position(_ index: Int) -> SourcePosition {
        let offset = index + base
        // The last span starting at or before `offset` (spans are in order of offset).
        var low = 0, high = spans.count
        while low < high {
            let middle = (low + high) / 2
            if spans[middle].offset <= offset { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return root.position }
        let span = spans[low - 1]
        return SourcePosition(line: span.line, column: span.column + offset - span.offset)
    }

    func peek(_ index: Int) -> UInt8? { index < subject.count ? subject[index] : nil }

    @discardableResult
    func appendText(_ bytes: ArraySlice<UInt8>, at index: Int) -> InlineNode {
        let node = InlineNode(.text, Array(bytes), at: position(index))
        root.append(node)
        return node
    }

    private func parseInline() {
        let byte = subject[pos]
        switch byte {
        case 0x0A: parseNewline()
        case UInt8(ascii: "\\"): parseBackslash()
        case UInt8(ascii: "`"): parseBackticks()
        case UInt8(ascii: "*"), UInt8(ascii: "_"): handleDelimiter(byte)
        case UInt8(ascii: "["): parseOpenBracket()
        case UInt8(ascii: "!"): parseBang()
        case UInt8(ascii: "]"): parseCloseBracket()
        case UInt8(ascii: "<"): if !parseAutolink(), !parseHTML() { literal(1) }
        case UInt8(ascii: "&"): parseEntity()
        case UInt8(ascii: "{"): parseReference()
        default: parseString()
        }
    }

    private func literal(_ count: Int) {
        appendText(subject[pos..<(pos + count)], at: pos)
        pos += count
    }

    private static func isSpecial(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x0A, UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "["),
             UInt8(ascii: "!"), UInt8(ascii: "]"), UInt8(ascii: "<"), UInt8(ascii: "&"), UInt8(ascii: "{"):
            true
        default:
            false
        }
    }

    private func parseString() {
        let start = pos
        repeat { pos += 1 } while pos < subject.count && !Self.isSpecial(subject[pos])
        appendToLiteralTail(subject[start..<pos], at: start)
    }

    /// Appends plain text to the text node before it when that one is plain text too (made
    /// here, so no delimiter or bracket refers to it), else makes a node: past the caps on
    /// delimiters and brackets, millions of `a*` or `a[` cost their bytes, not a node each.
    func appendToLiteralTail(_ bytes: ArraySlice<UInt8>, at index: Int) {
        if let tail = literalTail, root.lastChild === tail {
            tail.literal += bytes
        } else {
            literalTail = appendText(bytes, at: index)
        }
    }

    private func parseNewline() {
        let at = pos
        pos += 1
        // Two spaces before the line ending make a hard break; other trailing blanks go.
        let hard = at >= 2 && subject[at - 1] == 0x20 && subject[at - 2] == 0x20
        if let last = root.lastChild, last.isText {
            while last.literal.last == 0x20 || last.literal.last == 0x09 { last.literal.removeLast() }
        }
        root.append(InlineNode(hard ? .hardBreak : .softBreak, at: position(at)))
        while pos < subject.count, subject[pos] == 0x20 || subject[pos] == 0x09 { pos += 1 }
    }

    private func parseBackslash() {
        if peek(pos + 1) == 0x0A {
            root.append(InlineNode(.hardBreak, at: position(pos)))
            pos += 2
        } else if let next = peek(pos + 1), LinkSyntax.isEscapable(next) {
            appendText(subject[(pos + 1)...(pos + 1)], at: pos)
            pos += 2
        } else {
            literal(1)
        }
    }

    /// Code spans, scanning for closers exactly as cmark does: it remembers where it last
    /// saw a run of each length, and once a scan reached the end it trusts that memory, so
    /// a later opener whose remembered closer lies behind it stays literal text.
    private func parseBackticks() {
        let start = pos
        while pos < subject.count, subject[pos] == UInt8(ascii: "`") { pos += 1 }
        let length = pos - start
        guard let closerStart = closingBackticks(length, from: pos) else {
            appendText(subject[start..<pos], at: start)
            return
        }
        var code = subject[pos..<closerStart].map { $0 == 0x0A ? 0x20 : $0 }
        if code.count >= 2, code.first == 0x20, code.last == 0x20, code.contains(where: { $0 != 0x20 }) {
            code = Array(code.dropFirst().dropLast())
        }
        root.append(InlineNode(.code, code, at: position(start)))
        pos = closerStart + length
    }

    private func closingBackticks(_ length: Int, from start: Int) -> Int? {
        let maxTicks = 80
        guard length <= maxTicks else { return nil }
        if scannedForBackticks, backtickRuns[length] <= start { return nil }
        var search = start
        while search < subject.count {
            guard subject[search] == UInt8(ascii: "`") else { search += 1; continue }
            let runStart = search
            while search < subject.count, subject[search] == UInt8(ascii: "`") { search += 1 }
            let count = search - runStart
            if count <= maxTicks { backtickRuns[count] = runStart }
            if count == length { return runStart }
        }
        scannedForBackticks = true
        return nil
    }

    private func parseEntity() {
        if let (text, length) = Entities.reference(subject, at: pos) {
            appendText(ArraySlice(Array(text.utf8)), at: pos)
            pos += length
        } else {
            literal(1)
        }
    }

    private func parseAutolink() -> Bool {
        guard let close = subject[(pos + 1)...].firstIndex(where: { $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "<") || $0 <= 0x20 }),
              subject[close] == UInt8(ascii: ">") else { return false }
        let inner = subject[(pos + 1)..<close]
        let destination: String
        if Self.isURI(inner) {
            destination = inner.string
        } else if Self.isEmail(inner) {
            destination = "mailto:" + inner.string
        } else {
            return false
        }
        let link = InlineNode(.link, at: position(pos))
        link.destination = destination
        link.append(InlineNode(.text, Array(inner), at: position(pos + 1)))
        root.append(link)
        pos = close + 1
        return true
    }

    private static func isURI(_ inner: ArraySlice<UInt8>) -> Bool {
        guard let colon = inner.firstIndex(of: UInt8(ascii: ":")) else { return false }
        let scheme = inner[..<colon]
        guard (2...32).contains(scheme.count), let first = scheme.first, (first | 0x20) >= 0x61, (first | 0x20) <= 0x7A else {
            return false
        }
        return scheme.allSatisfy { byte in
            ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
        }
    }

    private static func isEmail(_ inner: ArraySlice<UInt8>) -> Bool {
        guard let at = inner.firstIndex(of: UInt8(ascii: "@")), at > inner.startIndex else { return false }
        let local = inner[..<at]
        let isAlnum: (UInt8) -> Bool = { ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) }
        guard local.allSatisfy({ isAlnum($0) || ".!#$%&'*+/=?^_`{|}~-".utf8.contains($0) }) else { return false }
        let labels = inner[(at + 1)...].split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            (1...63).contains(label.count) && label.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: "-") }
                && label.first != UInt8(ascii: "-") && label.last != UInt8(ascii: "-")
        }
    }

    private func parseHTML() -> Bool {
        guard let end = HTMLSyntax.inline(subject, at: pos) else { return false }
        root.append(InlineNode(.html, Array(subject[pos..<end]), at: position(pos)))
        pos = end
        return true
    }

    /// `{{ name }}` on one line becomes a reference; anything else that starts with `{{`
    /// stays text and is reported.
    private func parseReference() {
        guard peek(pos + 1) == UInt8(ascii: "{") else { return literal(1) }
        // A line already known to have no `}}` after this point: text, reported once.
        guard pos >= unclosedReferenceLineEnd else { return literal(2) }
        let place = position(pos)
        guard let close = closingBraces.first(in: subject, from: pos + 2, end: subject.count) else {
            unclosedReferenceLineEnd = (subject[pos...].firstIndex(of: 0x0A) ?? subject.count) + 1
            diagnostics.append(Diagnostic(place.location(in: file), References.unclosedMessage))
            return literal(2)
        }
        let found: (name: String, raw: Bool)
        switch References.placeholder(subject, open: pos, close: close) {
        case .success(let placeholder):
            found = placeholder
        case .failure(let problem):
            // Only `{{` becomes text: what follows is parsed as usual (it may hold markup).
            diagnostics.append(Diagnostic(place.location(in: file), problem.message))
            return literal(2)
        }
        let reference = Reference(name: found.name, location: place.location(in: file), raw: found.raw)
        let source = subject[pos..<(close + 2)].string
        root.append(InlineNode(.reference(reference), Array(source.utf8), at: place))
        pos = close + 2
    }
}
