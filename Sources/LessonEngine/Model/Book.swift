/// A place in a source file, 1-based, as editors and compilers print it (`file:line:column`).
public struct SourceLocation: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The file's path as the user named it (relative paths stay relative).
    public var file: String
    /// The 1-based line.
    public var line: Int
    /// The 1-based column.
    public var column: Int

    /// A location given in full.
    public init(file: String, line: Int, column: Int = 1) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`.
    public var description: String { "\(file):\(line):\(column)" }
}

/// A problem in a chapter's text, reported at its place; the rest of the book still runs.
public struct Diagnostic: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    /// Where the problem is.
    public var location: SourceLocation
    /// What is wrong, in words the author can act on.
    public var message: String

    /// A diagnostic at a location.
    public init(_ location: SourceLocation, _ message: String) {
        self.location = location
        self.message = message
    }

    /// `file:line:column: error: message`, the format compilers and editors understand.
    public var description: String { "\(location): error: \(message)" }
}

/// The options written after `swift` on a cell's fence line.
public struct CellOptions: Hashable, Sendable, Codable {
    /// Runs, but the code is not shown.
    public var hidden = false
    /// Shown, but not run.
    public var norun = false
    /// The learner's to complete; must fail as written.
    public var exercise = false
    /// The reference solution of the exercise just before it.
    public var solution = false
    /// Expected to fail to compile or to trap: that is the lesson.
    public var fails = false
    /// A time limit for this cell in seconds, replacing the default.
    public var timeout: Double?
    /// For a cell run apart (`exercise`, `fails`): the id of the earlier cell after which it
    /// runs; its program then holds the main cells up to that one instead of every main cell
    /// before it (`after=ID`), so that editing it does not re-run the chapter's slow cells.
    public var after: String?
    /// Resource limits for this cell (CPU, memory, output, files, processes, scratch).
    public var limits = CellLimitOptions()

    /// No options: a plain cell.
    public init() {}
}

/// One ```swift fence of a chapter.
public struct Cell: Hashable, Sendable, Identifiable {
    /// The stable id (`id=NAME`, or `c1`, `c2`, … in order of appearance).
    public var id: String
    /// The 0-based position among the chapter's cells.
    public var index: Int
    /// The fence's options.
    public var options: CellOptions
    /// The code between the fences, without the fence lines.
    public var code: String
    /// Where the opening fence is.
    public var fence: SourceLocation
    /// The 1-based line of the first code line (the fence line + 1).
    public var firstCodeLine: Int { fence.line + 1 }

    /// A cell given in full.
    public init(id: String, index: Int, options: CellOptions, code: String, fence: SourceLocation) {
        self.id = id
        self.index = index
        self.options = options
        self.code = code
        self.fence = fence
    }
}
