/// A run of `*` or `_` that may open or close emphasis.
final class Delimiter {
    let char: UInt8
    let length: Int
    let node: InlineNode
    let canOpen: Bool
    let canClose: Bool
    var previous: Delimiter?
    weak var next: Delimiter?

    init(char: UInt8, length: Int, node: InlineNode, canOpen: Bool, canClose: Bool) {
        self.char = char
        self.length = length
        self.node = node
        self.canOpen = canOpen
        self.canClose = canClose
    }
}

extension InlineParser {
    /// The deepest nesting of emphasis, links and images the parser builds.
    static let maxNesting = 64
    /// Delimiter runs (`*`, `_`) per block that may make emphasis; later ones are text.
    /// Like `maxNesting`, no real paragraph comes near it, and it bounds the memory and
    /// time a hostile one (10 MB of `a*`) costs to its bytes.
    static let maxDelimiters = 10_000

    func handleDelimiter(_ char: UInt8) {
        let start = pos
        while pos < subject.count, subject[pos] == char { pos += 1 }
        guard delimiterRuns < Self.maxDelimiters else {
            return appendToLiteralTail(subject[start..<pos], at: start)
        }
        delimiterRuns += 1
        let before = scalar(endingAt: start)
        let after = scalar(startingAt: pos)
        let afterSpace = Self.isWhitespace(after), afterPunct = Self.isPunctuation(after)
        let beforeSpace = Self.isWhitespace(before), beforePunct = Self.isPunctuation(before)
        let leftFlanking = !afterSpace && (!afterPunct || beforeSpace || beforePunct)
        let rightFlanking = !beforeSpace && (!beforePunct || afterSpace || afterPunct)
        let canOpen: Bool, canClose: Bool
        if char == UInt8(ascii: "_") {
            canOpen = leftFlanking && (!rightFlanking || beforePunct)
            canClose = rightFlanking && (!leftFlanking || afterPunct)
        } else {
            canOpen = leftFlanking
            canClose = rightFlanking
        }
        let node = appendText(subject[start..<pos], at: start)
        let delimiter = Delimiter(char: char, length: pos - start, node: node, canOpen: canOpen, canClose: canClose)
        delimiter.previous = delimiters
        delimiters?.next = delimiter
        delimiters = delimiter
    }

    /// Matches closers with openers above `bottom`, innermost first, making emphasis nodes.
    func processEmphasis(bottom: Delimiter?) {
        var openersBottom: [Int: Delimiter?] = [:]
        var closer = delimiters
        while let current = closer, current.previous !== bottom { closer = current.previous }
        while let current = closer {
            guard current.canClose else {
                closer = current.next
                continue
            }
            let key = Int(current.char) * 3 + current.length % 3
            let limit = openersBottom[key] ?? bottom
            var opener = current.previous
            var found = false
            while let candidate = opener, candidate !== bottom, candidate !== limit {
                let oddMatch = (current.canOpen || candidate.canClose) && current.length % 3 != 0
                    && (candidate.length + current.length) % 3 == 0
                if candidate.canOpen, candidate.char == current.char, !oddMatch {
                    found = true
                    break
                }
                opener = candidate.previous
            }
            // Nesting deeper than `maxNesting` stays text, so that walking the tree can never
            // exhaust the stack (cmark has no such limit; no real text comes near it).
            if found, let opener, InlineNode.depth(from: opener.node.next, to: current.node, limit: Self.maxNesting) >= Self.maxNesting {
                found = false
            }
            let oldCloser = current
            if found, let opener {
                closer = insertEmphasis(opener: opener, closer: current)
            } else {
                closer = current.next
                openersBottom[key] = oldCloser.previous
                if !oldCloser.canOpen { remove(oldCloser) }
            }
        }
        while let top = delimiters, top !== bottom { remove(top) }
    }

    private func insertEmphasis(opener: Delimiter, closer: Delimiter) -> Delimiter? {
        let openerNode = opener.node, closerNode = closer.node
        let used = openerNode.literal.count >= 2 && closerNode.literal.count >= 2 ? 2 : 1
        openerNode.literal.removeLast(used)
        closerNode.literal.removeLast(used)
        var between = closer.previous
        while let delimiter = between, delimiter !== opener {
            between = delimiter.previous
            remove(delimiter)
        }
        let start = SourcePosition(line: openerNode.position.line, column: openerNode.position.column + openerNode.literal.count)
        let emphasis = InlineNode(used == 1 ? .emphasis : .strong, at: start)
        emphasis.depth = InlineNode.depth(from: openerNode.next, to: closerNode) + 1
        var node = openerNode.next
        while let child = node, child !== closerNode {
            node = child.next
            emphasis.append(child)
        }
        openerNode.insertAfter(emphasis)
        if openerNode.literal.isEmpty {
            openerNode.unlink()
            remove(opener)
        }
        if closerNode.literal.isEmpty {
            closerNode.unlink()
            let next = closer.next
            remove(closer)
            return next
        }
        return closer
    }

    func remove(_ delimiter: Delimiter) {
        delimiter.previous?.next = delimiter.next
        if let next = delimiter.next {
            next.previous = delimiter.previous
        } else {
            delimiters = delimiter.previous
        }
    }

    private func scalar(endingAt index: Int) -> Unicode.Scalar? {
        guard index > 0 else { return nil }
        // ASCII needs no decoding (and no String): most delimiters sit next to ASCII.
        if subject[index - 1] < 0x80 { return Unicode.Scalar(subject[index - 1]) }
        var start = index - 1
        while start > 0, index - start < 4, subject[start] & 0xC0 == 0x80 { start -= 1 }
        return String(decoding: subject[start..<index], as: UTF8.self).unicodeScalars.last
    }

    private func scalar(startingAt index: Int) -> Unicode.Scalar? {
        guard index < subject.count else { return nil }
        if subject[index] < 0x80 { return Unicode.Scalar(subject[index]) }
        let end = min(subject.count, index + 4)
        return String(decoding: subject[index..<end], as: UTF8.self).unicodeScalars.first
    }

    /// Start and end of the text count as whitespace, as in CommonMark.
    static func isWhitespace(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar else { return true }
        switch scalar.value {
        case 0x09, 0x0A, 0x0C, 0x0D, 0x20: return true
        case 0..<0x80: return false
        default: return scalar.properties.generalCategory == .spaceSeparator
        }
    }

    /// ASCII punctuation or a Unicode punctuation category (cmark-gfm 0.29's definition).
    static func isPunctuation(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar else { return false }
        if scalar.isASCII { return LinkSyntax.isEscapable(UInt8(scalar.value)) }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }
}
