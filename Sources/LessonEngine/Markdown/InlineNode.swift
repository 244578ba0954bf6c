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
    /// Levels of emphasis, links and images inside this node (0 for a leaf).
    var depth = 0
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

    /// The deepest nesting among the siblings from `first` up to (not including) `end`.
    /// The walk stops early once `limit` is reached.
    static func depth(from first: InlineNode?, to end: InlineNode?, limit: Int = .max) -> Int {
        var result = 0
        var node = first
        while let current = node, current !== end, result < limit {
            result = max(result, current.depth)
            node = current.next
        }
        return result
    }

    /// Breaks every link below this node without recursion, so that releasing a long
    /// chain of siblings cannot overflow the stack.
    func dismantle() {
        var pending: [InlineNode] = [self]
        while let node = pending.popLast() {
            var child = node.firstChild
            node.firstChild = nil
            node.lastChild = nil
            while let current = child {
                child = current.next
                current.next = nil
                pending.append(current)
            }
        }
    }

    /// The children as immutable nodes, adjacent texts merged (in one buffer: merging
    /// string by string would be quadratic on long runs of text).
    func tree() -> [Inline] {
        var result: [Inline] = []
        var pending: [UInt8] = []
        var pendingStart: SourcePosition?
        func flush() {
            if let start = pendingStart, !pending.isEmpty { result.append(.text(pending.string, at: start)) }
            pending = []
            pendingStart = nil
        }
        var child = firstChild
        while let node = child {
            if node.isText {
                if pendingStart == nil { pendingStart = node.position }
                pending += node.literal
            } else if let inline = node.inline() {
                flush()
                result.append(inline)
            }
            child = node.next
        }
        flush()
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
