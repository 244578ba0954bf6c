import Foundation
import SymbolKit

/// Reads a symbol graph (`<Module>.symbols.json`, as `swift-symbolgraph-extract` writes it)
/// with SymbolKit into an `APIModule`: the symbols a reference shows, their declarations, doc
/// comments, member-of tree and conformances.
///
/// Left out: declarations the compiler made rather than ConvLab's source (`==` and
/// `hashValue` of a `Hashable` conformance, `init(from:)` of `Codable`, `init(rawValue:)`)
/// and kinds a reference does not show (modules, extensions).
/// A doc comment inherited from another module (a protocol requirement's, say) is not taken
/// as the symbol's own: `doc` is then empty, so a missing `///` line shows as missing.
public enum SymbolGraphReader {
    /// The module in the symbol graph `data`; throws `APIReferenceError.unreadableGraph`.
    public static func module(from data: Data, source: String = "symbol graph") throws(APIReferenceError) -> APIModule {
        let graph: SymbolGraph
        do {
            graph = try JSONDecoder().decode(SymbolGraph.self, from: data)
        } catch {
            throw .unreadableGraph(path: source, reason: "\(error)")
        }
        return module(from: graph)
    }

    /// The module in a decoded graph.
    public static func module(from graph: SymbolGraph) -> APIModule {
        let name = graph.module.name
        let kept = graph.symbols.values.filter { symbol in
            // What the compiler made (a `Hashable`'s `hashValue`, a `Codable`'s `init(from:)`,
            // a raw-value enum's `init(rawValue:)`) has no place in the source.
            !symbol.identifier.precise.contains("::SYNTHESIZED::")
                && symbol[mixin: SymbolGraph.Symbol.Location.self] != nil
                && APISymbolKind(symbolGraphKind: symbol.kind.identifier.identifier) != nil
        }
        let keptIDs = Set(kept.map(\.identifier.precise))
        var parents: [String: String] = [:]
        var conformances: [String: [String]] = [:]
        for relation in graph.relationships {
            switch relation.kind {
            // A protocol's requirements are its members too (`Layer.forward(_:)`).
            case .memberOf, .requirementOf, .optionalRequirementOf:
                if keptIDs.contains(relation.target) { parents[relation.source] = relation.target }
            case .conformsTo:
                let target = graph.symbols[relation.target]?.names.title
                    ?? relation.targetFallback?.split(separator: ".").last.map(String.init)
                    ?? relation.target
                conformances[relation.source, default: []].append(target)
            default: break
            }
        }
        // A protocol extension's default implementation is related only to the requirement it
        // implements; its path still names its owner (`Layer.ownParameters`).
        let typesByPath = Dictionary(kept.filter { APISymbolKind(symbolGraphKind: $0.kind.identifier.identifier)?.isType == true }
            .map { ($0.pathComponents, $0.identifier.precise) }, uniquingKeysWith: { first, _ in first })
        for symbol in kept where parents[symbol.identifier.precise] == nil && symbol.pathComponents.count > 1 {
            parents[symbol.identifier.precise] = typesByPath[Array(symbol.pathComponents.dropLast())]
        }
        let symbols = kept.compactMap { symbol -> APISymbol? in
            guard let kind = APISymbolKind(symbolGraphKind: symbol.kind.identifier.identifier) else { return nil }
            let id = symbol.identifier.precise
            let fragments = symbol[mixin: SymbolGraph.Symbol.DeclarationFragments.self]?.declarationFragments ?? []
            let location = symbol[mixin: SymbolGraph.Symbol.Location.self]
            let ownDoc = symbol.docComment.map { $0.moduleName == nil || $0.moduleName == name } ?? false
            return APISymbol(
                id: id, kind: kind, path: symbol.pathComponents,
                declaration: fragments.map {
                    APIFragment(kind: $0.kind.rawValue, spelling: $0.spelling, target: $0.preciseIdentifier)
                },
                doc: ownDoc ? (symbol.docComment?.lines.map(\.text).joined(separator: "\n") ?? "") : "",
                parent: parents[id], conformances: Array(Set(conformances[id] ?? [])).sorted(),
                file: location.map { sourcePath($0.uri) } ?? "",
                line: location.map { $0.position.line + 1 } ?? 0)
        }
        return APIModule(name: name, symbols: symbols)
    }

    /// `file:///…/Sources/ConvLab/Layers/Conv2D.swift` as `Sources/ConvLab/Layers/Conv2D.swift`:
    /// the page names the file in the repository, not the machine that built it.
    static func sourcePath(_ uri: String) -> String {
        let path = URL(string: uri)?.path ?? uri
        if let range = path.range(of: "/Sources/", options: .backwards) {
            return "Sources/" + path[range.upperBound...]
        }
        return (path as NSString).lastPathComponent
    }
}
