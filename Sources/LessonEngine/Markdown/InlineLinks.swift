/// An open `[` or `![` waiting for its `]`.
final class Bracket {
    let node: InlineNode
    let previous: Bracket?
    let previousDelimiter: Delimiter?
    /// The subject offset of `[`.
    let index: Int
    let image: Bool
    var active = true
    var bracketAfter = false
    /// How many brackets are open, this one included.
    let height: Int

    init(node: InlineNode, previous: Bracket?, previousDelimiter: Delimiter?, index: Int, image: Bool) {
        self.node = node
        self.previous = previous
        self.previousDelimiter = previousDelimiter
        self.index = index
        self.image = image
        height = (previous?.height ?? 0) + 1
    }
}

extension InlineParser {
    func parseOpenBracket() {
        // Past `maxNesting` open brackets a `[` is text, added to the text before it.
        if (brackets?.height ?? 0) >= Self.maxNesting {
            brackets?.bracketAfter = true
            appendToLiteralTail(subject[pos...pos], at: pos)
            pos += 1
            return
        }
        let node = appendText(subject[pos...pos], at: pos)
        addBracket(node, index: pos, image: false)
        pos += 1
    }

    func parseBang() {
        if peek(pos + 1) == UInt8(ascii: "[") {
            let node = appendText(subject[pos...(pos + 1)], at: pos)
            addBracket(node, index: pos + 1, image: true)
            pos += 2
        } else {
            appendText(subject[pos...pos], at: pos)
            pos += 1
        }
    }

    /// Pushes an opener. Past `maxNesting` open brackets the bracket stays text, which
    /// bounds how deep links and images can nest (cmark has no such limit).
    private func addBracket(_ node: InlineNode, index: Int, image: Bool) {
        brackets?.bracketAfter = true
        guard (brackets?.height ?? 0) < Self.maxNesting else { return }
        brackets = Bracket(node: node, previous: brackets, previousDelimiter: delimiters, index: index, image: image)
    }

    /// `]`: closes the nearest bracket as a link or image if an inline destination or a
    /// known reference follows; otherwise it is text.
    func parseCloseBracket() {
        let closeIndex = pos
        pos += 1
        guard let opener = brackets else {
            appendToLiteralTail(subject[closeIndex...closeIndex], at: closeIndex)
            return
        }
        guard opener.active else {
            appendText(subject[closeIndex...closeIndex], at: closeIndex)
            brackets = opener.previous
            return
        }
        guard let target = inlineTarget() ?? referenceTarget(opener, closeIndex: closeIndex) else {
            brackets = opener.previous
            pos = closeIndex + 1
            appendText(subject[closeIndex...closeIndex], at: closeIndex)
            return
        }
        let link = InlineNode(opener.image ? .image : .link, at: opener.node.position)
        link.destination = target.destination
        link.title = target.title
        var node = opener.node.next
        while let child = node {
            node = child.next
            link.depth = max(link.depth, child.depth + 1)
            link.append(child)
        }
        root.append(link)
        processEmphasis(bottom: opener.previousDelimiter)
        brackets = opener.previous
        opener.node.unlink()
        if !opener.image {
            var earlier = brackets
            while let bracket = earlier {
                if !bracket.image { bracket.active = false }
                earlier = bracket.previous
            }
        }
    }

    /// `(destination "title")` right after `]`.
    private func inlineTarget() -> LinkTarget? {
        let saved = pos
        guard peek(pos) == UInt8(ascii: "(") else { return nil }
        pos += 1
        LinkSyntax.skipSpacesAndNewline(subject, &pos)
        guard let destination = LinkSyntax.destination(subject, &pos) else {
            pos = saved
            return nil
        }
        let beforeTitle = pos
        LinkSyntax.skipSpacesAndNewline(subject, &pos)
        var title = ""
        if pos > beforeTitle, let parsed = LinkSyntax.title(subject, &pos) { title = parsed }
        LinkSyntax.skipSpacesAndNewline(subject, &pos)
        guard peek(pos) == UInt8(ascii: ")") else {
            pos = saved
            return nil
        }
        pos += 1
        return LinkTarget(destination: destination, title: title)
    }

    /// `[label]`, `[]` or nothing after `]`, looked up among the reference definitions.
    private func referenceTarget(_ opener: Bracket, closeIndex: Int) -> LinkTarget? {
        let saved = pos
        let labelLength = LinkSyntax.labelLength(subject, pos)
        var label: ArraySlice<UInt8>?
        if labelLength > 2 {
            label = subject[pos..<(pos + labelLength)]
            pos += labelLength
        } else if !opener.bracketAfter {
            label = subject[opener.index...closeIndex]
            pos += labelLength
        }
        guard let label, let target = references[LinkSyntax.normalize(label)] else {
            pos = saved
            return nil
        }
        return target
    }
}
