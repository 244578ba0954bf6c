import Foundation
import LessonEngine

/// How `ChapterRunner.run(_:jobs:)` shares the machine among chapters: which run side by
/// side, which alone, and how many ConvLab threads each program gets.
public enum ChapterSchedule {
    /// The calls that time code. A chapter whose cells call one of them claims timings, which
    /// other programs running beside it would spoil, so it runs alone with every core.
    public static let timingCalls = [
        "compareTimes", "cpuMilliseconds", "measureThroughput", "Roofline.measure", "measurePeakGFLOPs",
    ]

    /// Whether a cell of `chapter` calls one of `timingCalls`.
    public static func timesCode(_ chapter: Chapter) -> Bool {
        chapter.cells.contains { cell in timingCalls.contains { cell.code.contains($0) } }
    }

    /// The indices of `chapters` that may run side by side, and those that run alone after
    /// them, each in book order.
    public static func split(_ chapters: [Chapter]) -> (parallel: [Int], alone: [Int]) {
        let alone = chapters.indices.filter { timesCode(chapters[$0]) }
        return (chapters.indices.filter { !alone.contains($0) }, alone)
    }

    /// The order in which the side-by-side chapters start: the longest by their last run
    /// first (a long chapter started last leaves the other cores idle while it finishes),
    /// chapters never run before them all (they may be long), each group in book order.
    public static func longestFirst(_ indices: [Int], lastDurationMs: (Int) -> Double?) -> [Int] {
        let durations = indices.map { (index: $0, ms: lastDurationMs($0)) }
        let timed = durations.compactMap { chapter in chapter.ms.map { (index: chapter.index, ms: $0) } }
        // Stable: equal durations keep book order.
        let longest = timed.enumerated().sorted { a, b in
            a.element.ms != b.element.ms ? a.element.ms > b.element.ms : a.offset < b.offset
        }
        return durations.filter { $0.ms == nil }.map(\.index) + longest.map(\.element.index)
    }

    /// ConvLab threads per program when `jobs` programs share `cores`: never fewer than one,
    /// never more than the machine has in total.
    public static func threads(cores: Int, jobs: Int) -> Int {
        max(1, cores / max(1, jobs))
    }
}
