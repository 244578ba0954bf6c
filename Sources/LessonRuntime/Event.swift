import Foundation

/// One line of the side channel between a chapter program and the engine.
///
/// The program appends one JSON object per line to the file named by `LESSONS_EVENTS`:
/// `{"cell":"c2","kind":"start","time":…}` when a cell begins, then its `metric`, `claim`
/// and `output` events, and `{"kind":"end",…}` when the program finishes normally. A line
/// is written and flushed whole, so a trap or a kill loses at most the event in progress.
public struct Event: Codable, Sendable, Hashable {
    /// What happened.
    public enum Kind: String, Codable, Sendable, Hashable {
        /// A cell began (the previous one, if any, ended).
        case start
        /// The program finished its last cell.
        case end
        /// `record` was called.
        case metric
        /// `claim` was called.
        case claim
        /// `show`, `table` or `plot` was called.
        case output
    }

    /// The id of the cell that was running.
    public var cell: String
    /// What happened.
    public var kind: Kind
    /// Seconds on the system's monotonic clock (for `start` and `end`), to time cells.
    public var time: Double?
    /// The metric, for `metric`.
    public var metric: Metric?
    /// The claim, for `claim`.
    public var claim: Claim?
    /// The output, for `output`.
    public var output: Output?
    /// For `output`: the bytes the cell had printed to stdout before it, so that printed
    /// text and shown outputs can be put back in call order.
    public var stdoutOffset: Int?

    /// An event given in full.
    public init(
        cell: String, kind: Kind, time: Double? = nil, metric: Metric? = nil,
        claim: Claim? = nil, output: Output? = nil, stdoutOffset: Int? = nil
    ) {
        self.cell = cell
        self.kind = kind
        self.time = time
        self.metric = metric
        self.claim = claim
        self.output = output
        self.stdoutOffset = stdoutOffset
    }
}

/// The JSON settings shared by everything that writes or reads the wire format.
///
/// Measured values may be infinite or NaN (a diverging loss); plain JSON has no such numbers,
/// so they travel as the strings `"inf"`, `"-inf"` and `"nan"`.
public enum WireFormat {
    /// An encoder with sorted keys, ISO 8601 dates and the non-finite number convention.
    public static func encoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty
            ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            : [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    /// A decoder matching `encoder()`.
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// The environment variable naming the events file.
    public static let eventsVariable = "LESSONS_EVENTS"
    /// The environment variable naming the folder of per-cell output files.
    public static let outputFolderVariable = "LESSONS_CELL_OUTPUT"
    /// The environment variable naming the file descriptor the program writes each cell's
    /// index to (one native `Int32`), so that the supervisor can hold cells to their
    /// wall-clock limits on its own clock.
    public static let cellIndexFDVariable = "LESSONS_CELL_FD"

    /// The file a cell's standard output goes to, inside the output folder.
    public static func stdoutFile(cellIndex: Int) -> String { "\(cellIndex).out" }
    /// The file a cell's standard error goes to, inside the output folder.
    public static func stderrFile(cellIndex: Int) -> String { "\(cellIndex).err" }
}
