import CLIHarness
import Foundation
import Testing

/// `lessons serve` launched on a temporary book: the author's loop end to end.
@Suite(.serialized) struct ServeCommandTests {
    static let chapter = """
        ---
        title: First
        summary: A chapter for the serve test.
        ---

        # First

        PROSE

        ```swift
        CODE
        ```

        """

    static func write(_ book: URL, prose: String, code: String) throws {
        let text = chapter.replacingOccurrences(of: "PROSE", with: prose).replacingOccurrences(of: "CODE", with: code)
        // Written as an editor that saves in place does: the watcher must see a same-size edit.
        try text.write(to: book.appendingPathComponent("01-first.md"), atomically: false, encoding: .utf8)
    }

    /// Waits for `lessons serve` to print its address and returns the port.
    static func port(of server: CLI.Running) throws -> UInt16 {
        let deadline = Date().addingTimeInterval(300)
        while Date() < deadline {
            let output = server.stdoutSoFar()
            if let match = output.firstMatch(of: /serving .* at http:\/\/127\.0\.0\.1:(\d+)\//) {
                return try #require(UInt16(match.output.1))
            }
            usleep(50_000)
        }
        Issue.record("no address printed: \(server.stdoutSoFar())")
        throw HTTPProbe.Failure(description: "lessons serve did not start")
    }

    /// The listening sockets of this machine's IPv4 table bound to `port`, as `address:port` in hex.
    static func listeners(port: UInt16) throws -> [String] {
        let table = try String(contentsOfFile: "/proc/net/tcp", encoding: .utf8)
        let suffix = String(format: ":%04X", port)
        return table.split(separator: "\n").dropFirst().compactMap { line in
            let fields = line.split(separator: " ")
            // State 0A is LISTEN.
            guard fields.count > 3, fields[1].hasSuffix(suffix), fields[3] == "0A" else { return nil }
            return String(fields[1])
        }
    }

    @Test func anEditReloadsThePageAndABrokenChapterShowsItsErrorWhileTheServerRuns() async throws {
        let book = try CLI.temporaryBook()
        defer { try? FileManager.default.removeItem(at: book.deletingLastPathComponent()) }
        try Self.write(book, prose: "Prose version one.", code: "print(\"hello from the cell\")")

        let server = try CLI.start(["serve", "--book", book.path, "--port", "0", "--jobs", "1"])
        var stopped = false
        defer { if !stopped { server.send(SIGKILL); _ = try? server.finish() } }
        let port = try Self.port(of: server)

        // It watches the book and, running from this package's build folder, ConvLab's sources.
        #expect(server.stdoutSoFar().contains("watching \(book.path) and \(CLI.root)/Sources/ConvLab"), "\(server.stdoutSoFar())")

        // Loopback only by default: the one listening socket is 127.0.0.1's (7F000001, little-endian).
        #expect(try Self.listeners(port: port) == [String(format: "0100007F:%04X", port)])

        let first = try await HTTPProbe.get("/first.html", port: port)
        #expect(first.status == 200, "\(first.body.prefix(300))")
        #expect(first.body.contains("Prose version one."))
        #expect(first.body.contains("hello from the cell"))
        #expect(first.body.contains("/__lessons/reload.js"))
        let css = try await HTTPProbe.get("/style.css", port: port)
        #expect(css.status == 200)
        #expect(css.headers["content-type"] == "text/css; charset=utf-8")
        #expect(!css.body.contains("__lessons"))
        #expect(try await HTTPProbe.get("/", port: port).body.contains("First"))
        let script = try await HTTPProbe.get("/__lessons/reload.js", port: port)
        #expect(script.status == 200)
        #expect(script.body.contains("location.reload()"))
        #expect(try await HTTPProbe.get("/missing.html", port: port).status == 404)
        #expect(try await HTTPProbe.get("/", port: port, method: "POST").status == 405)
        // No request path leaves the site: sent as written, raw, and percent-encoded.
        for path in ["/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc/passwd", "/style.css/../../etc/passwd"] {
            let response = try await HTTPProbe.get(path, port: port)
            #expect([400, 404].contains(response.status), "\(path): \(response.status)")
            #expect(!response.body.contains("root:"), "\(path)")
        }

        let events = try HTTPProbe.EventStream(port: port)
        #expect(try await events.wait(timeout: 120) { $0.count == 1 }, "\(events.received)")
        let served = events.reloads[0]

        // A prose edit: a new build, its event, and the new text served.
        try Self.write(book, prose: "Prose version two.", code: "print(\"hello from the cell\")")
        #expect(try await events.wait(timeout: 120) { $0.count == 2 }, "\(events.received)\n\(server.stdoutSoFar())")
        #expect(events.reloads.last != served)
        let edited = try await HTTPProbe.get("/first.html", port: port)
        #expect(edited.body.contains("Prose version two."))
        #expect(!edited.body.contains("Prose version one."))

        // A cell that does not compile: the page shows the error at its markdown line (11),
        // and the server still answers.
        try Self.write(book, prose: "Prose version two.", code: "let broken: Int = \"text\"")
        #expect(try await events.wait(timeout: 180) { $0.count == 3 }, "\(events.received)\n\(server.stdoutSoFar())")
        let broken = try await HTTPProbe.get("/first.html", port: port)
        #expect(broken.status == 200)
        #expect(broken.body.contains("01-first.md:11:"), "\(broken.body)")
        #expect(broken.body.contains("id=\"lessons-serve-notice\""))
        #expect(try await HTTPProbe.get("/", port: port).status == 200)

        // Ctrl-C ends it.
        server.send(SIGINT)
        let result = try server.finish()
        stopped = true
        #expect(result.status == SIGINT, "\(result.stdout)\n\(result.stderr)")
        #expect(try Self.listeners(port: port).isEmpty)
    }

    @Test func aWidenedHostSaysSoAndABadPortIsAUsageError() throws {
        let book = try CLI.temporaryBook()
        defer { try? FileManager.default.removeItem(at: book.deletingLastPathComponent()) }
        try Self.write(book, prose: "Prose.", code: "print(1)")
        let bad = try CLI.run(["serve", "--book", book.path, "--port", "70000"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--port needs a number from 0 to 65535"))
        let host = try CLI.run(["serve", "--book", book.path, "--port", "0", "--host", "not-an-address"])
        #expect(host.status == 2)
        #expect(host.stderr.contains("'not-an-address' is not an IP address"), "\(host.stderr)")

        // The reload script and the banner belong to served pages only, never to `lessons build`'s files.
        let out = book.deletingLastPathComponent().appendingPathComponent("site")
        let built = try CLI.run(["build", "--book", book.path, "--out", out.path])
        #expect(built.status == 0, "\(built.stdout)\(built.stderr)")
        let page = try String(contentsOf: out.appendingPathComponent("first.html"), encoding: .utf8)
        #expect(page.contains("Prose."))
        #expect(!page.contains("__lessons"))
        #expect(!page.contains("lessons-serve-notice"))

        let server = try CLI.start(["serve", "--book", book.path, "--port", "0", "--host", "0.0.0.0"])
        defer { server.send(SIGKILL); _ = try? server.finish() }
        let deadline = Date().addingTimeInterval(300)
        while !server.stdoutSoFar().contains("serving"), Date() < deadline { usleep(50_000) }
        #expect(server.stdoutSoFar().contains("at http://0.0.0.0:"))
        #expect(server.stdoutSoFar().contains("reachable from other machines (--host 0.0.0.0)"))
        // A port in use is a clear error, exit status 2.
        let port = try #require(server.stdoutSoFar().firstMatch(of: /0\.0\.0\.0:(\d+)\//).map { String($0.output.1) })
        let busy = try CLI.run(["serve", "--book", book.path, "--port", port])
        #expect(busy.status == 2)
        #expect(busy.stderr.contains("cannot listen on 127.0.0.1:\(port)"), "\(busy.stderr)")
    }
}
