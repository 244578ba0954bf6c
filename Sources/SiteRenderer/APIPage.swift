import APIReference
import LessonEngine

/// The pages of ConvLab's API reference under `api/`: one per type (its declaration, doc
/// comment, conformances and source line, then its members grouped by kind, nested types
/// linked to their own pages), one per free function or variable name (its overloads), and
/// the index (`APIIndexPage`). Same frame and style as the chapters; links stay inside the
/// site, so the reference works from file://.
struct APIPages {
    let module: APIModule
    let shell: PageShell
    /// Code spans in doc comments that name a ConvLab symbol link to it.
    var links: APILinks? = nil

    /// The reference's files, index first, then the pages in path order.
    func files() -> [SiteFile] {
        var files = [SiteFile(path: APIPaths.index, contents: shell.page(
            title: "\(module.name) API", current: APIPaths.index,
            body: APIIndexPage(module: module).body(), root: APIPaths.root))]
        for (path, symbol) in APIPaths.pages(module) {
            let body = symbol.kind.isType ? typeBody(symbol) : freeBody(path: path, name: symbol.baseName)
            files.append(SiteFile(path: path, contents: shell.page(
                title: symbol.kind.isType ? symbol.qualifiedName : symbol.baseName,
                current: path, body: body, root: APIPaths.root)))
        }
        return files
    }

    /// A type's page.
    func typeBody(_ type: APISymbol) -> String {
        var html = "<article class=\"api-page\">\n" + place(of: type)
        html += "<h1><code>\(HTMLText.escape(type.qualifiedName))</code></h1>\n"
        html += "<p class=\"api-kind\">\(APIHTML.kindName(type.kind)) in \(HTMLText.escape(module.name))</p>\n"
        html += APIHTML.details(type, in: module, links: links)
        if !type.conformances.isEmpty {
            html += "<p class=\"api-conformances\">Conforms to " + type.conformances.map { name in
                "<code>\(HTMLText.escape(name))</code>"
            }.joined(separator: ", ") + ".</p>\n"
        }
        let members = module.members(of: type.id)
        let anchors = APIPaths.anchors(members.filter { !$0.kind.isType })
        for kind in APISymbolKind.allCases {
            let group = members.filter { $0.kind == kind }
            guard !group.isEmpty else { continue }
            html += "<h2 id=\"group-\(kind.rawValue)\">\(kind.groupTitle)</h2>\n"
            for member in group {
                if member.kind.isType {
                    let href = APIHTML.relative(APIPaths.page(of: member, in: module))
                    html += "<h3><a href=\"\(HTMLText.escape(href))\"><code>\(HTMLText.escape(member.title))</code></a></h3>\n"
                        + APIHTML.doc(member.abstract, file: member.file, links: links)
                    continue
                }
                let anchor = anchors[member.id] ?? APIPaths.safe(member.title)
                html += "<h3 id=\"\(HTMLText.escape(anchor))\"><code>\(HTMLText.escape(member.title))</code></h3>\n"
                html += APIHTML.details(member, in: module, links: links)
            }
        }
        return html + "</article>\n"
    }

    /// The page of a free function or variable name: every overload, in path order.
    func freeBody(path: String, name: String) -> String {
        let overloads = APIPaths.sections(of: path, in: module)
        let anchors = APIPaths.anchors(overloads)
        let kind = overloads.first?.kind ?? .function
        var html = "<article class=\"api-page\">\n" + place(of: nil)
        html += "<h1><code>\(HTMLText.escape(name))</code></h1>\n"
        html += "<p class=\"api-kind\">\(APIHTML.kindName(kind)) in \(HTMLText.escape(module.name))"
            + (overloads.count > 1 ? ", \(overloads.count) overloads" : "") + "</p>\n"
        for symbol in overloads {
            let anchor = anchors[symbol.id] ?? APIPaths.safe(symbol.title)
            html += "<h2 id=\"\(HTMLText.escape(anchor))\"><code>\(HTMLText.escape(symbol.title))</code></h2>\n"
            html += APIHTML.details(symbol, in: module, links: links)
        }
        return html + "</article>\n"
    }

    /// The trail from the module down to the page's type: `ConvLab › Zoo › VGGConfiguration`.
    private func place(of type: APISymbol?) -> String {
        var trail = ["<a href=\"index.html\">\(HTMLText.escape(module.name))</a>"]
        var owners: [APISymbol] = []
        var current = type?.parent.flatMap { module.symbol($0) }
        while let owner = current {
            owners.insert(owner, at: 0)
            current = owner.parent.flatMap { module.symbol($0) }
        }
        trail += owners.map { owner in
            "<a href=\"\(HTMLText.escape(APIHTML.relative(APIPaths.page(of: owner, in: module))))\">\(HTMLText.escape(owner.title))</a>"
        }
        return "<p class=\"api-place\">" + trail.joined(separator: " › ") + "</p>\n"
    }
}
