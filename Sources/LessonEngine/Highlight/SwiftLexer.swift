/// What a piece of Swift source is, for highlighting.
public enum SwiftTokenKind: String, Sendable, Hashable {
    /// A reserved word (`let`, `func`, `return`, …).
    case keyword
    /// A name starting with an upper-case letter: types, by Swift's convention.
    case type
    /// Any other name.
    case identifier
    /// An integer or floating-point literal.
    case number
    /// A string literal, quotes included (interpolations are not split out).
    case string
    /// `// …` or `/* … */`.
    case comment
    /// `@attribute` or `#directive`.
    case attribute
    /// Spaces, newlines, operators and punctuation.
    case plain
}

/// A run of source text of one kind.
public struct SwiftToken: Sendable, Hashable {
    /// The kind.
    public var kind: SwiftTokenKind
    /// The text, exactly as in the source.
    public var text: String

    /// A token given in full.
    public init(_ kind: SwiftTokenKind, _ text: String) {
        self.kind = kind
        self.text = text
    }
}

/// The one Swift lexer, for highlighting cells: the site paints its tokens as HTML spans,
/// the stepper as terminal colours, so that both read a cell alike. It never fails: anything
/// it does not recognise is plain text, and joining the tokens' texts gives back the source.
/// (swift-syntax would be exact but adds 1–2.5 minutes to a clean build.)
public enum SwiftLexer {
    /// Swift's keywords, plus the literals `true`, `false`, `nil`, `self` and `Self`: the only
    /// keyword list in the package.
    public static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init",
        "inout", "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public",
        "rethrows", "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue",
        "default", "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return",
        "throw", "switch", "where", "while", "as", "any", "await", "false", "is", "nil", "self", "Self",
        "super", "throws", "true", "try", "async", "some", "mutating", "nonmutating", "lazy", "final",
        "override", "weak", "unowned", "convenience", "required", "indirect", "consuming", "borrowing",
        "actor", "nonisolated",
    ]

    /// The tokens of `source`, in order.
    public static func tokens(_ source: String) -> [SwiftToken] {
        let chars = Array(source)
        var tokens: [SwiftToken] = []
        var index = 0
        func add(_ kind: SwiftTokenKind, _ end: Int) {
            let text = String(chars[index..<end])
            if kind == .plain, let last = tokens.last, last.kind == .plain {
                tokens[tokens.count - 1].text += text
            } else {
                tokens.append(SwiftToken(kind, text))
            }
            index = end
        }
        while index < chars.count {
            let c = chars[index]
            let next: Character? = index + 1 < chars.count ? chars[index + 1] : nil
            if c == "/" && next == "/" {
                add(.comment, chars[index...].firstIndex(of: "\n") ?? chars.count)
            } else if c == "/" && next == "*" {
                add(.comment, blockCommentEnd(chars, from: index))
            } else if c == "\"" {
                add(.string, stringEnd(chars, from: index))
            } else if c == "$", let next, next.isNumber || next.isLetter {
                // `$0`, `$value`: closure arguments and wrapped properties are names.
                add(.identifier, wordEnd(chars, from: index + 1))
            } else if c.isNumber {
                add(.number, numberEnd(chars, from: index))
            } else if (c.isLetter && c != "×") || c == "_" {
                let end = wordEnd(chars, from: index)
                let word = String(chars[index..<end])
                // After a dot a keyword is a member name (`.init`, `.default`, `x.self` aside).
                let member = index > 0 && chars[index - 1] == "."
                add(keywords.contains(word) && !member ? .keyword : word.first?.isUppercase == true ? .type : .identifier, end)
            } else if (c == "@" || c == "#"), let next, next.isLetter {
                add(.attribute, wordEnd(chars, from: index + 1))
            } else {
                add(.plain, index + 1)
            }
        }
        return tokens
    }

    private static func wordEnd(_ chars: [Character], from start: Int) -> Int {
        var end = start
        while end < chars.count, chars[end].isLetter || chars[end].isNumber || chars[end] == "_" { end += 1 }
        return end
    }

    /// Digits, `_`, a fraction, an exponent and hex digits (`0x1F`, `1_000`, `2.5e-3`); a `.`
    /// followed by a non-digit ends the number (`1.description`, ranges like `0..<n`).
    private static func numberEnd(_ chars: [Character], from start: Int) -> Int {
        var end = start
        while end < chars.count {
            let c = chars[end]
            if c.isHexDigit || c == "_" || c == "x" || c == "o" || c == "b" {
                end += 1
            } else if c == ".", end + 1 < chars.count, chars[end + 1].isNumber {
                end += 1
            } else if (c == "+" || c == "-"), end > start, chars[end - 1] == "e" || chars[end - 1] == "E" || chars[end - 1] == "p" {
                end += 1
            } else {
                break
            }
        }
        return end
    }

    /// The end of a string literal: `"…"` on one line (an unterminated one ends at the line's
    /// end), or `"""…"""` over several lines; `\` escapes the next character.
    private static func stringEnd(_ chars: [Character], from start: Int) -> Int {
        let triple = start + 2 < chars.count && chars[start + 1] == "\"" && chars[start + 2] == "\""
        var end = start + (triple ? 3 : 1)
        while end < chars.count {
            let c = chars[end]
            if c == "\\" { end += 2; continue }
            if !triple && c == "\n" { return end }
            if c == "\"" {
                if !triple { return end + 1 }
                if end + 2 < chars.count && chars[end + 1] == "\"" && chars[end + 2] == "\"" { return end + 3 }
            }
            end += 1
        }
        return chars.count
    }

    /// The end of a `/* … */` comment; Swift's block comments nest.
    private static func blockCommentEnd(_ chars: [Character], from start: Int) -> Int {
        var depth = 0
        var end = start
        while end < chars.count {
            if chars[end] == "/" && end + 1 < chars.count && chars[end + 1] == "*" {
                depth += 1; end += 2
            } else if chars[end] == "*" && end + 1 < chars.count && chars[end + 1] == "/" {
                depth -= 1; end += 2
                if depth == 0 { return end }
            } else {
                end += 1
            }
        }
        return chars.count
    }
}
