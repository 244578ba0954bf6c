/// A small Swift lexer for highlighting: comments, strings, numbers, keywords, type names
/// and attributes, each wrapped in a `<span class="hl-…">`; everything else is escaped text.
///
/// It does not parse: a token it cannot classify stays plain text, and the output always
/// reproduces the source exactly once the tags are removed (tested). That is all a reader
/// needs; swift-syntax would be exact, but costs 1–2.5 minutes of build (DESIGN.md).
public enum SwiftHighlighter {
    /// A classified piece of source.
    public enum Kind: String, Sendable {
        case keyword, string, number, comment, type, attribute, plain
    }

    static let keywords: Set<String> = [
        "associatedtype", "actor", "as", "async", "await", "break", "case", "catch", "class", "continue",
        "default", "defer", "deinit", "do", "else", "enum", "extension", "fallthrough", "false", "fileprivate",
        "for", "func", "guard", "if", "import", "in", "init", "inout", "internal", "is", "let", "mutating",
        "nil", "nonisolated", "open", "operator", "private", "protocol", "public", "repeat", "rethrows", "return",
        "self", "Self", "some", "any", "static", "struct", "subscript", "super", "switch", "throw", "throws",
        "true", "try", "typealias", "var", "where", "while", "lazy", "weak", "final", "override", "convenience",
    ]

    /// The source as `(kind, text)` pieces in order; their texts joined give back `source`.
    public static func tokens(_ source: String) -> [(Kind, String)] {
        var lexer = Lexer(Array(source.unicodeScalars))
        return lexer.run()
    }

    /// The source as HTML: escaped text with `<span class="hl-KIND">` around classified tokens.
    public static func html(_ source: String) -> String {
        tokens(source).map { kind, text in
            kind == .plain ? HTMLText.escape(text) : "<span class=\"hl-\(kind.rawValue)\">\(HTMLText.escape(text))</span>"
        }.joined()
    }
}

private struct Lexer {
    let scalars: [Unicode.Scalar]
    var index = 0
    var pieces: [(SwiftHighlighter.Kind, String)] = []
    var plain = ""

    init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

    mutating func run() -> [(SwiftHighlighter.Kind, String)] {
        while index < scalars.count {
            let c = scalars[index]
            if c == "/", peek(1) == "/" {
                emit(.comment, upTo: lineEnd())
            } else if c == "/", peek(1) == "*" {
                emit(.comment, upTo: blockCommentEnd())
            } else if c == "\"" {
                emit(.string, upTo: stringEnd())
            } else if c == "@", let next = peek(1), isIdentifierStart(next) {
                emit(.attribute, upTo: identifierEnd(from: index + 1))
            } else if isDigit(c), !previousIsIdentifier() {
                emit(.number, upTo: numberEnd())
            } else if isIdentifierStart(c) {
                let end = identifierEnd(from: index)
                let word = String(String.UnicodeScalarView(scalars[index..<end]))
                let kind: SwiftHighlighter.Kind = SwiftHighlighter.keywords.contains(word) ? .keyword
                    : (c.properties.isUppercase ? .type : .plain)
                if kind == .plain { plain += word; index = end } else { emit(kind, upTo: end) }
            } else {
                plain.unicodeScalars.append(c)
                index += 1
            }
        }
        flush()
        return pieces
    }

    func peek(_ offset: Int) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    mutating func flush() {
        if !plain.isEmpty { pieces.append((.plain, plain)); plain = "" }
    }

    mutating func emit(_ kind: SwiftHighlighter.Kind, upTo end: Int) {
        flush()
        pieces.append((kind, String(String.UnicodeScalarView(scalars[index..<end]))))
        index = end
    }

    func lineEnd() -> Int {
        var i = index
        while i < scalars.count, scalars[i] != "\n" { i += 1 }
        return i
    }

    /// Swift block comments nest.
    func blockCommentEnd() -> Int {
        var depth = 0, i = index
        while i < scalars.count {
            if scalars[i] == "/", i + 1 < scalars.count, scalars[i + 1] == "*" { depth += 1; i += 2; continue }
            if scalars[i] == "*", i + 1 < scalars.count, scalars[i + 1] == "/" {
                depth -= 1; i += 2
                if depth == 0 { return i }
                continue
            }
            i += 1
        }
        return i
    }

    /// The end of a `"…"` or `"""…"""` literal; escapes are skipped, interpolations are kept
    /// inside the string (a reader sees them in context).
    func stringEnd() -> Int {
        let triple = peek(1) == "\"" && peek(2) == "\""
        var i = index + (triple ? 3 : 1)
        while i < scalars.count {
            let c = scalars[i]
            if c == "\\" { i += 2; continue }
            if !triple, c == "\n" { return i }
            if c == "\"" {
                if !triple { return i + 1 }
                if i + 2 < scalars.count, scalars[i + 1] == "\"", scalars[i + 2] == "\"" { return i + 3 }
            }
            i += 1
        }
        return min(i, scalars.count)
    }

    func numberEnd() -> Int {
        var i = index
        while i < scalars.count {
            let c = scalars[i]
            let exponentSign = (c == "-" || c == "+") && i > index && (scalars[i - 1] == "e" || scalars[i - 1] == "E")
                && !(scalars[index] == "0" && index + 1 < scalars.count && scalars[index + 1] == "x")
            let dot = c == "." && i + 1 < scalars.count && isDigit(scalars[i + 1])
            guard isDigit(c) || c == "_" || c.properties.isAlphabetic || dot || exponentSign else { break }
            i += 1
        }
        return i
    }

    func identifierEnd(from start: Int) -> Int {
        var i = start
        while i < scalars.count, isIdentifierStart(scalars[i]) || isDigit(scalars[i]) { i += 1 }
        return i
    }

    func previousIsIdentifier() -> Bool {
        guard let last = plain.unicodeScalars.last ?? pieces.last?.1.unicodeScalars.last else { return false }
        return isIdentifierStart(last) || isDigit(last) || last == "$"
    }

    func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
    func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || (c.properties.isAlphabetic && c != "×") || (c.value > 0x7F && c.properties.isXIDStart)
    }
}
