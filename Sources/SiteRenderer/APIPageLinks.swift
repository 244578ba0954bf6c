import APIReference
import LessonEngine

/// Which names in a chapter's code are ConvLab symbols, and the reference page of each, for
/// the highlighter to turn into links. Without a type checker a name is linked only when it
/// can mean one thing:
///
/// - a type or free function name that the chapter does not declare itself (a cell's own
///   `let conv2d` or `func relu` hides ConvLab's name, so it is not linked);
/// - `Type.member` where `Type` is a ConvLab type (overloads of a name are neighbours on the
///   type's page, so the first one is linked);
/// - `value.member` where the chapter gives `value` a ConvLab type plainly: `let value = Type(…)`,
///   `let value: Type`, or `let value = Type.member(…)` whose declaration returns `Type`.
///   Any other receiver (`array.max()`, `.relu`) could be the standard library's: not linked.
///
/// Argument labels (`threadCount:`) are never linked.
struct APILinks: Sendable {
    /// Top-level names (types, free functions and variables) to their page, from the root.
    private var topLevel: [String: String] = [:]
    /// A type's qualified name to its members' base names to their place.
    private var members: [String: [String: String]] = [:]
    /// A type's qualified name to its members' base names to the ConvLab type they return
    /// (static factories such as `Tensor.zeros`), when their declaration says so plainly.
    private var returns: [String: [String: String]] = [:]

    /// The links of `module`'s symbols.
    init(_ module: APIModule) {
        for symbol in module.symbols {
            guard let parentID = symbol.parent, let parent = module.symbol(parentID) else {
                // A free function's overloads share a page: link the page, not one of them.
                if topLevel[symbol.baseName] == nil { topLevel[symbol.baseName] = APIPaths.page(of: symbol, in: module) }
                continue
            }
            let owner = parent.qualifiedName
            if members[owner, default: [:]][symbol.baseName] == nil {
                members[owner, default: [:]][symbol.baseName] = APIPaths.href(of: symbol, in: module)
            }
            if let type = Self.returnedType(symbol, in: module) { returns[owner, default: [:]][symbol.baseName] = type }
        }
        // What a ConvLab protocol's extension gives its conforming types (`Layer`'s
        // `parameterCount` on `Conv2D`), where the type has no member of that name itself.
        for type in module.types {
            for proto in type.conformances {
                for (name, href) in members[proto] ?? [:] where members[type.qualifiedName]?[name] == nil {
                    members[type.qualifiedName, default: [:]][name] = href
                }
            }
        }
    }

    /// The ConvLab type a declaration returns when it ends in `-> Type`, else `nil`.
    private static func returnedType(_ symbol: APISymbol, in module: APIModule) -> String? {
        guard let arrow = symbol.declaration.lastIndex(where: { $0.spelling.contains("->") }),
              symbol.declaration[arrow].spelling.hasSuffix("-> ") || symbol.declaration[arrow].spelling.hasSuffix("->"),
              arrow + 2 == symbol.declaration.count,
              let target = symbol.declaration[arrow + 1].target.flatMap({ module.symbol($0) }), target.kind.isType
        else { return nil }
        return target.qualifiedName
    }

    /// What the names in a chapter mean: the names its cells declare (they hide ConvLab's)
    /// and the ConvLab type of each variable that plainly has one.
    struct Scope {
        /// Names the chapter declares.
        var declared: Set<String> = []
        /// Variables of a plainly ConvLab type, by name.
        var types: [String: String] = [:]
    }

    /// The place (from the site's root) that the name token at `index` refers to, or `nil`.
    func href(at index: Int, in tokens: [SwiftToken], scope: Scope) -> String? {
        let token = tokens[index]
        guard token.kind == .identifier || token.kind == .type else { return nil }
        let name = token.text
        let before = plainText(tokens, from: index - 1, step: -1)
        if before.hasSuffix("."), !before.hasSuffix("..") {
            guard before == ".", let receiver = receiverType(before: index, in: tokens, scope: scope) else { return nil }
            return members[receiver]?[name]
        }
        let after = plainText(tokens, from: index + 1, step: 1)
        if after.hasPrefix(":"), !after.hasPrefix("::") { return nil }
        return scope.declared.contains(name) ? nil : topLevel[name]
    }

    /// The qualified ConvLab type of what stands before the dot in front of `index`: a type
    /// name (`Zoo.VGGConfiguration` in `Zoo.VGGConfiguration.vgg16`) or a variable of a
    /// plainly ConvLab type; `nil` otherwise.
    private func receiverType(before index: Int, in tokens: [SwiftToken], scope: Scope) -> String? {
        var position = index - 1
        while position >= 0, tokens[position].kind == .plain { position -= 1 }
        guard position >= 0 else { return nil }
        let name = tokens[position].text
        let before = plainText(tokens, from: position - 1, step: -1)
        if tokens[position].kind == .identifier {
            // A variable: only at the start of a chain (`conv.weight`, not `a.conv.weight`).
            return before.hasSuffix(".") ? nil : scope.types[name]
        }
        guard tokens[position].kind == .type else { return nil }
        if before == ".", let outer = receiverType(before: position, in: tokens, scope: scope) {
            let nested = "\(outer).\(name)"
            return members[nested] != nil ? nested : nil
        }
        if before.hasSuffix("."), !before.hasSuffix("..") { return nil }
        return scope.declared.contains(name) || members[name] == nil ? nil : name
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

    /// The scope of a chapter's cells (one program): every name after `let`, `var`, `func`,
    /// `struct`, `class`, `enum`, `typealias`, `protocol`, `case` or `actor`, and the type of
    /// each variable declared as `NAME = Type(`, `NAME: Type` or `NAME = Type.member(` with a
    /// member returning a ConvLab type. A name declared twice with different types has none.
    func scope(of sources: [String]) -> Scope {
        let introducers: Set<String> = ["let", "var", "func", "struct", "class", "enum", "typealias", "protocol", "case", "actor"]
        var scope = Scope()
        var conflicting: Set<String> = []
        for source in sources {
            let tokens = SwiftLexer.tokens(source).filter {
                !($0.kind == .plain && $0.text.allSatisfy(\.isWhitespace))
            }
            for (position, token) in tokens.enumerated().dropFirst()
            where token.kind == .identifier || token.kind == .type {
                let previous = tokens[position - 1]
                guard previous.kind == .keyword, introducers.contains(previous.text) else { continue }
                scope.declared.insert(token.text)
                guard previous.text == "let" || previous.text == "var" else { continue }
                let type = declaredType(tokens, after: position)
                if let known = scope.types[token.text], known != type { conflicting.insert(token.text) }
                if let type { scope.types[token.text] = type } else if scope.types[token.text] != nil {
                    conflicting.insert(token.text)
                }
            }
        }
        for name in conflicting { scope.types[name] = nil }
        return scope
    }

    /// The ConvLab type of `let NAME …` from the tokens after the name, when plain.
    private func declaredType(_ tokens: [SwiftToken], after position: Int) -> String? {
        guard position + 2 < tokens.count, tokens[position + 1].kind == .plain,
              tokens[position + 2].kind == .type else { return nil }
        let separator = tokens[position + 1].text.filter { !$0.isWhitespace }
        let type = tokens[position + 2].text
        guard members[type] != nil else { return nil }
        let next = position + 3 < tokens.count ? tokens[position + 3].text.filter { !$0.isWhitespace } : ""
        if separator == ":" { return next.hasPrefix("?") || next.hasPrefix("!") ? nil : type }
        guard separator == "=" else { return nil }
        if next.hasPrefix("(") { return type }
        // `= Type.member(`: what the member's declaration returns.
        if next == ".", position + 4 < tokens.count, tokens[position + 4].kind == .identifier {
            return returns[type]?[tokens[position + 4].text]
        }
        return nil
    }
}
