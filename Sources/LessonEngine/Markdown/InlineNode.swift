/// An inline node while a paragraph is being parsed: a doubly linked tree, because
/// emphasis and links are built by moving runs of siblings under a new parent.
final class InlineNode {
    /// What the node is.
    enum Kind {
        case text, softBreak, hardBreak, code, emphasis, strong, link, image, html
        case reference(Reference)
    }

    var kind: Kind
    var literal: [UInt8]
    var position: SourcePosition
    var destination = ""
    var title = ""
    weak var parent: InlineNode?
    var firstChild: InlineNode?
    var lastChild: InlineNode?
    var next: InlineNode?
    weak var previous: InlineNode?

    init(_ kind: Kind, _ literal: [UInt8] = [], at position: SourcePosition) {
        self.kind = kind
        self.literal = literal
        self.position = position
    }

    var isText: Bool { if case .text = kind { true } else { false } }

    func append(_ child: InlineNode) {
        child.unlink()
        child.parent = self
        if let last = lastChild {
            last.next = child
            child.previous = last
        } else {
            firstChild = child
        }
        lastChild = child
    }

    func insertAfter(_ sibling: InlineNode) {
        sibling.unlink()
        sibling.next = next
        next?.previous = sibling
        sibling.previous = self
        next = sibling
        sibling.parent = parent
        if parent?.lastChild === self { parent?.lastChild = sibling }
    }

    func unlink() {
        previous?.next = next
        next?.previous = previous
        if parent?.firstChild === self { parent?.firstChild = next }
        if parent?.lastChild === self { parent?.lastChild = previous }
        parent = nil
        next = nil
        previous = nil
    }

    /// The children as immutable nodes, adjacent texts merged.
    func tree() -> [Inline] {
        var result: [Inline] = []
        var child = firstChild
        while let node = child {
            if let inline = node.inline() {
                if case .text(let text, _) = inline, case .text(let before, let at)? = result.last {
                    result[result.count - 1] = .text(before + text, at: at)
                } else {
                    result.append(inline)
                }
            }
            child = node.next
        }
        return result
    }

    private func inline() -> Inline? {
        switch kind {
        case .text: literal.isEmpty ? nil : .text(literal.string, at: position)
        case .softBreak: .softBreak(at: position)
        case .hardBreak: .hardBreak(at: position)
        case .code: .code(literal.string, at: position)
        case .emphasis: .emphasis(tree(), at: position)
        case .strong: .strong(tree(), at: position)
        case .link: .link(destination: destination, title: title, content: tree(), at: position)
        case .image: .image(source: destination, title: title, description: tree(), at: position)
        case .html: .html(literal.string, at: position)
        case .reference(let reference): .reference(reference, source: literal.string)
        }
    }
}
