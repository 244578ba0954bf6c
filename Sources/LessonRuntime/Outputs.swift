/// A named number a cell measured; kept in the store and usable in prose as `{{ name }}`.
public struct Metric: Codable, Sendable, Hashable {
    /// The name, e.g. `params.ratio`.
    public var name: String
    /// The value.
    public var value: Double
    /// The unit shown after the value (`ms`, `MFLOP`), if any.
    public var unit: String?

    /// A metric given in full.
    public init(name: String, value: Double, unit: String? = nil) {
        self.name = name
        self.value = value
        self.unit = unit
    }

    private enum CodingKeys: String, CodingKey { case name, value, unit }

    /// Writes `unit` as `null` when absent, so that every metric has the same keys.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(value, forKey: .value)
        try c.encode(unit, forKey: .unit)
    }
}

/// A checked statement: numeric (`measured` within `tolerance` of `expected`), boolean, or a
/// timing comparison (`measured` a time ratio whose 95% interval must lie below `expected`).
public struct Claim: Codable, Sendable, Hashable {
    /// The statement in words, as the reader sees it.
    public var statement: String
    /// Whether it held. An inconclusive timing claim counts as held: it is not a failure of
    /// the book, only a measurement too noisy to decide (see `inconclusive`).
    public var passed: Bool
    /// The measured value; `nil` for a boolean claim.
    public var measured: Double?
    /// The expected value (the bound, for a timing claim); `nil` for a boolean claim.
    public var expected: Double?
    /// The allowed absolute difference; `nil` for a boolean or timing claim.
    public var tolerance: Double?
    /// The markdown line of the `claim(…)` call, so that a failing claim is reported there.
    public var line: Int?
    /// The names of the recorded metrics this claim pins: prose may show them as `{{ name }}`
    /// (`lessons verify` fails a chapter that shows a metric no claim pins).
    public var pins: [String]
    /// For a timing claim: the 95% interval of the measured ratio, `[low, high]`.
    public var interval: [Double]?
    /// A timing claim whose interval contains the bound even after the time budget: neither
    /// held nor failed. Such a run is never served from the cache.
    public var inconclusive: Bool
    /// For a bound claim (`claim(_:_:atLeast:)`, `atMost:`): which side of `expected` the
    /// measured value must lie on. Nil for equality, yes/no and timing claims.
    public var bound: Bound?

    /// The side of its bound a bound claim's value must lie on.
    public enum Bound: String, Codable, Sendable, Hashable {
        /// measured ≥ expected.
        case atLeast
        /// measured ≤ expected.
        case atMost
    }

    /// A claim given in full.
    public init(
        statement: String, passed: Bool, measured: Double? = nil, expected: Double? = nil,
        tolerance: Double? = nil, line: Int? = nil, pins: [String] = [],
        interval: [Double]? = nil, inconclusive: Bool = false, bound: Bound? = nil
    ) {
        self.statement = statement
        self.passed = passed
        self.measured = measured
        self.expected = expected
        self.tolerance = tolerance
        self.line = line
        self.pins = pins
        self.interval = interval
        self.inconclusive = inconclusive
        self.bound = bound
    }

    /// The claim that the second computation of `comparison` takes less than `bound` times
    /// the first's: held when the ratio's 95% interval lies below `bound`, failed when it lies
    /// at or above it, inconclusive (and counted as held) when it contains `bound`.
    public init(timing statement: String, _ comparison: TimeComparison, below bound: Double,
                pins: [String] = [], line: Int? = nil) {
        let interval = comparison.ratioInterval
        // A comparison with no measurable pair (every ratio NaN) proves nothing: it fails.
        let measurable = comparison.pairRatios.contains { !$0.isNaN }
        let held = measurable && interval.upperBound < bound
        let failed = !measurable || interval.lowerBound >= bound
        self.init(statement: statement, passed: !failed, measured: comparison.ratio, expected: bound,
                  line: line, pins: pins, interval: [interval.lowerBound, interval.upperBound],
                  inconclusive: !held && !failed)
    }

    /// Whether this claim compares timings (it has an interval): such a claim that fails or is
    /// inconclusive is measured again on the next run, never read from the cache.
    public var isTiming: Bool { interval != nil }

    private enum CodingKeys: String, CodingKey {
        case statement, passed, measured, expected, tolerance, line, pins, interval, inconclusive, bound
    }

    /// Reads a claim; `pins`, `interval`, `inconclusive` and `bound` may be absent (older records).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        statement = try c.decode(String.self, forKey: .statement)
        passed = try c.decode(Bool.self, forKey: .passed)
        measured = try c.decodeIfPresent(Double.self, forKey: .measured)
        expected = try c.decodeIfPresent(Double.self, forKey: .expected)
        tolerance = try c.decodeIfPresent(Double.self, forKey: .tolerance)
        line = try c.decodeIfPresent(Int.self, forKey: .line)
        pins = try c.decodeIfPresent([String].self, forKey: .pins) ?? []
        interval = try c.decodeIfPresent([Double].self, forKey: .interval)
        inconclusive = try c.decodeIfPresent(Bool.self, forKey: .inconclusive) ?? false
        bound = try c.decodeIfPresent(Bound.self, forKey: .bound)
    }

    /// Writes absent numbers as `null`, so that every claim has the same keys.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(statement, forKey: .statement)
        try c.encode(passed, forKey: .passed)
        try c.encode(measured, forKey: .measured)
        try c.encode(expected, forKey: .expected)
        try c.encode(tolerance, forKey: .tolerance)
        try c.encode(line, forKey: .line)
        try c.encode(pins, forKey: .pins)
        try c.encode(interval, forKey: .interval)
        try c.encode(inconclusive, forKey: .inconclusive)
        try c.encode(bound, forKey: .bound)
    }
}

/// A table of text cells under a header row.
public struct Table: Codable, Sendable, Hashable {
    /// The column titles.
    public var header: [String]
    /// The rows; each has as many entries as `header`.
    public var rows: [[String]]

    /// A table given in full.
    public init(header: [String], rows: [[String]]) {
        self.header = header
        self.rows = rows
    }

    /// What is wrong with this table, empty when every row fits the header.
    public var problems: [String] {
        rows.enumerated().compactMap { index, row in
            row.count == header.count ? nil
                : "row \(index + 1) has \(ValueText.count(row.count, "entry", plural: "entries")) for \(ValueText.count(header.count, "column"))"
        }
    }
}

/// Something a cell shows besides its printed text, in the order the cell produced it.
///
/// JSON: `{"type":"text","text":…}`, `{"type":"table","table":{"header":…,"rows":…}}` or
/// `{"type":"plot","plot":{…}}`.
public enum Output: Codable, Sendable, Hashable {
    /// A value shown as text (`show`), e.g. a tensor's description.
    case text(String)
    /// A table (`table`).
    case table(Table)
    /// A chart (`plot`).
    case plot(Plot)

    private enum CodingKeys: String, CodingKey { case type, text, table, plot }

    /// Reads the tagged form written by `encode(to:)`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .type) {
        case "text": self = .text(try c.decode(String.self, forKey: .text))
        case "table": self = .table(try c.decode(Table.self, forKey: .table))
        case "plot": self = .plot(try c.decode(Plot.self, forKey: .plot))
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: c, debugDescription: "unknown output type '\(other)'")
        }
    }

    /// Writes `{"type": …, <type>: payload}`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .text(let text):
            try c.encode("text", forKey: .type)
            try c.encode(text, forKey: .text)
        case .table(let table):
            try c.encode("table", forKey: .type)
            try c.encode(table, forKey: .table)
        case .plot(let plot):
            try c.encode("plot", forKey: .type)
            try c.encode(plot, forKey: .plot)
        }
    }
}
