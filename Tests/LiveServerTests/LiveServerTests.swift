import Foundation
import Testing
@testable import LiveServer

/// The server's parts that need no socket: what a served page gets, what a file is labelled,
/// what the event stream says. The server itself is tested through `lessons serve`
/// (`ServeCommandTests`), in a process of its own: in this one, the tests that wait for
/// launched programs can hold every concurrency thread for minutes, and the server needs one.
@Suite struct LiveServerTests {
    @Test func aServedPageGetsTheReloadScriptAndTheNoticeEscaped() {
        let html = "<!doctype html><html><body>\n<p>text</p>\n</body></html>\n"
        let page = ReloadScript.inject(into: html, generation: 7, notice: "01-a.md:7:1: error: <bad> & \"cell\"")
        #expect(page.hasPrefix("<!doctype html><html><body>\n<pre id=\"lessons-serve-notice\" role=\"alert\""))
        #expect(page.contains(">01-a.md:7:1: error: &lt;bad&gt; &amp; &quot;cell&quot;</pre>"))
        #expect(page.hasSuffix("<p>text</p>\n<script src=\"/__lessons/reload.js\" data-generation=\"7\"></script>\n</body></html>\n"))
        // No notice, no banner; a page without </body> gets the script at its end.
        let plain = ReloadScript.inject(into: "<p>bare</p>", generation: 2, notice: nil)
        #expect(plain == "<p>bare</p><script src=\"/__lessons/reload.js\" data-generation=\"2\"></script>\n")
        #expect(ReloadScript.source.contains("new EventSource(\"/__lessons/events\")"))
        #expect(ReloadScript.source.contains("if (event.data !== generation)"))
    }

    @Test func filesAreLabelledForTheBrowser() {
        let snapshot = SiteSnapshot(files: [("index.html", "<p>é</p>"), ("style.css", "a{}"), ("search.js", "x"), ("plot.svg", "<svg/>")],
                                    generation: 3, notice: nil)
        #expect(snapshot.file(at: "index.html")?.contentType == "text/html; charset=utf-8")
        #expect(snapshot.file(at: "index.html")?.body == Data("<p>é</p>".utf8))
        #expect(snapshot.file(at: "style.css")?.contentType == "text/css; charset=utf-8")
        #expect(snapshot.file(at: "search.js")?.contentType == "text/javascript; charset=utf-8")
        #expect(snapshot.file(at: "plot.svg")?.contentType == "image/svg+xml")
        #expect(snapshot.file(at: "../index.html") == nil)
        #expect(snapshot.generation == 3)
    }

    @Test func theEventStreamNamesTheCurrentBuildThenEachNewOne() async {
        let events = ReloadEvents()
        let stream = events.subscribe(first: ReloadEvents.reload(generation: 4))
        #expect(events.count == 1)
        events.send(ReloadEvents.reload(generation: 5))
        events.finishAll()
        var messages: [String] = []
        for await message in stream { messages.append(String(decoding: message, as: UTF8.self)) }
        #expect(messages == ["retry: 500\nevent: reload\ndata: 4\n\n", "retry: 500\nevent: reload\ndata: 5\n\n"])
        #expect(events.count == 0)
    }

    @Test func aHostThatIsNotAnAddressIsAClearError() async {
        var bad: LiveServerError?
        do throws(LiveServerError) {
            _ = try await LiveServer(host: "localhost.example", port: 0, initial: SiteSnapshot(files: [], generation: 1))
        } catch { bad = error }
        #expect(bad?.description == "'localhost.example' is not an IP address to listen on (give one such as 127.0.0.1, 0.0.0.0 or ::)")
    }
}
