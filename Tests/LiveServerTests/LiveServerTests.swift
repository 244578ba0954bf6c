import Foundation
import LiveServer
import Testing

/// The server in-process on a free port: files, the reload script, the event stream, paths.
/// Serialized: each test blocks one of the few cooperative threads while the server needs another.
@Suite(.serialized) struct LiveServerTests {
    static func site(_ text: String, generation: Int, notice: String? = nil) -> SiteSnapshot {
        SiteSnapshot(files: [
            ("index.html", "<!doctype html><html><body>\n<p>\(text)</p>\n</body></html>\n"),
            ("style.css", "body { color: black; }\n"),
        ], generation: generation, notice: notice)
    }

    @Test func servesPagesWithTheReloadScriptAndAssetsAsTheyAre() throws {
        let server = try LiveServer(host: "127.0.0.1", port: 0, initial: Self.site("first text", generation: 1))
        defer { server.stop() }
        #expect(server.port > 0)
        #expect(server.isLoopbackOnly)

        let page = try HTTPProbe.get("/", port: server.port)
        #expect(page.status == 200)
        #expect(page.headers["content-type"] == "text/html; charset=utf-8")
        #expect(page.body.contains("<p>first text</p>"))
        #expect(page.body.contains("<script src=\"/__lessons/reload.js\" data-generation=\"1\"></script>\n</body>"))

        let css = try HTTPProbe.get("/style.css", port: server.port)
        #expect(css.status == 200)
        #expect(css.headers["content-type"] == "text/css; charset=utf-8")
        #expect(css.body == "body { color: black; }\n")

        let script = try HTTPProbe.get("/__lessons/reload.js", port: server.port)
        #expect(script.status == 200)
        #expect(script.body.contains("new EventSource(\"/__lessons/events\")"))
        #expect(script.body.contains("location.reload()"))

        #expect(try HTTPProbe.get("/missing.html", port: server.port).status == 404)
        #expect(try HTTPProbe.get("/", port: server.port, method: "POST").status == 405)
    }

    @Test func aPublishedSnapshotReachesTheEventStreamAndReplacesThePages() throws {
        let server = try LiveServer(host: "127.0.0.1", port: 0, initial: Self.site("old text", generation: 1))
        defer { server.stop() }
        let events = try HTTPProbe.EventStream(port: server.port)
        // On connecting, the stream names the build being served, so a stale page can tell.
        #expect(events.wait(timeout: 10) { $0 == ["1"] }, "\(events.received)")
        #expect(events.received.contains("text/event-stream"))

        server.publish(Self.site("new text", generation: 2, notice: "01-a.md:7:1: error: <bad> cell"))
        #expect(events.wait(timeout: 10) { $0 == ["1", "2"] }, "\(events.received)")
        let page = try HTTPProbe.get("/", port: server.port)
        #expect(page.body.contains("<p>new text</p>"))
        #expect(!page.body.contains("old text"))
        #expect(page.body.contains("data-generation=\"2\""))
        // The notice is on top, escaped.
        #expect(page.body.contains("role=\"alert\""))
        #expect(page.body.contains("01-a.md:7:1: error: &lt;bad&gt; cell"))
    }

    @Test func noRequestPathLeavesTheSite() throws {
        // A file beside the process's folder that a naive file server would hand out.
        let server = try LiveServer(host: "127.0.0.1", port: 0, initial: Self.site("text", generation: 1))
        defer { server.stop() }
        for path in ["/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc/passwd", "/style.css/../../etc/passwd"] {
            let response = try HTTPProbe.get(path, port: server.port)
            #expect([400, 404].contains(response.status), "\(path): \(response.status)")
            #expect(!response.body.contains("root:"), "\(path)")
        }
    }

    @Test func aBusyPortIsAClearError() throws {
        let first = try LiveServer(host: "127.0.0.1", port: 0, initial: Self.site("text", generation: 1))
        defer { first.stop() }
        #expect(throws: LiveServerError.self) {
            _ = try LiveServer(host: "127.0.0.1", port: first.port, initial: Self.site("text", generation: 1))
        }
        let bad = #expect(throws: LiveServerError.self) {
            _ = try LiveServer(host: "localhost.example", port: 0, initial: Self.site("text", generation: 1))
        }
        #expect(bad?.description.contains("not an IP address") == true)
    }

    @Test func aWidenedHostIsNotLoopbackOnly() throws {
        let server = try LiveServer(host: "0.0.0.0", port: 0, initial: Self.site("text", generation: 1))
        defer { server.stop() }
        #expect(!server.isLoopbackOnly)
        #expect(try HTTPProbe.get("/", port: server.port).status == 200)
    }
}
