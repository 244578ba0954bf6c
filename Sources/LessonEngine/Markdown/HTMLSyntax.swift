/// Recognises raw HTML the way `cmark-gfm` 0.29 does (HTML block starts and ends, inline
/// tags, comments, processing instructions, declarations, CDATA), so that the tree agrees
/// with it about what is HTML. What is recognised is then *shown as text* by our renderers.
enum HTMLSyntax {
    private static let blockTags: Set<String> = [
        "address", "article", "aside", "base", "basefont", "blockquote", "body", "caption", "center", "col",
        "colgroup", "dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
        "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr",
        "html", "iframe", "legend", "li", "link", "main", "menu", "menuitem", "nav", "noframes", "ol",
        "optgroup", "option", "p", "param", "section", "source", "summary", "table", "tbody", "td", "tfoot",
        "th", "thead", "title", "tr", "track", "ul",
    ]
    private static let rawTags: Set<String> = ["script", "pre", "style"]

    /// The HTML block type (1…7) that `rest` (a line from its first non-space) starts.
    static func blockStart(_ rest: ArraySlice<UInt8>) -> Int? {
        let bytes = Array(rest)
        guard bytes.first == UInt8(ascii: "<") else { return nil }
        let lower = bytes.map(lowercased)
        if let name = tagName(lower, from: 1), rawTags.contains(name.string) {
            let after = 1 + name.count
            if after == bytes.count || isSpace(bytes[after]) || bytes[after] == UInt8(ascii: ">") { return 1 }
        }
        if lower.starts(with: Array("<!--".utf8)) { return 2 }
        if lower.starts(with: Array("<?".utf8)) { return 3 }
        if bytes.count > 2, bytes[1] == UInt8(ascii: "!"), bytes[2] >= 0x41, bytes[2] <= 0x5A { return 4 }
        if bytes.starts(with: Array("<![CDATA[".utf8)) { return 5 }
        let nameStart = bytes.count > 1 && bytes[1] == UInt8(ascii: "/") ? 2 : 1
        if let name = tagName(lower, from: nameStart), blockTags.contains(name.string) {
            let after = nameStart + name.count
            if after == bytes.count || isSpace(bytes[after]) || bytes[after] == UInt8(ascii: ">")
                || (bytes[after] == UInt8(ascii: "/") && after + 1 < bytes.count && bytes[after + 1] == UInt8(ascii: ">")) {
                return 6
            }
        }
        if let end = openTag(bytes, at: 0) ?? closingTag(bytes, at: 0), bytes[end...].allSatisfy(\.isSpaceOrTab),
           let name = tagName(lower, from: nameStart), !rawTags.contains(name.string) {
            return 7
        }
        return nil
    }

    /// Whether `line` contains the end condition of an HTML block of `type` (1…5).
    static func endsBlock(type: Int, _ line: [UInt8]) -> Bool {
        let lower = line.map(lowercased)
        switch type {
        case 1: return ["</script>", "</pre>", "</style>"].contains { contains(lower, $0) }
        case 2: return contains(line, "-->")
        case 3: return contains(line, "?>")
        case 4: return line.contains(UInt8(ascii: ">"))
        case 5: return contains(line, "]]>")
        default: return false
        }
    }

    /// The end (exclusive) of inline raw HTML starting with `<` at `start`, else nil.
    static func inline(_ bytes: [UInt8], at start: Int) -> Int? {
        guard start + 1 < bytes.count else { return nil }
        switch bytes[start + 1] {
        case UInt8(ascii: "/"): return closingTag(bytes, at: start)
        case UInt8(ascii: "?"): return find(bytes, "?>", from: start + 2).map { $0 + 2 }
        case UInt8(ascii: "!"): return special(bytes, at: start)
        default: return openTag(bytes, at: start)
        }
    }

    private static func special(_ bytes: [UInt8], at start: Int) -> Int? {
        let rest = bytes[start...]
        if rest.starts(with: Array("<!--".utf8)) {
            // cmark-gfm 0.29: the text may not start with `>` or `->`, contain `--`, or end with `-`.
            let body = start + 4
            if bytes[body...].starts(with: Array(">".utf8)) || bytes[body...].starts(with: Array("->".utf8)) { return nil }
            guard let close = find(bytes, "--", from: body), close + 2 < bytes.count,
                  bytes[close + 2] == UInt8(ascii: ">") else { return nil }
            return close + 3
        }
        if rest.starts(with: Array("<![CDATA[".utf8)) { return find(bytes, "]]>", from: start + 9).map { $0 + 3 } }
        var index = start + 2
        while index < bytes.count, bytes[index] >= 0x41, bytes[index] <= 0x5A { index += 1 }
        guard index > start + 2, index < bytes.count, isSpace(bytes[index]) else { return nil }
        guard let close = bytes[index...].firstIndex(of: UInt8(ascii: ">")) else { return nil }
        return close + 1
    }

    /// `<name attr="v" …>` or `<name/>` at `start`; returns the end (exclusive).
    static func openTag(_ bytes: [UInt8], at start: Int) -> Int? {
        guard start < bytes.count, bytes[start] == UInt8(ascii: "<"), let name = tagName(bytes, from: start + 1) else { return nil }
        var index = start + 1 + name.count
        while true {
            let spaces = skipSpaces(bytes, index)
            if spaces < bytes.count, bytes[spaces] == UInt8(ascii: ">") { return spaces + 1 }
            if spaces + 1 < bytes.count, bytes[spaces] == UInt8(ascii: "/"), bytes[spaces + 1] == UInt8(ascii: ">") {
                return spaces + 2
            }
            guard spaces > index, let end = attribute(bytes, spaces) else { return nil }
            index = end
        }
    }

    /// `</name >` at `start`; returns the end (exclusive).
    static func closingTag(_ bytes: [UInt8], at start: Int) -> Int? {
        guard start + 1 < bytes.count, bytes[start] == UInt8(ascii: "<"), bytes[start + 1] == UInt8(ascii: "/"),
              let name = tagName(bytes, from: start + 2) else { return nil }
        let index = skipSpaces(bytes, start + 2 + name.count)
        return index < bytes.count && bytes[index] == UInt8(ascii: ">") ? index + 1 : nil
    }

    private static func attribute(_ bytes: [UInt8], _ start: Int) -> Int? {
        guard start < bytes.count, isAttributeStart(bytes[start]) else { return nil }
        var index = start + 1
        while index < bytes.count, isAttributeStart(bytes[index]) || isDigit(bytes[index])
            || bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: "-") { index += 1 }
        let equals = skipSpaces(bytes, index)
        guard equals < bytes.count, bytes[equals] == UInt8(ascii: "=") else { return index }
        let value = skipSpaces(bytes, equals + 1)
        guard value < bytes.count else { return nil }
        let quote = bytes[value]
        if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            guard let close = bytes[(value + 1)...].firstIndex(of: quote) else { return nil }
            return close + 1
        }
        var end = value
        while end < bytes.count, bytes[end] > 0x20, !"\"'=<>`".utf8.contains(bytes[end]) { end += 1 }
        return end > value ? end : nil
    }

    private static func tagName(_ bytes: [UInt8], from start: Int) -> ArraySlice<UInt8>? {
        guard start < bytes.count, isLetter(bytes[start]) else { return nil }
        var end = start + 1
        while end < bytes.count, isLetter(bytes[end]) || isDigit(bytes[end]) || bytes[end] == UInt8(ascii: "-") { end += 1 }
        return bytes[start..<end]
    }

    private static func skipSpaces(_ bytes: [UInt8], _ start: Int) -> Int {
        var index = start
        while index < bytes.count, isSpace(bytes[index]) { index += 1 }
        return index
    }

    static func find(_ bytes: [UInt8], _ needle: String, from start: Int) -> Int? {
        let pattern = Array(needle.utf8)
        guard start <= bytes.count - pattern.count else { return nil }
        for index in start...(bytes.count - pattern.count) where bytes[index..<(index + pattern.count)].elementsEqual(pattern) {
            return index
        }
        return nil
    }

    private static func contains(_ bytes: [UInt8], _ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard bytes.count >= pattern.count else { return false }
        return (0...(bytes.count - pattern.count)).contains { bytes[$0..<($0 + pattern.count)].elementsEqual(pattern) }
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private static func isAttributeStart(_ byte: UInt8) -> Bool {
        isLetter(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":")
    }
    private static func lowercased(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
}
