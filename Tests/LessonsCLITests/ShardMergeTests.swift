import CLIHarness
import Foundation
import Testing

/// `run --shard`, `merge` and `build --from-store`: a book run in three processes, each into
/// its own store, merged and rendered, gives the site a single run gives.
@Suite("lessons run --shard, merge, build --from-store", .serialized)
struct ShardMergeTests {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lessons-shard-\(UUID().uuidString)").path

    @Test func threeShardsMergedRenderTheSiteOfOneRun() throws {
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let book = try ParallelBuildTests(scratch: scratch).makeBook()  // three chapters
        // Three processes at once, as three pods or array tasks would be; the last finds its
        // index the way a Kubernetes Indexed Job gives it.
        let shards = try ["0/3", "1/3", "auto/3"].enumerated().map { index, shard in
            try CLI.start(["run", "--book", book, "--db", scratch + "/shard\(index).sqlite", "--shard", shard],
                          environment: ["JOB_COMPLETION_INDEX": "2", "SLURM_ARRAY_TASK_ID": nil])
        }.map { try $0.finish() }
        for (index, shard) in shards.enumerated() {
            #expect(shard.status == 0, "\(shard.stdout)\(shard.stderr)")
            #expect(shard.stdout.components(separatedBy: "━━ ").count == 2, "shard \(index) ran one chapter")
        }
        #expect(shards[0].stdout.contains("━━ weights") && shards[1].stdout.contains("━━ exercise")
                && shards[2].stdout.contains("━━ timed"))

        let merged = scratch + "/merged.sqlite"
        let merge = try CLI.run(["merge"] + (0..<3).map { scratch + "/shard\($0).sqlite" } + ["--into", merged])
        #expect(merge.status == 0 && merge.stdout.contains("Merged 3 runs from 3 databases"), "\(merge.stderr)")
        let fromStore = try CLI.run(["build", "--book", book, "--db", merged, "--from-store", "--out", scratch + "/a"])
        #expect(fromStore.status == 0, "\(fromStore.stdout)\(fromStore.stderr)")
        let single = try CLI.run(["build", "--book", book, "--db", scratch + "/single.sqlite", "--out", scratch + "/b"])
        #expect(single.status == 0)
        let names = try ParallelBuildTests.siteFiles(scratch + "/b")
        #expect(try ParallelBuildTests.siteFiles(scratch + "/a") == names)
        for name in names {
            let a = try String(contentsOfFile: scratch + "/a/" + name, encoding: .utf8)
            let b = try String(contentsOfFile: scratch + "/b/" + name, encoding: .utf8)
            #expect(ParallelBuildTests.withoutTimes(a) == ParallelBuildTests.withoutTimes(b), "\(name) differs")
        }
    }

    @Test func aChapterWithoutAStoredRunIsNamed() throws {
        // --db names a file in an existing folder (a missing one is an error, not made).
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let db = scratch + "/one.sqlite"
        #expect(try CLI.run(["run", "weights", "--book", "Tests/Fixtures/site-book", "--db", db]).status == 0)
        let result = try CLI.run(["build", "--book", "Tests/Fixtures/site-book", "--db", db, "--from-store",
                                  "--out", scratch + "/site"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no stored run of 'exercise' (Tests/Fixtures/site-book/02-exercise.md)"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scratch + "/site/index.html"))
    }

    @Test func badShardsAndMergesAreUsageErrors() throws {
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        for (shard, message) in [("3/3", "from 0 to 2"), ("1/0", "N at least 1"), ("x", "needs I/N")] {
            let result = try CLI.run(["run", "--book", "Tests/Fixtures/site-book", "--shard", shard])
            #expect(result.status == 2 && result.stderr.contains(message), "\(shard): \(result.stderr)")
        }
        let auto = try CLI.run(["run", "--book", "Tests/Fixtures/site-book", "--shard", "auto/2"],
                               environment: ["JOB_COMPLETION_INDEX": nil, "SLURM_ARRAY_TASK_ID": nil])
        #expect(auto.status == 2 && auto.stderr.contains("needs JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID"))
        let missing = try CLI.run(["merge", scratch + "/nope.sqlite", "--into", scratch + "/s.sqlite"])
        #expect(missing.status == 2 && missing.stderr.contains("no results database at"))
        let itself = try CLI.run(["merge", scratch + "/s.sqlite", "--into", scratch + "/s.sqlite"])
        #expect(itself.status == 2 && itself.stderr.contains("is also a source"))
    }
}
