import Foundation
import LessonRuntime

/// How a cell ended.
public enum CellStatus: String, Codable, Sendable, Hashable, CaseIterable {
    /// Ran to its end and every claim held.
    case passed
    /// Trapped, had a failing claim, or (for `fails` and `exercise` cells) did not fail.
    case failed
    /// Did not compile; the error is at its markdown line.
    case compileError
    /// Was running when a time limit killed the program.
    case timedOut
    /// Not run: `norun`, or an earlier cell stopped the program.
    case notRun
    /// A `fails` or `exercise` cell that failed, as it should.
    case expectedFailure

    /// The status in words, as every report shows it (`failed as expected`, `not run`).
    public var label: String {
        switch self {
        case .passed: "passed"
        case .failed: "failed"
        case .compileError: "compile error"
        case .timedOut: "timed out"
        case .notRun: "not run"
        case .expectedFailure: "failed as expected"
        }
    }

    /// Whether this outcome is fine for `lessons run` and `lessons verify`.
    public var isSuccess: Bool {
        switch self {
        case .passed, .expectedFailure, .notRun: return true
        case .failed, .compileError, .timedOut: return false
        }
    }
}

/// Why a cell did not pass, at its place in the markdown.
public struct CellError: Codable, Sendable, Hashable, CustomStringConvertible {
    /// The markdown file.
    public var file: String
    /// The 1-based line.
    public var line: Int
    /// The 1-based column.
    public var column: Int
    /// The compiler's, the crash report's or the engine's message.
    public var message: String

    /// An error given in full.
    public init(file: String, line: Int, column: Int = 1, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// An error at a source location.
    public init(_ location: SourceLocation, _ message: String) {
        self.init(file: location.file, line: location.line, column: location.column,
                  message: message)
    }

    /// A problem of a chapter's text, reported on its run.
    public init(_ diagnostic: Diagnostic) {
        self.init(diagnostic.location, diagnostic.message)
    }

    /// `file:line:column: message`.
    public var description: String { "\(file):\(line):\(column): \(message)" }
}

/// Everything one cell produced in one run.
public struct CellResult: Codable, Sendable, Hashable {
    /// The cell's id.
    public var id: String
    /// The markdown line of the cell's opening fence.
    public var line: Int
    /// How it ended.
    public var status: CellStatus
    /// What it printed to standard output (cut at the cap, with a marker line).
    public var stdout: String
    /// What it printed to standard error, including a trap's message.
    public var stderr: String
    /// Why it did not pass; `nil` when it passed or was not run.
    public var error: CellError?
    /// Wall time from the cell's start to its end, in milliseconds (0 when not run).
    public var durationMs: Double
    /// Its `record` calls, in order.
    public var metrics: [Metric]
    /// Its `claim` calls, in order.
    public var claims: [Claim]
    /// Its `show`, `table` and `plot` calls, in order.
    public var outputs: [Output]
    /// For each output, the bytes of `stdout` printed before it (nil for runs that did not
    /// record it): `pieces` puts both back in call order.
    public var outputOffsets: [Int]?

    /// A result given in full.
    public init(
        id: String, line: Int, status: CellStatus, stdout: String = "", stderr: String = "",
        error: CellError? = nil, durationMs: Double = 0, metrics: [Metric] = [],
        claims: [Claim] = [], outputs: [Output] = []
    ) {
        self.id = id
        self.line = line
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
        self.error = error
        self.durationMs = durationMs
        self.metrics = metrics
        self.claims = claims
        self.outputs = outputs
    }

    private enum CodingKeys: String, CodingKey {
        case id, line, status, stdout, stderr, error, durationMs, metrics, claims, outputs, outputOffsets
    }

    /// Writes `error` as `null` when absent: the JSON format has every key in every cell.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(line, forKey: .line)
        try c.encode(status, forKey: .status)
        try c.encode(stdout, forKey: .stdout)
        try c.encode(stderr, forKey: .stderr)
        try c.encode(error, forKey: .error)
        try c.encode(durationMs, forKey: .durationMs)
        try c.encode(metrics, forKey: .metrics)
        try c.encode(claims, forKey: .claims)
        try c.encode(outputs, forKey: .outputs)
        try c.encode(outputOffsets, forKey: .outputOffsets)
    }
}

/// How a chapter's run ended as a whole.
public enum ChapterStatus: String, Codable, Sendable, Hashable {
    /// Every cell's status is a success and every claim held.
    case passed
    /// Some cell failed, did not compile or timed out, or a claim failed.
    case failed
}

/// One run of one chapter: the value the executor returns, the store keeps and the
/// renderers read. Its JSON is the documented `lessons run --json` format (README).
public struct ChapterRun: Codable, Sendable, Hashable {
    /// The chapter's id (the slug of `NN-slug.md`, or the file's name).
    public var chapter: String
    /// The markdown file, as the user named it.
    public var file: String
    /// `failed` if any cell failed, any claim failed or there is a diagnostic.
    public var status: ChapterStatus
    /// Every cell of the chapter, in order, including those not run.
    public var cells: [CellResult]
    /// The cache key of the run (program, build, compiler, flags); see `CacheKey`.
    public var cacheKey: String
    /// When the run started.
    public var startedAt: Date
    /// Wall time of compile and run together, in milliseconds.
    public var durationMs: Double
    /// The compiler's version line, e.g. `Swift version 6.3.1 (swift-6.3.1-RELEASE)`.
    public var toolchain: String
    /// Problems of the chapter's text (unknown option, duplicate id, unclosed fence, unknown
    /// `{{ name }}`), each at its place. A chapter with parse problems is not run.
    public var diagnostics: [CellError]
    /// Where the run's time went, stage by stage; only when asked for (`lessons run
    /// --timings`), never stored, and absent from the JSON otherwise.
    public var timings: RunTimings?

    /// A run given in full; `status` follows from the cells and the diagnostics.
    public init(
        chapter: String, file: String, cells: [CellResult], cacheKey: String,
        startedAt: Date, durationMs: Double, toolchain: String, diagnostics: [CellError] = []
    ) {
        self.chapter = chapter
        self.file = file
        self.cells = cells
        self.diagnostics = diagnostics
        self.status = diagnostics.isEmpty ? ChapterRun.status(of: cells) : .failed
        self.cacheKey = cacheKey
        self.startedAt = startedAt
        self.durationMs = durationMs
        self.toolchain = toolchain
    }

    /// `failed` when a cell's status is not a success or a claim of a run cell failed.
    public static func status(of cells: [CellResult]) -> ChapterStatus {
        let bad = cells.contains { cell in
            !cell.status.isSuccess
                || (cell.status == .passed && cell.claims.contains { !$0.passed })
        }
        return bad ? .failed : .passed
    }

    /// Adds problems found after the run (unknown `{{ name }}` references); the chapter fails.
    public mutating func add(diagnostics more: [CellError]) {
        diagnostics += more
        if !more.isEmpty { status = .failed }
    }

    /// The run of `cells` of `chapter` in which none ran: its text has problems, or the
    /// engine could not start. `problems` fail it, so that no view mistakes it for a pass.
    public static func notRun(
        _ chapter: Chapter, cells: [Cell], cacheKey: String = "", toolchain: String = "", problems: [CellError]
    ) -> ChapterRun {
        ChapterRun(chapter: chapter.id, file: chapter.file,
                   cells: cells.map { CellResult(id: $0.id, line: $0.fence.line, status: .notRun) },
                   cacheKey: cacheKey, startedAt: Date(), durationMs: 0, toolchain: toolchain, diagnostics: problems)
    }

    /// The run of the first `count` cells only, its status following from them: what a run
    /// of that prefix gives, since cells run in order and later cells cannot change earlier ones.
    public func prefix(_ count: Int) -> ChapterRun {
        ChapterRun(chapter: chapter, file: file, cells: Array(cells.prefix(count)), cacheKey: cacheKey,
                   startedAt: startedAt, durationMs: durationMs, toolchain: toolchain, diagnostics: diagnostics)
    }

    /// All metrics of the chapter by name (a later `record` of a name wins).
    public var metrics: [String: Metric] {
        var byName: [String: Metric] = [:]
        for cell in cells { for metric in cell.metrics { byName[metric.name] = metric } }
        return byName
    }
}
