#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension WireFormat {
    /// The environment variable giving a chapter program its share of the machine's threads
    /// (`lessons build --jobs N` runs N programs at once, each with cores / N).
    public static let threadBudgetVariable = "LESSONS_CONVLAB_THREADS"
}

/// The threads this chapter program may use, or nil when the engine gave no budget (the
/// program then has the whole machine). The generated program hands it to
/// `ConvLab.threadCount` before the first cell: the runtime does not link ConvLab.
public func _lessonsThreadBudget() -> Int? {
    guard let raw = getenv(WireFormat.threadBudgetVariable), let count = Int(String(cString: raw)),
          count >= 1 else { return nil }
    return count
}
