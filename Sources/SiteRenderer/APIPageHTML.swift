import APIReference
import LessonEngine

/// The pieces of an API page: a declaration painted from the compiler's fragments (type
/// names linked to their pages), a doc comment rendered by the engine's markdown renderer
/// (raw HTML shown as text, as in chapters) and the source line.
enum APIHTML {
    /// A symbol's declaration, doc comment and source line.
    static func details(_ symbol: APISymbol, in module: APIModule, links: APILinks? = nil) -> String {
        var html = "<pre class=\"code api-declaration\" aria-label=\"Declaration of \(HTMLText.escape(symbol.title))\">"
            + "<code class=\"language-swift\">\(declaration(symbol, in: module))</code></pre>\n"
        html += symbol.doc.isEmpty ? "<p class=\"api-undocumented\">No documentation comment.</p>\n"
            : doc(symbol.doc, file: symbol.file, links: links)
        if !symbol.file.isEmpty {
            html += "<p class=\"api-source\">Declared in <code>\(HTMLText.escape(symbol.file)):\(symbol.line)</code></p>\n"
        }
        return html
    }

    /// The declaration's fragments as highlighted HTML; a type name that is a symbol of the
    /// module links to its page.
    static func declaration(_ symbol: APISymbol, in module: APIModule) -> String {
        symbol.declaration.map { fragment in
            let text = HTMLText.escape(fragment.spelling)
            switch fragment.kind {
            case "keyword": return "<span class=\"hl-keyword\">\(text)</span>"
            case "attribute": return "<span class=\"hl-attribute\">\(text)</span>"
            case "number": return "<span class=\"hl-number\">\(text)</span>"
            case "string": return "<span class=\"hl-string\">\(text)</span>"
            case "typeIdentifier":
                guard let target = fragment.target.flatMap({ module.symbol($0) }), target.kind.isType else {
                    return "<span class=\"hl-type\">\(text)</span>"
                }
                let href = relative(APIPaths.page(of: target, in: module))
                return "<a class=\"api-link\" href=\"\(HTMLText.escape(href))\"><span class=\"hl-type\">\(text)</span></a>"
            case "identifier": return "<span class=\"api-name\">\(text)</span>"
            default: return text
            }
        }.joined()
    }

    /// A doc comment's markdown as HTML. With `links`, a code span that names a ConvLab
    /// symbol as code would (`conv2d`, `Tensor.zeros`) links to its place, resolved as in a
    /// chapter's code.
    static func doc(_ markdown: String, file: String, links: APILinks? = nil) -> String {
        guard !markdown.isEmpty else { return "" }
        let document = MarkdownParser(file: file).parse(markdown).document
        var html = HTMLRenderer().render(document)
        if let links { html = linkCodeSpans(html, links) }
        return "<div class=\"api-doc\">\n\(html)</div>\n"
    }

    /// `<code>name</code>` (a name or a dotted path, maybe with `()`) linked when `links`
    /// resolves its last name; the span's text was escaped by the renderer, and names hold
    /// no character that escaping changes.
    private static func linkCodeSpans(_ html: String, _ links: APILinks) -> String {
        html.replacing(/<code>([A-Za-z_][A-Za-z0-9_.]*)(\(\))?<\/code>/) { match in
            let name = String(match.output.1)
            let tokens = SwiftLexer.tokens(name)
            guard let last = tokens.indices.last,
                  let href = links.href(at: last, in: tokens, scope: APILinks.Scope()) else { return String(match.output.0) }
            return "<a class=\"api-link\" href=\"\(HTMLText.escape(relative(href)))\">\(match.output.0)</a>"
        }
    }

    /// A doc comment's first paragraph as inline HTML, for lists.
    static func abstract(_ symbol: APISymbol) -> String {
        guard case .paragraph(let inlines, _)? = MarkdownParser(file: symbol.file).parse(symbol.abstract).document.blocks.first
        else { return "" }
        return HTMLText.inline(inlines, values: [:])
    }

    /// A path from the site's root as seen from a page of the reference (`api/X.html` → `X.html`).
    static func relative(_ path: String) -> String {
        let prefix = APIPaths.folder + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : APIPaths.root + path
    }

    /// The kind in a sentence: "Class", "Structure", "Function", …
    static func kindName(_ kind: APISymbolKind) -> String {
        switch kind {
        case .class: "Class"
        case .struct: "Structure"
        case .enum: "Enumeration"
        case .protocol: "Protocol"
        case .typealias: "Type alias"
        case .function: "Function"
        case .variable: "Global variable"
        case .operator: "Operator"
        default: String(kind.groupTitle.dropLast())
        }
    }
}
