import APIReference

/// The reference's entries in the site's search: one per page, titled by the type or
/// function name, its prose the doc comments of the page (the type's, then its members'),
/// its code the declarations, so `Conv2D` or a member's name finds the page.
enum APIPageSearch {
    /// The entries of `module`'s pages, in page order.
    static func entries(_ module: APIModule) -> [SearchIndex.Entry] {
        let chapter = "\(module.name) API"
        var entries = [SearchIndex.Entry(
            page: APIPaths.index, anchor: "", title: chapter, chapter: chapter,
            text: "Every public declaration of \(module.name), grouped by kind.", code: "")]
        for (page, symbol) in APIPaths.pages(module) {
            let shown = symbol.kind.isType ? [symbol] + module.members(of: symbol.id)
                : APIPaths.sections(of: page, in: module)
            entries.append(SearchIndex.Entry(
                page: page, anchor: "", title: symbol.kind.isType ? symbol.qualifiedName : symbol.baseName,
                chapter: chapter,
                text: shown.map { $0.doc }.filter { !$0.isEmpty }.joined(separator: " "),
                code: shown.map { $0.declaration.map(\.spelling).joined() }.joined(separator: " ")))
        }
        return entries
    }
}
