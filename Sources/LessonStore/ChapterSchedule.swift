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

    /// ConvLab threads per program when `jobs` programs share `cores`: never fewer than one,
    /// never more than the machine has in total.
    public static func threads(cores: Int, jobs: Int) -> Int {
        max(1, cores / max(1, jobs))
    }
}
