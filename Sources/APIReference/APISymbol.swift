/// What kind of declaration a symbol is, in the words a reference page groups by.
public enum APISymbolKind: String, Sendable, Hashable, Codable, CaseIterable {
    case `class`, `struct`, `enum`, `protocol`, `typealias`, associatedType
    case function, variable, `operator`
    case initializer, enumCase, property, typeProperty, method, typeMethod, `subscript`, typeSubscript

    /// Kinds that get a page of their own and hold members.
    public var isType: Bool {
        switch self {
        case .class, .struct, .enum, .protocol, .typealias: true
        default: false
        }
    }

    /// The heading of a group of this kind, on the index and on a type's page.
    public var groupTitle: String {
        switch self {
        case .class: "Classes"
        case .struct: "Structures"
        case .enum: "Enumerations"
        case .protocol: "Protocols"
        case .typealias: "Type aliases"
        case .associatedType: "Associated types"
        case .function: "Functions"
        case .variable: "Global variables"
        case .operator: "Operators"
        case .initializer: "Initializers"
        case .enumCase: "Cases"
        case .property: "Instance properties"
        case .typeProperty: "Type properties"
        case .method: "Instance methods"
        case .typeMethod: "Type methods"
        case .subscript: "Subscripts"
        case .typeSubscript: "Type subscripts"
        }
    }

    /// The kind of a symbol graph's kind identifier (`class`, `func.op`, `type.method`, …),
    /// with or without the `swift.` prefix; `nil` for kinds a reference does not show.
    public init?(symbolGraphKind identifier: String) {
        let name = identifier.hasPrefix("swift.") ? String(identifier.dropFirst(6)) : identifier
        let kinds: [String: APISymbolKind] = [
            "class": .class, "struct": .struct, "enum": .enum, "protocol": .protocol,
            "typealias": .typealias, "associatedtype": .associatedType, "func": .function,
            "var": .variable, "func.op": .operator, "init": .initializer, "enum.case": .enumCase,
            "property": .property, "type.property": .typeProperty, "method": .method,
            "type.method": .typeMethod, "subscript": .subscript, "type.subscript": .typeSubscript,
        ]
        guard let kind = kinds[name] else { return nil }
        self = kind
    }
}

/// One piece of a declaration as the compiler printed it: `keyword`, `identifier`,
/// `typeIdentifier`, `text`, … `target` is the precise id of the symbol a type name refers to.
public struct APIFragment: Sendable, Hashable, Codable {
    /// The fragment's kind, as the symbol graph names it.
    public var kind: String
    /// The text.
    public var spelling: String
    /// The precise identifier of the referenced symbol, for type names.
    public var target: String?

    /// A fragment given in full.
    public init(kind: String, spelling: String, target: String? = nil) {
        self.kind = kind
        self.spelling = spelling
        self.target = target
    }
}

/// One public declaration of the module: what it is, where it sits, how it is declared and
/// what its `///` comment says.
public struct APISymbol: Sendable, Hashable, Codable {
    /// The compiler's precise identifier (a mangled name): unique, also across overloads.
    public var id: String
    /// The kind of declaration.
    public var kind: APISymbolKind
    /// The names from the module down to the symbol, e.g. `["Conv2D", "forward(_:)"]`.
    public var path: [String]
    /// The declaration, fragment by fragment, e.g. `final class Conv2D`.
    public var declaration: [APIFragment]
    /// The doc comment's markdown, its lines joined; empty when it has none.
    public var doc: String
    /// The precise identifier of the type it is a member of; `nil` at the top level.
    public var parent: String?
    /// Names of the protocols the symbol conforms to, sorted.
    public var conformances: [String]
    /// The source file (path relative to the package's `Sources/` when it is under one) and
    /// 1-based line of the declaration.
    public var file: String
    /// The declaration's line.
    public var line: Int

    /// A symbol given in full.
    public init(id: String, kind: APISymbolKind, path: [String], declaration: [APIFragment], doc: String,
                parent: String? = nil, conformances: [String] = [], file: String = "", line: Int = 0) {
        self.id = id
        self.kind = kind
        self.path = path
        self.declaration = declaration
        self.doc = doc
        self.parent = parent
        self.conformances = conformances
        self.file = file
        self.line = line
    }

    /// The symbol's own name with argument labels, e.g. `forward(_:)`.
    public var title: String { path.last ?? "" }

    /// The name without argument labels, as code spells it: `forward`, `Conv2D`.
    public var baseName: String {
        title.split(separator: "(").first.map(String.init) ?? title
    }

    /// The dotted path, e.g. `Zoo.VGGConfiguration`.
    public var qualifiedName: String { path.joined(separator: ".") }

    /// The first paragraph of the doc comment, for lists.
    public var abstract: String {
        let paragraph = doc.components(separatedBy: "\n\n").first ?? ""
        return paragraph.split(separator: "\n").joined(separator: " ")
    }
}
