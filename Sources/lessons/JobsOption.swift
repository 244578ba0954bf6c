import ArgumentParser
import Foundation

/// `--jobs N` of `run`, `verify` and `build`: how many chapter programs run at once.
struct JobsOption: ParsableArguments {
    @Option(name: .long, help: "Chapters run at once (default: the number of cores). Each gets cores / N ConvLab threads; chapters that time code run alone afterwards.")
    var jobs: Int?

    /// The number asked for, or one per core.
    var count: Int { jobs ?? ProcessInfo.processInfo.activeProcessorCount }

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs needs a number of at least 1, got \(jobs)") }
    }
}
