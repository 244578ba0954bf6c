/// A module's public API: its symbols and the type → member tree between them. A plain value
/// (no SymbolKit types), so the site renders it without knowing where it came from.
public struct APIModule: Sendable, Hashable {
    /// The module's name, e.g. `ConvLab`.
    public let name: String
    /// Every symbol, sorted by path (then by id, so overloads keep a stable order).
    public let symbols: [APISymbol]
    private let byID: [String: APISymbol]
    private let children: [String: [APISymbol]]

    /// A module given in full; the symbols are sorted.
    public init(name: String, symbols: [APISymbol]) {
        self.name = name
        let sorted = symbols.sorted { ($0.qualifiedName, $0.id) < ($1.qualifiedName, $1.id) }
        self.symbols = sorted
        byID = Dictionary(sorted.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        children = Dictionary(grouping: sorted.filter { $0.parent != nil }, by: { $0.parent ?? "" })
    }

    /// The symbol with precise identifier `id`.
    public func symbol(_ id: String) -> APISymbol? { byID[id] }

    /// Symbols at the top level of the module.
    public var topLevel: [APISymbol] { symbols.filter { $0.parent == nil } }

    /// The members of the symbol with identifier `id`, in path order.
    public func members(of id: String) -> [APISymbol] { children[id] ?? [] }

    /// Every type, nested ones included, in path order: each gets a page.
    public var types: [APISymbol] { symbols.filter { $0.kind.isType } }
}
