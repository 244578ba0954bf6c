import ArgumentParser
import Foundation
import LessonRuntime
import LessonStore

/// `lessons merge A.sqlite B.sqlite … --into S`: gathers the runs of shard stores into one.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Copy the runs of several results databases into one (e.g. after `run --shard`).",
        discussion: """
            Every run of each source, with its cells, metrics, claims and outputs, is copied into \
            the --into database (created when missing) under new ids, in one transaction: on \
            failure nothing is copied. Later sources' runs count as later. Learners' progress is \
            not copied. Then `lessons build --from-store --db S` renders the site. Exit status: \
            0 merged, 2 bad usage or an unreadable database.
            """)

    @Argument(help: "The databases to copy runs from.")
    var sources: [String]

    @Option(name: .long, help: "The database to copy runs into.")
    var into: String

    func validate() throws {
        if sources.isEmpty { throw ValidationError("name at least one database to merge") }
        let target = URL(fileURLWithPath: into).standardizedFileURL.path
        if sources.contains(where: { URL(fileURLWithPath: $0).standardizedFileURL.path == target }) {
            throw ValidationError("--into \(into) is also a source; merging a store into itself would copy its runs twice")
        }
    }

    func run() throws {
        var databases: [LessonDatabase] = []
        for source in sources {
            // Opening a missing file would create an empty store: a typo must not pass silently.
            guard StoreLocation.exists(source) else {
                throw InputError(message: "no results database at '\(source)'")
            }
            databases.append(try InputError.wrap { () throws(StoreError) in try LessonDatabase.open(at: source) })
        }
        let target = try InputError.wrap { () throws(StoreError) in try LessonDatabase.open(at: into) }
        let copied = try InputError.wrap { () throws(StoreError) in try target.merge(databases) }
        print("Merged \(ValueText.count(copied, "run")) from \(ValueText.count(sources.count, "database")) into \(into)")
    }
}
