import ArgumentParser
import Foundation

/// `--shard I/N` of `run`: this process runs chapters I, I+N, I+2N, … (0-based book order),
/// so that N processes on N machines run the whole book between them. `auto/N` takes I from
/// a Kubernetes Indexed Job (`JOB_COMPLETION_INDEX`) or a Slurm array (`SLURM_ARRAY_TASK_ID`,
/// with `--array=0-(N-1)`).
struct ShardOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Run only this share of the chapters: I/N runs chapters whose 0-based index mod N is I; auto/N reads I from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID.",
        valueName: "I/N"))
    var shard: String?

    /// The environment variables `auto` reads, in order.
    static let indexVariables = ["JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID"]

    func validate() throws {
        do {
            _ = try share(environment: ProcessInfo.processInfo.environment)
        } catch {
            throw ValidationError(error.message)
        }
    }

    /// `(index, count)`, or nil when no `--shard` was given.
    func share(environment: [String: String]) throws(InputError) -> (index: Int, count: Int)? {
        guard let shard else { return nil }
        let parts = shard.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, let count = Int(parts[1]), count >= 1 else {
            throw InputError(message: "--shard needs I/N with N at least 1 (e.g. 0/3 or auto/3), got '\(shard)'")
        }
        var text = parts[0]
        if text == "auto" {
            guard let found = Self.indexVariables.lazy.compactMap({ environment[$0] }).first else {
                throw InputError(message: "--shard auto/\(count) needs JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID")
            }
            text = found
        }
        guard let index = Int(text), (0..<count).contains(index) else {
            throw InputError(message: "--shard index must be a whole number from 0 to \(count - 1), got '\(text)'")
        }
        return (index, count)
    }

    /// The items this shard runs: those whose position mod N is I (all without `--shard`).
    func select<Item>(_ items: [Item]) throws(InputError) -> [Item] {
        guard let (index, count) = try share(environment: ProcessInfo.processInfo.environment) else { return items }
        return items.enumerated().filter { $0.offset % count == index }.map(\.element)
    }
}
