@testable import SiteRenderer
import Testing

@Suite("Site text")
struct SiteTextTests {
    @Test("Durations and dates are fixed, in UTC")
    func timesAndDates() {
        #expect(HTMLText.duration(0.2) == "<1 ms")
        #expect(HTMLText.duration(812.4) == "812 ms")
        #expect(HTMLText.duration(3400) == "3.4 s")
        #expect(SiteDates.human(SiteFixture.date) == "2026-11-18 11:06 UTC")
        #expect(SiteDates.iso(SiteFixture.date) == "2026-11-18T11:06:40Z")
    }

    @Test("Escaping covers both quote kinds")
    func escaping() {
        #expect(HTMLText.escape("<a href=\"x\" title='y'>&</a>")
            == "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;")
    }
}
