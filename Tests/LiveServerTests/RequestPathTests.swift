import LiveServer
import Testing

@Suite struct RequestPathTests {
    @Test func pagesAndFolders() {
        #expect(RequestPath.sitePath("/") == "index.html")
        #expect(RequestPath.sitePath("") == "index.html")
        #expect(RequestPath.sitePath("/two-3x3.html") == "two-3x3.html")
        #expect(RequestPath.sitePath("/two-3x3.html?fresh=1#cell-macs") == "two-3x3.html")
        #expect(RequestPath.sitePath("/notes/") == "notes/index.html")
        #expect(RequestPath.sitePath("//style.css") == "style.css")
        #expect(RequestPath.sitePath("/a%20b.html") == "a b.html")
    }

    @Test func pathsThatCouldEscapeAreRefused() {
        #expect(RequestPath.sitePath("/../etc/passwd") == nil)
        #expect(RequestPath.sitePath("/notes/../../secret") == nil)
        #expect(RequestPath.sitePath("/%2e%2e/secret") == nil)
        #expect(RequestPath.sitePath("/%2E%2E%2Fsecret") == nil)
        #expect(RequestPath.sitePath("/./index.html") == nil)
        #expect(RequestPath.sitePath("/..%5csecret") == nil)
        #expect(RequestPath.sitePath("/index.html%00.css") == nil)
        #expect(RequestPath.sitePath("/%zz") == nil)
    }
}
