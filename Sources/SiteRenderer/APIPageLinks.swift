import APIReference
import LessonEngine

/// Which names in a chapter's code are ConvLab symbols, and the reference page of each, for
/// the highlighter to turn into links. Without a type checker a name is linked only when it
/// can mean one thing:
///
/// - a type or free function name that the chapter does not declare itself (a cell's own
///   `let conv2d` or `func relu` hides ConvLab's name, so it is not linked);
/// - `Type.member` where `Type` is a ConvLab type (all overloads of a name are neighbours on
///   the type's page, so the first one is linked);
/// - `value.member` and `.member` only when exactly one ConvLab type has a member of that
///   name and the chapter declares nothing of that name (`x.count` could be an array's).
///
/// Argument labels (`threadCount:`) are never linked.
struct APILinks: Sendable {
    /// Top-level names (types, free functions and variables) to their page, from the root.
    private var topLevel: [String: String] = [:]
    /// A type's qualified name to its members' base names to their place.
    private var members: [String: [String: String]] = [:]
    /// Member names that belong to exactly one type, to their place.
    private var uniqueMembers: [String: String] = [:]

    /// The links of `module`'s symbols.
    init(_ module: APIModule) {
        var ownersOfName: [String: Set<String>] = [:]
        for symbol in module.symbols {
            let href = APIPaths.href(of: symbol, in: module)
            guard let parentID = symbol.parent, let parent = module.symbol(parentID) else {
                // A free function's overloads share a page: link the page, not one of them.
                if topLevel[symbol.baseName] == nil { topLevel[symbol.baseName] = APIPaths.page(of: symbol, in: module) }
                continue
            }
            if members[parent.qualifiedName, default: [:]][symbol.baseName] == nil {
                members[parent.qualifiedName, default: [:]][symbol.baseName] = href
            }
            ownersOfName[symbol.baseName, default: []].insert(parentID)
            if symbol.kind == .operator || symbol.baseName == "init" { continue }
            if ownersOfName[symbol.baseName]?.count == 1 { uniqueMembers[symbol.baseName] = href }
        }
        for (name, owners) in ownersOfName where owners.count > 1 { uniqueMembers[name] = nil }
    }

    /// The place (from the site's root) that the name token at `index` refers to, or `nil`.
    /// `declared` holds the names the chapter declares itself.
    func href(at index: Int, in tokens: [SwiftToken], declared: Set<String>) -> String? {
        let token = tokens[index]
        guard token.kind == .identifier || token.kind == .type else { return nil }
        let name = token.text
        let before = plainText(tokens, from: index - 1, step: -1)
        let after = plainText(tokens, from: index + 1, step: 1)
        if before.hasSuffix("."), !before.hasSuffix("..") {
            // `Type.member`: the receiver is the name just before a lone dot.
            if before == ".", let receiver = receiverType(before: index, in: tokens, declared: declared) {
                return members[receiver]?[name]
            }
            return declared.contains(name) ? nil : uniqueMembers[name]
        }
        if after.hasPrefix(":"), !after.hasPrefix("::") { return nil }
        return declared.contains(name) ? nil : topLevel[name]
    }

    /// The qualified ConvLab type named by the tokens before the dot in front of `index`
    /// (`Zoo.VGGConfiguration` in `Zoo.VGGConfiguration.vgg16`), or `nil`.
    private func receiverType(before index: Int, in tokens: [SwiftToken], declared: Set<String>) -> String? {
        var position = index - 1
        while position >= 0, tokens[position].kind == .plain { position -= 1 }
        guard position >= 0, tokens[position].kind == .type else { return nil }
        let name = tokens[position].text
        let before = plainText(tokens, from: position - 1, step: -1)
        if before == ".", let outer = receiverType(before: position, in: tokens, declared: declared) {
            let nested = "\(outer).\(name)"
            return members[nested] != nil ? nested : nil
        }
        if before.hasSuffix("."), !before.hasSuffix("..") { return nil }
        return declared.contains(name) || members[name] == nil ? nil : name
    }

    /// The plain tokens next to `start` going `step`, their text without white space.
    private func plainText(_ tokens: [SwiftToken], from start: Int, step: Int) -> String {
        var parts: [String] = []
        var position = start
        while position >= 0, position < tokens.count, tokens[position].kind == .plain {
            parts.append(tokens[position].text)
            position += step
        }
        let text = (step < 0 ? parts.reversed() : parts).joined()
        return String(text.filter { !$0.isWhitespace })
    }

    /// The names a chapter's cells declare (`let`, `var`, `func`, `struct`, `class`, `enum`,
    /// `typealias`, `protocol`, `case`): these hide ConvLab's names of the same spelling.
    static func declaredNames(in sources: [String]) -> Set<String> {
        let introducers: Set<String> = ["let", "var", "func", "struct", "class", "enum", "typealias", "protocol", "case", "actor"]
        var names: Set<String> = []
        for source in sources {
            let tokens = SwiftLexer.tokens(source).filter {
                !($0.kind == .plain && $0.text.allSatisfy(\.isWhitespace))
            }
            for (position, token) in tokens.enumerated().dropFirst()
            where token.kind == .identifier || token.kind == .type {
                let previous = tokens[position - 1]
                if previous.kind == .keyword, introducers.contains(previous.text) { names.insert(token.text) }
            }
        }
        return names
    }
}
