import ArgumentParser
import Foundation
import LessonRuntime
import LessonStore

/// `lessons history METRIC [--chapter C] [--json]`: a metric's values over the stored runs,
/// with when and where each was measured; values that changed between runs of identical code
/// (same cache key) are flagged as non-deterministic.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show a recorded metric's values over past runs, with when and where.",
        discussion: """
            A value marked "≠ non-deterministic" differs from another run of identical code \
            (same cache key). Exit status: 0 shown, 2 no such metric or no database.
            """)

    @OptionGroup var options: ReadingOptions

    @Argument(help: "The metric's name, as given to record(name, value).")
    var metric: String

    @Option(help: "Only the runs of this chapter (its id, e.g. two-3x3).")
    var chapter: String?

    @Flag(help: "Write one JSON document to stdout instead of a table.")
    var json = false

    func run() throws {
        let db = try StoreAccess.database(options)
        let points = try InputError.wrap { () throws(StoreError) in try db.history(of: metric, chapter: chapter) }
        if points.isEmpty {
            let known = try InputError.wrap { () throws(StoreError) in try db.metricNames(chapter: chapter) }
            let scope = chapter.map { " in chapter \($0)" } ?? ""
            throw InputError(message: "no metric named '\(metric)'\(scope) in \(db.path). "
                + (known.isEmpty ? "No metrics recorded yet." : "Recorded: \(known.joined(separator: ", "))."))
        }
        if json {
            let document = HistoryDocument(metric: metric, chapter: chapter, points: points)
            FileHandle.standardOutput.write(try WireFormat.encoder(pretty: true).encode(document))
            FileHandle.standardOutput.write(Data("\n".utf8))
        } else {
            print(HistoryTable(metric: metric, points: points).text)
        }
    }
}

/// The `--json` document: stable keys, dates in ISO 8601 (UTC).
struct HistoryDocument: Encodable {
    struct Point: Encodable {
        var runId: Int64, chapter: String, cell: String, occurrence: Int
        var value: Double, unit: String?
        var startedAt: Date, host: String, commit: String?, cacheKey: String
        var nonDeterministic: Bool
    }
    var metric: String
    var chapter: String?
    var nonDeterministic: Bool
    var points: [Point]

    init(metric: String, chapter: String?, points: [MetricPoint]) {
        self.metric = metric
        self.chapter = chapter
        self.nonDeterministic = points.contains(where: \.nonDeterministic)
        self.points = points.map {
            Point(runId: $0.runID, chapter: $0.chapter, cell: $0.cellID, occurrence: $0.occurrence,
                  value: $0.value, unit: $0.unit, startedAt: $0.startedAt, host: $0.host,
                  commit: $0.bookCommit, cacheKey: $0.cacheKey, nonDeterministic: $0.nonDeterministic)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(metric, forKey: .metric)
        try c.encode(chapter, forKey: .chapter)  // null when all chapters, not absent
        try c.encode(nonDeterministic, forKey: .nonDeterministic)
        try c.encode(points, forKey: .points)
    }

    private enum Keys: String, CodingKey { case metric, chapter, nonDeterministic, points }
}

/// The text table: one line per value, oldest first.
struct HistoryTable {
    var metric: String
    var points: [MetricPoint]

    static let dateFormat: DateFormatter = {
        let format = DateFormatter()
        format.locale = Locale(identifier: "en_US_POSIX")
        format.timeZone = TimeZone(identifier: "UTC")
        format.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return format
    }()

    var text: String {
        let header = ["when (UTC)", "chapter", "cell", "value", "host", "commit", ""]
        let rows = points.map { point -> [String] in
            let cell = point.occurrence == 0 ? point.cellID : "\(point.cellID)#\(point.occurrence + 1)"
            let value = "\(point.value)" + (point.unit.map { " " + $0 } ?? "")
            return [Self.dateFormat.string(from: point.startedAt), point.chapter, cell, value, point.host,
                    point.bookCommit.map { String($0.prefix(8)) } ?? "-",
                    point.nonDeterministic ? "≠ non-deterministic" : ""]
        }
        let widths = header.indices.map { column in
            ([header] + rows).map { $0[column].count }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        var lines = ["\(metric): \(ValueText.count(points.count, "value"))", line(header)]
        lines += rows.map(line)
        if points.contains(where: \.nonDeterministic) {
            lines.append("≠ this value differs between runs of identical code (same cache key).")
        }
        return lines.joined(separator: "\n")
    }
}
