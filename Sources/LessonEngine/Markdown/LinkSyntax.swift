/// Where a link reference definition points.
struct LinkTarget {
    /// The destination, backslash escapes and entities decoded.
    var destination: String
    /// The title, decoded; empty when none.
    var title: String
}

/// The pieces of link syntax shared by inline links and reference definitions:
/// destinations, titles, labels, and the definitions themselves.
enum LinkSyntax {
    /// Skips spaces and tabs, at most one line ending, then spaces and tabs again.
    static func skipSpacesAndNewline(_ bytes: [UInt8], _ pos: inout Int) {
        while pos < bytes.count, bytes[pos].isSpaceOrTab { pos += 1 }
        if pos < bytes.count, bytes[pos] == 0x0A { pos += 1 }
        while pos < bytes.count, bytes[pos].isSpaceOrTab { pos += 1 }
    }

    /// A link destination at `pos` (`<…>`, or a run up to a space or an unmatched `)`),
    /// decoded; `pos` moves past it. Nil, with `pos` unchanged, if none. As in cmark-gfm
    /// 0.29, parentheses need not balance, and a destination may not end the text.
    static func destination(_ bytes: [UInt8], _ pos: inout Int) -> String? {
        let start = pos
        var index = pos
        var inner = start..<start
        if index < bytes.count, bytes[index] == UInt8(ascii: "<") {
            index += 1
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: ">") {
                    inner = (start + 1)..<index
                    index += 1
                    break
                } else if byte == UInt8(ascii: "\\") {
                    index += 2
                } else if byte == 0x0A || byte == UInt8(ascii: "<") {
                    return nil
                } else {
                    index += 1
                }
            }
        } else {
            var depth = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\\"), index + 1 < bytes.count, isEscapable(bytes[index + 1]) {
                    index += 2
                } else if byte == UInt8(ascii: "(") {
                    depth += 1
                    index += 1
                    if depth > 32 { return nil }
                } else if byte == UInt8(ascii: ")") {
                    if depth == 0 { break }
                    depth -= 1
                    index += 1
                } else if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                    break
                } else {
                    index += 1
                }
            }
            inner = start..<index
        }
        guard index < bytes.count else { return nil }
        pos = index
        return Entities.unescape(bytes[inner])
    }

    /// A link title at `pos` (`"…"`, `'…'` or `(…)`), decoded; nil with `pos` unchanged if none.
    static func title(_ bytes: [UInt8], _ pos: inout Int) -> String? {
        guard pos < bytes.count else { return nil }
        let open = bytes[pos]
        let close: UInt8
        switch open {
        case UInt8(ascii: "\""), UInt8(ascii: "'"): close = open
        case UInt8(ascii: "("): close = UInt8(ascii: ")")
        default: return nil
        }
        var index = pos + 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
                index += 2
            } else if byte == close {
                let text = Entities.unescape(bytes[(pos + 1)..<index])
                pos = index + 1
                return text
            } else if open == UInt8(ascii: "("), byte == UInt8(ascii: "(") {
                return nil
            } else {
                index += 1
            }
        }
        return nil
    }

    /// The length of a link label `[…]` at `pos` (brackets included), or 0 if none.
    static func labelLength(_ bytes: [UInt8], _ pos: Int) -> Int {
        guard pos < bytes.count, bytes[pos] == UInt8(ascii: "[") else { return 0 }
        var index = pos + 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "]"): return index + 1 - pos > 1001 ? 0 : index + 1 - pos
            case UInt8(ascii: "["): return 0
            case UInt8(ascii: "\\"): index += index + 1 < bytes.count && isEscapable(bytes[index + 1]) ? 2 : 1
            default: index += 1
            }
            if index - pos > 1000 { return 0 }
        }
        return 0
    }

    /// The label's matching key: inner text trimmed, whitespace runs collapsed, case folded.
    static func normalize(_ label: ArraySlice<UInt8>) -> String {
        let inner = label.dropFirst().dropLast()
        let words = inner.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D })
        return words.map { $0.string }.joined(separator: " ").lowercased().uppercased()
    }

    /// Reads link reference definitions at the start of a paragraph's `content` into
    /// `references`; returns how many bytes they took (0 if none).
    static func parseReferenceDefinitions(_ content: [UInt8], into references: inout [String: LinkTarget]) -> Int {
        var consumed = 0
        while consumed < content.count, content[consumed] == UInt8(ascii: "["),
              let end = definition(content, at: consumed, into: &references) {
            consumed = end
        }
        return consumed
    }

    private static func definition(_ bytes: [UInt8], at start: Int, into references: inout [String: LinkTarget]) -> Int? {
        let labelLength = labelLength(bytes, start)
        guard labelLength > 0 else { return nil }
        var pos = start + labelLength
        guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else { return nil }
        pos += 1
        skipSpacesAndNewline(bytes, &pos)
        let destinationStart = pos
        guard let destination = destination(bytes, &pos), pos > destinationStart else { return nil }
        let beforeTitle = pos
        skipSpacesAndNewline(bytes, &pos)
        var title: String?
        if pos != beforeTitle { title = Self.title(bytes, &pos) }
        if title == nil { pos = beforeTitle }
        var atLineEnd = restOfLineIsBlank(bytes, &pos)
        if !atLineEnd, title != nil {
            title = nil
            pos = beforeTitle
            atLineEnd = restOfLineIsBlank(bytes, &pos)
        }
        guard atLineEnd else { return nil }
        let key = normalize(bytes[start..<(start + labelLength)])
        guard !key.isEmpty else { return nil }
        if references[key] == nil { references[key] = LinkTarget(destination: destination, title: title ?? "") }
        return pos
    }

    private static func restOfLineIsBlank(_ bytes: [UInt8], _ pos: inout Int) -> Bool {
        var index = pos
        while index < bytes.count, bytes[index].isSpaceOrTab { index += 1 }
        guard index == bytes.count || bytes[index] == 0x0A else { return false }
        pos = min(index + 1, bytes.count)
        return true
    }

    /// ASCII punctuation: what a backslash can escape.
    static func isEscapable(_ byte: UInt8) -> Bool {
        (byte >= 0x21 && byte <= 0x2F) || (byte >= 0x3A && byte <= 0x40) || (byte >= 0x5B && byte <= 0x60)
            || (byte >= 0x7B && byte <= 0x7E)
    }
}
