import CLIHarness
import Foundation
import Testing

/// `--jobs`: a parallel build writes the same site as a serial one, in the same order.
@Suite("lessons build --jobs", .serialized)
struct ParallelBuildTests {
    var scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lessons-jobs-\(UUID().uuidString)").path

    /// The fixture book and a third chapter that times code (so it runs alone, last).
    func makeBook() throws -> String {
        let book = scratch + "/book"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "Tests/Fixtures/site-book", toPath: book)
        try """
            # Timed

            Summing takes a while, which this chapter measures: {{ sum }}.

            ```swift
            let ms = cpuMilliseconds { _ = (0..<1000).reduce(0, +) }
            record("sum", Double((0..<1000).reduce(0, +)))
            print(ms >= 0)
            ```

            """.write(toFile: book + "/03-timed.md", atomically: true, encoding: .utf8)
        return book
    }

    /// A page with the two things that differ between any two runs, serial or not — when
    /// each chapter ran and how long it and its cells took — blanked out.
    static func withoutTimes(_ text: String) -> String {
        text.replacingOccurrences(of: #"ran <time datetime="[^"]*">[^<]*</time> in [^<"]*"#, with: "ran …",
                                  options: .regularExpression)
            .replacingOccurrences(of: #"<span class="time">[^<]*</span>"#, with: "<span class=\"time\"></span>",
                                  options: .regularExpression)
    }

    @Test func twoJobsWriteTheSamePagesAsOne() throws {
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let book = try makeBook()
        var sites: [[String: String]] = []
        for jobs in ["1", "2"] {
            let out = scratch + "/site-" + jobs
            let result = try CLI.run(["build", "--book", book, "--db", scratch + "/db-\(jobs).sqlite", "--out", out,
                                      "--no-cache", "--jobs", jobs])
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            var files: [String: String] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: out) {
                files[name] = Self.withoutTimes(try String(contentsOfFile: out + "/" + name, encoding: .utf8))
            }
            sites.append(files)
        }
        #expect(sites[0].keys.sorted() == sites[1].keys.sorted())
        #expect(sites[0]["timed.html"]?.contains("499500") == true)
        for name in sites[0].keys.sorted() { #expect(sites[0][name] == sites[1][name], "\(name) differs") }
    }

    @Test func jobsMustBePositive() throws {
        let result = try CLI.run(["run", "--jobs", "0", "--book", "Tests/Fixtures/site-book"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--jobs needs a number of at least 1"))
    }
}
