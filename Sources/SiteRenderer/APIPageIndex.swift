import APIReference

/// `api/index.html`: every type (nested ones by their dotted name), free function and
/// variable of the module, grouped by kind, each with its doc comment's first paragraph.
struct APIIndexPage {
    let module: APIModule

    func body() -> String {
        var html = "<article class=\"api-page\">\n<h1>\(HTMLText.escape(module.name)) API reference</h1>\n"
        html += "<p>Every public declaration of \(HTMLText.escape(module.name)) (\(module.symbols.count) symbols), "
            + "as the compiler sees it: read from the built module by <code>swift-symbolgraph-extract</code>. "
            + "Names in the chapters' code link here.</p>\n"
        let pages = APIPaths.pages(module)
        for kind in APISymbolKind.allCases {
            let group = pages.filter { $0.lead.kind == kind }
            guard !group.isEmpty else { continue }
            html += "<h2 id=\"\(kind.rawValue)\">\(kind.groupTitle)</h2>\n<ul class=\"api-list\">\n"
            for (path, symbol) in group {
                let name = symbol.kind.isType ? symbol.qualifiedName : symbol.baseName
                let href = APIHTML.relative(path)
                let abstract = APIHTML.abstract(symbol)
                html += "<li><a href=\"\(HTMLText.escape(href))\"><code>\(HTMLText.escape(name))</code></a>"
                    + (abstract.isEmpty ? "" : " — \(abstract)") + "</li>\n"
            }
            html += "</ul>\n"
        }
        return html + "</article>\n"
    }
}
