import Foundation
import LessonRuntime

/// The events a chapter program sent, grouped by cell.
struct EventLog: Sendable {
    /// What one cell sent.
    struct CellEvents: Sendable {
        var started: Double?
        var metrics: [Metric] = []
        var claims: [Claim] = []
        var outputs: [Output] = []
        /// Each output's place in stdout (nil where the program did not say).
        var outputOffsets: [Int?] = []
    }

    /// Per cell id.
    var cells: [String: CellEvents] = [:]
    /// Cell ids in the order they started.
    var order: [String] = []
    /// When the program reached its end, if it did.
    var ended: Double?

    /// Parses the JSON lines of `path`; a line cut short by a crash is skipped.
    init(path: String) {
        guard let data = FileManager.default.contents(atPath: path) else { return }
        let decoder = WireFormat.decoder()
        for line in data.split(separator: UInt8(ascii: "\n")) {
            guard let event = try? decoder.decode(Event.self, from: Data(line)) else { continue }
            add(event)
        }
    }

    private mutating func add(_ event: Event) {
        switch event.kind {
        case .start:
            order.append(event.cell)
            cells[event.cell, default: CellEvents()].started = event.time
        case .end: ended = event.time
        case .metric: if let m = event.metric { cells[event.cell, default: CellEvents()].metrics.append(m) }
        case .claim: if let c = event.claim { cells[event.cell, default: CellEvents()].claims.append(c) }
        case .output:
            if let o = event.output {
                cells[event.cell, default: CellEvents()].outputs.append(o)
                cells[event.cell, default: CellEvents()].outputOffsets.append(event.stdoutOffset)
            }
        }
    }

    /// Seconds from `id`'s start to the next cell's start, the end, or `fallbackEnd`.
    func duration(of id: String, fallbackEnd: Double) -> Double {
        guard let start = cells[id]?.started, let position = order.firstIndex(of: id) else { return 0 }
        let next = order.indices.contains(position + 1) ? cells[order[position + 1]]?.started : nil
        return max(0, (next ?? ended ?? fallbackEnd) - start)
    }
}

/// Watches the events file while the program runs, to know which cell is running and since
/// when (for per-cell time limits); reads only what was appended since the last look.
final class EventWatcher {
    private let path: String
    private var offset: UInt64 = 0
    private var partial = Data()
    /// The running cell's id and the moment the watcher saw it start.
    private(set) var current: (id: String, since: Double)?

    init(path: String) { self.path = path }

    /// Reads new lines; returns the running cell and how long it has run.
    func poll(now: Double) -> (id: String, elapsed: Double)? {
        if let handle = FileHandle(forReadingAtPath: path) {
            defer { try? handle.close() }
            try? handle.seek(toOffset: offset)
            let data = (try? handle.readToEnd()) ?? Data()
            offset += UInt64(data.count)
            partial.append(data)
            scanLines(now: now)
        }
        return current.map { ($0.id, now - $0.since) }
    }

    private func scanLines(now: Double) {
        while let newline = partial.firstIndex(of: UInt8(ascii: "\n")) {
            let line = partial[partial.startIndex..<newline]
            partial = Data(partial[(newline + 1)...])
            // Only start events matter here; a cheap prefix test avoids decoding the rest.
            guard line.count < 4096, let text = String(data: line, encoding: .utf8),
                  text.contains("\"kind\":\"start\""),
                  let event = try? WireFormat.decoder().decode(Event.self, from: Data(line)) else { continue }
            current = (event.cell, now)
        }
    }
}
