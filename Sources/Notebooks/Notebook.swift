import Foundation

/// A Jupyter notebook in nbformat 4.5: cells with ids, code cells with their outputs, and
/// free metadata. Only what an exported chapter needs; `json()` writes the file's text.
public struct Notebook: Sendable, Hashable, Encodable {
    /// The cells, in order.
    public var cells: [NotebookCell]
    /// The notebook's metadata: the language and where its outputs came from.
    public var metadata: NotebookMetadata

    /// A notebook of `cells` with `metadata`.
    public init(cells: [NotebookCell], metadata: NotebookMetadata) {
        self.cells = cells
        self.metadata = metadata
    }

    private enum CodingKeys: String, CodingKey { case cells, metadata, nbformat, nbformat_minor }

    /// `{"cells", "metadata", "nbformat": 4, "nbformat_minor": 5}`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(cells, forKey: .cells)
        try c.encode(metadata, forKey: .metadata)
        try c.encode(4, forKey: .nbformat)
        // 4.5 is the first minor version with cell ids, which it requires.
        try c.encode(5, forKey: .nbformat_minor)
    }

    /// The `.ipynb` text: indented, keys sorted (so exports of the same run compare equal).
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(UInt8(ascii: "\n"))
        return data
    }
}

/// One cell: markdown, or code with its outputs.
public struct NotebookCell: Sendable, Hashable, Encodable {
    /// Markdown or code, and a code cell's outputs.
    public enum Kind: Sendable, Hashable {
        /// Prose.
        case markdown
        /// Code, with what it printed and showed.
        case code(outputs: [NotebookOutput])
    }

    /// Unique in the notebook; letters, digits, `-` and `_`, at most 64 (nbformat's rule).
    public var id: String
    /// Markdown or code.
    public var kind: Kind
    /// The cell's text.
    public var source: String
    /// Where the cell came from in the chapter, and whether Jupyter should fold its source.
    public var metadata: CellMetadata

    /// A cell given in full; `id` must already follow nbformat's rule (see `NotebookIDs`).
    public init(id: String, kind: Kind, source: String, metadata: CellMetadata = CellMetadata()) {
        self.id = id
        self.kind = kind
        self.source = source
        self.metadata = metadata
    }

    private enum CodingKeys: String, CodingKey { case id, cell_type, metadata, source, outputs, execution_count }

    /// A markdown cell has no outputs and no execution count; nbformat's schema forbids them.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(metadata, forKey: .metadata)
        try c.encode(NotebookText.lines(source), forKey: .source)
        switch kind {
        case .markdown:
            try c.encode("markdown", forKey: .cell_type)
        case .code(let outputs):
            try c.encode("code", forKey: .cell_type)
            try c.encode(outputs, forKey: .outputs)
            // Lessonbook runs a chapter as one program, not cell by cell in a kernel.
            try c.encodeNil(forKey: .execution_count)
        }
    }
}

/// What a code cell printed or showed, as Jupyter stores it.
public enum NotebookOutput: Sendable, Hashable, Encodable {
    /// Printed text on `stdout` or `stderr`.
    case stream(name: String, text: String)
    /// A rich value by MIME type (`text/plain`, `text/html`, `image/svg+xml`).
    case display(data: [String: String])
    /// Why the cell failed: a name, the message, and the lines of a traceback.
    case error(name: String, value: String, traceback: [String])

    private enum CodingKeys: String, CodingKey { case output_type, name, text, data, metadata, ename, evalue, traceback }

    /// nbformat's `stream`, `display_data` and `error` outputs.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case let .stream(name, text):
            try c.encode("stream", forKey: .output_type)
            try c.encode(name, forKey: .name)
            try c.encode(NotebookText.lines(text), forKey: .text)
        case let .display(data):
            try c.encode("display_data", forKey: .output_type)
            try c.encode(data.mapValues(NotebookText.lines), forKey: .data)
            try c.encode([String: String](), forKey: .metadata)
        case let .error(name, value, traceback):
            try c.encode("error", forKey: .output_type)
            try c.encode(name, forKey: .ename)
            try c.encode(value, forKey: .evalue)
            try c.encode(traceback, forKey: .traceback)
        }
    }
}

/// A cell's metadata: Jupyter's own keys and the chapter cell it came from.
public struct CellMetadata: Sendable, Hashable, Encodable {
    /// `{"source_hidden": true}` folds the code of a `hidden` cell, as the site hides it.
    public var jupyter: [String: Bool]?
    /// The chapter's cell: `id`, `line`, `status` and its fence options.
    public var lessonbook: [String: String]?

    /// Metadata with the given keys; none by default.
    public init(jupyter: [String: Bool]? = nil, lessonbook: [String: String]? = nil) {
        self.jupyter = jupyter
        self.lessonbook = lessonbook
    }
}

/// The notebook's metadata: the cells' language and the run the outputs come from.
public struct NotebookMetadata: Sendable, Hashable, Encodable {
    /// Jupyter's `language_info`: `{"name": "swift", "file_extension": ".swift"}`.
    public var language_info: [String: String]
    /// Provenance: chapter, file, status, toolchain, cache key, start and duration of the run.
    public var lessonbook: [String: String]

    /// Metadata with `lessonbook` provenance.
    public init(lessonbook: [String: String]) {
        self.language_info = ["name": "swift", "file_extension": ".swift"]
        self.lessonbook = lessonbook
    }
}

/// Jupyter's multi-line strings: a list of lines, each but the last ending in `\n`, so that
/// a notebook's diffs read line by line.
enum NotebookText {
    static func lines(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) + "\n" }
        if var last = lines.popLast() {
            last.removeLast()
            if !last.isEmpty { lines.append(last) }
        }
        return lines
    }
}
