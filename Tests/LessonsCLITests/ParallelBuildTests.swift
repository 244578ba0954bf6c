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

    /// The site's files, `api/` pages included, as paths relative to `folder`, sorted.
    static func siteFiles(_ folder: String) throws -> [String] {
        try FileManager.default.subpathsOfDirectory(atPath: folder).filter { path in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isFolder) && !isFolder.boolValue
        }.sorted()
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
            for name in try Self.siteFiles(out) {
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

/// Ctrl-C during `--jobs 2` stops every chapter program, not only the last one started.
@Suite("lessons run --jobs, interrupted", .serialized)
struct ParallelInterruptTests {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lessons-int-\(UUID().uuidString)").path

    @Test func anInterruptKillsEveryRunningChapter() throws {
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        try FileManager.default.createDirectory(atPath: scratch + "/book", withIntermediateDirectories: true)
        for name in ["a", "b"] {
            // Each program leaves its pid where the test can see it, then waits a minute.
            try """
                # \(name)

                ```swift
                let file = fopen("\(scratch)/pid-\(name)", "w")
                fputs("\\(getpid())", file)
                fclose(file)
                sleep(60)
                ```

                """.write(toFile: scratch + "/book/0\(name == "a" ? 1 : 2)-\(name).md", atomically: true, encoding: .utf8)
        }
        let running = try CLI.start(["run", "--book", scratch + "/book", "--db", scratch + "/db.sqlite", "--jobs", "2"])
        let deadline = Date().addingTimeInterval(120)
        func pids() -> [pid_t] {
            ["a", "b"].compactMap { try? String(contentsOfFile: scratch + "/pid-" + $0, encoding: .utf8) }.compactMap { pid_t($0) }
        }
        while pids().count < 2 && Date() < deadline { usleep(100_000) }
        let children = pids()
        #expect(children.count == 2, "both chapter programs run at once")
        running.send(SIGINT)
        _ = try running.finish()
        let gone = Date().addingTimeInterval(5)
        while children.contains(where: Self.alive) && Date() < gone { usleep(50_000) }
        for pid in children { #expect(!Self.alive(pid), "chapter program \(pid) outlived lessons") }
    }

    /// Whether `pid` still runs: a zombie (dead, waiting for a parent that may never reap it
    /// in a container) does not count.
    static func alive(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return !stat.contains(") Z ")
    }
}
