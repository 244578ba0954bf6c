import Foundation
import LiveServer
import Testing

/// The server in-process on a free port: files, the reload script, the event stream, paths.
/// Every wait is async (the server runs on the same few concurrency threads as the tests).
@Suite struct LiveServerTests {
    static func site(_ text: String, generation: Int, notice: String? = nil) -> SiteSnapshot {
        SiteSnapshot(files: [
            ("index.html", "<!doctype html><html><body>\n<p>\(text)</p>\n</body></html>\n"),
            ("style.css", "body { color: black; }\n"),
        ], generation: generation, notice: notice)
    }

    /// Runs `body` with a server of `initial` on a free port, and stops it whatever happens.
    static func withServer(host: String = "127.0.0.1", _ initial: SiteSnapshot,
                           _ body: (LiveServer, UInt16) async throws -> Void) async throws {
        let server = try await LiveServer(host: host, port: 0, initial: initial)
        do {
            try await body(server, await server.port)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test func servesPagesWithTheReloadScriptAndAssetsAsTheyAre() async throws {
        try await Self.withServer(Self.site("first text", generation: 1)) { server, port in
        #expect(port > 0)
        #expect(server.isLoopbackOnly)

        let page = try await HTTPProbe.get("/", port: port)
        #expect(page.status == 200)
        #expect(page.headers["content-type"] == "text/html; charset=utf-8")
        #expect(page.body.contains("<p>first text</p>"))
        #expect(page.body.contains("<script src=\"/__lessons/reload.js\" data-generation=\"1\"></script>\n</body>"))

        let css = try await HTTPProbe.get("/style.css", port: port)
        #expect(css.status == 200)
        #expect(css.headers["content-type"] == "text/css; charset=utf-8")
        #expect(css.body == "body { color: black; }\n")

        let script = try await HTTPProbe.get("/__lessons/reload.js", port: port)
        #expect(script.status == 200)
        #expect(script.body.contains("new EventSource(\"/__lessons/events\")"))
        #expect(script.body.contains("location.reload()"))

        #expect(try await HTTPProbe.get("/missing.html", port: port).status == 404)
        #expect(try await HTTPProbe.get("/", port: port, method: "POST").status == 405)
        }
    }

    @Test func aPublishedSnapshotReachesTheEventStreamAndReplacesThePages() async throws {
        try await Self.withServer(Self.site("old text", generation: 1)) { server, port in
        let events = try HTTPProbe.EventStream(port: port)
        // On connecting, the stream names the build being served, so a stale page can tell.
        #expect(try await events.wait(timeout: 120) { $0 == ["1"] }, "\(events.received)")
        #expect(events.received.contains("text/event-stream"))

        server.publish(Self.site("new text", generation: 2, notice: "01-a.md:7:1: error: <bad> cell"))
        #expect(try await events.wait(timeout: 120) { $0 == ["1", "2"] }, "\(events.received)")
        let page = try await HTTPProbe.get("/", port: port)
        #expect(page.body.contains("<p>new text</p>"))
        #expect(!page.body.contains("old text"))
        #expect(page.body.contains("data-generation=\"2\""))
        // The notice is on top, escaped.
        #expect(page.body.contains("role=\"alert\""))
        #expect(page.body.contains("01-a.md:7:1: error: &lt;bad&gt; cell"))
        }
    }

    @Test func noRequestPathLeavesTheSite() async throws {
        // /etc/passwd: a file a naive file server would hand out.
        try await Self.withServer(Self.site("text", generation: 1)) { _, port in
        for path in ["/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc/passwd", "/style.css/../../etc/passwd"] {
            let response = try await HTTPProbe.get(path, port: port)
            #expect([400, 404].contains(response.status), "\(path): \(response.status)")
            #expect(!response.body.contains("root:"), "\(path)")
        }
        }
    }

    @Test func aBusyPortIsAClearError() async throws {
        try await Self.withServer(Self.site("text", generation: 1)) { _, port in
            var busy: LiveServerError?
            do throws(LiveServerError) { _ = try await LiveServer(host: "127.0.0.1", port: port, initial: Self.site("text", generation: 1)) } catch { busy = error }
            #expect(busy?.description.contains("cannot listen on 127.0.0.1:\(port)") == true, "\(String(describing: busy))")
        }
        var bad: LiveServerError?
        do { _ = try await LiveServer(host: "localhost.example", port: 0, initial: Self.site("text", generation: 1)) } catch { bad = error }
        #expect(bad?.description.contains("not an IP address") == true)
    }

    @Test func aWidenedHostIsNotLoopbackOnly() async throws {
        try await Self.withServer(host: "0.0.0.0", Self.site("text", generation: 1)) { server, port in
            #expect(!server.isLoopbackOnly)
            let page = try await HTTPProbe.get("/", port: port)
            #expect(page.status == 200)
        }
    }
}
