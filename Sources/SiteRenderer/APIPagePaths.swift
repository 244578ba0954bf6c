import APIReference

/// Where the API reference's pages are, relative to the site's root, and the anchors of
/// members on them. Types get a page each (`api/Conv2D.html`, `api/Zoo.VGGConfiguration.html`);
/// free functions and variables a page per name, overloads together (`api/func-conv2d.html`);
/// members are sections of their type's page.
public enum APIPaths {
    /// The folder of the reference.
    public static let folder = "api"
    /// The index, grouped by kind.
    public static let index = "api/index.html"
    /// The way back to the site's root from a page of the reference.
    static let root = "../"

    /// The page that shows `symbol` (for a member, its type's page), from the site's root.
    public static func page(of symbol: APISymbol, in module: APIModule) -> String {
        if symbol.kind.isType { return "\(folder)/\(safe(symbol.qualifiedName)).html" }
        if let parent = symbol.parent, let owner = module.symbol(parent) { return page(of: owner, in: module) }
        let prefix = symbol.kind == .variable ? "var" : "func"
        return "\(folder)/\(prefix)-\(safe(symbol.baseName)).html"
    }

    /// Every page of the reference but the index, in path order, with the symbol that leads
    /// it: the type, or the first overload of a free function's name.
    static func pages(_ module: APIModule) -> [(path: String, lead: APISymbol)] {
        var seen: Set<String> = []
        return module.symbols.compactMap { symbol in
            guard symbol.parent == nil || symbol.kind.isType else { return nil }
            let path = page(of: symbol, in: module)
            return seen.insert(path).inserted ? (path, symbol) : nil
        }
    }

    /// The page and anchor of `symbol`, from the site's root: a type's page itself, else
    /// `page#anchor`.
    public static func href(of symbol: APISymbol, in module: APIModule) -> String {
        let page = page(of: symbol, in: module)
        if symbol.kind.isType { return page }
        return page + "#" + anchor(of: symbol, in: module)
    }

    /// The symbols shown as sections of one page, in page order: a type's members, or the
    /// overloads of a free function.
    static func sections(of page: String, in module: APIModule) -> [APISymbol] {
        module.symbols.filter { !$0.kind.isType && self.page(of: $0, in: module) == page }
    }

    /// A section's anchor: its title with argument labels (`forward(_:)`). Overloads whose
    /// titles are the same on one page get `-2`, `-3`, … in page order, so an anchor names
    /// one declaration.
    static func anchor(of symbol: APISymbol, in module: APIModule) -> String {
        let parentMembers = symbol.parent.map { module.members(of: $0) }
            ?? module.topLevel.filter { $0.baseName == symbol.baseName && !$0.kind.isType }
        return anchors(parentMembers)[symbol.id] ?? safe(symbol.title)
    }

    /// The anchors of the sections of one page, by symbol id.
    static func anchors(_ sections: [APISymbol]) -> [String: String] {
        var seen: [String: Int] = [:]
        var result: [String: String] = [:]
        for symbol in sections {
            let base = safe(symbol.title)
            let count = seen[base, default: 0] + 1
            seen[base] = count
            result[symbol.id] = count == 1 ? base : "\(base)-\(count)"
        }
        return result
    }

    /// Letters, digits and `_ . ( ) : -` as they are; anything else as `u` and its code point
    /// in hex, so operators (`+(_:_:)`) make valid file names, ids and fragments.
    static func safe(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.isASCII, isLetterOrDigit(scalar) || "_.():-".unicodeScalars.contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else {
                out += "u" + String(scalar.value, radix: 16)
            }
        }
        return out
    }

    private static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
