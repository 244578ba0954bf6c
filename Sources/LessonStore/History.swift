import Foundation

/// One value of a metric, with when and where it was measured.
public struct MetricPoint: Sendable, Hashable, Codable {
    /// The run that recorded it.
    public var runID: Int64
    /// The chapter id.
    public var chapter: String
    /// The cell that recorded it.
    public var cellID: String
    /// The metric's name.
    public var name: String
    /// The value (NaN when the cell recorded NaN).
    public var value: Double
    /// The unit, when one was given.
    public var unit: String?
    /// When the run started.
    public var startedAt: Date
    /// The machine's name.
    public var host: String
    /// The book's git commit, when there was one.
    public var bookCommit: String?
    /// The run's cache key: runs with equal keys ran identical code.
    public var cacheKey: String
    /// Which recording of this name within the cell it is (0 for the first), for metrics
    /// recorded in a loop.
    public var occurrence: Int
    /// Whether another run of identical code (same chapter, cache key, cell and occurrence)
    /// recorded a different value.
    public var nonDeterministic: Bool
}

extension LessonDatabase {
    /// The values of a metric over all stored runs (of one chapter, when given), oldest first.
    public func history(of metric: String, chapter: String? = nil) throws(StoreError) -> [MetricPoint] {
        let points = try read { db in
            try db.fetch(
                """
                    SELECT r.id AS run_id, r.chapter, c.cell_id, m.name, m.value, m.unit,
                           r.started_at_exact, r.host, r.book_commit, r.cache_key
                    FROM metrics m
                    JOIN cell_results c ON c.id = m.cell_result_id
                    JOIN runs r ON r.id = c.run_id
                    WHERE m.name = ? AND (? IS NULL OR r.chapter = ?)
                    ORDER BY r.id, c.position, m.position
                    """,
                [metric, chapter, chapter]
            ).map(Self.point(from:))
        }
        return Self.flaggingNonDeterminism(Self.numberingOccurrences(points))
    }

    /// The names of all recorded metrics, sorted: what `lessons history` offers when a name
    /// is unknown.
    public func metricNames(chapter: String? = nil) throws(StoreError) -> [String] {
        try read { db in
            // Sorted here, not by ORDER BY: PostgreSQL would sort by the database's collation,
            // SQLite by bytes.
            let names: [String] = try db.fetchColumn(
                """
                SELECT DISTINCT m.name FROM metrics m
                JOIN cell_results c ON c.id = m.cell_result_id
                JOIN runs r ON r.id = c.run_id
                WHERE (? IS NULL OR r.chapter = ?)
                """,
                [chapter, chapter])
            return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        }
    }

    private static func point(from row: SQLRow) throws -> MetricPoint {
        let value: Double? = try row["value"]
        return MetricPoint(
            runID: try row["run_id"], chapter: try row["chapter"], cellID: try row["cell_id"],
            name: try row["name"], value: value ?? .nan, unit: try row["unit"],
            startedAt: Date(timeIntervalSinceReferenceDate: try row["started_at_exact"]),
            host: try row["host"], bookCommit: try row["book_commit"], cacheKey: try row["cache_key"],
            occurrence: 0, nonDeterministic: false)
    }

    private static func numberingOccurrences(_ points: [MetricPoint]) -> [MetricPoint] {
        var seen: [String: Int] = [:]
        return points.map { point in
            var point = point
            let key = "\(point.runID)\u{1F}\(point.cellID)"
            point.occurrence = seen[key, default: 0]
            seen[key] = point.occurrence + 1
            return point
        }
    }

    private static func flaggingNonDeterminism(_ points: [MetricPoint]) -> [MetricPoint] {
        func sameCode(_ p: MetricPoint) -> [String] {
            [p.chapter, p.cacheKey, p.cellID, String(p.occurrence)]
        }
        // NaN differs from itself; compare bit patterns so that NaN twice counts as equal.
        var values: [[String]: Set<UInt64>] = [:]
        for point in points { values[sameCode(point), default: []].insert(point.value.bitPattern) }
        return points.map { point in
            var point = point
            point.nonDeterministic = (values[sameCode(point)]?.count ?? 0) > 1
            return point
        }
    }
}
