@testable import SiteRenderer
import Testing

@Suite("Site text")
struct SiteTextTests {
    @Test("Values in prose: whole numbers in full, four significant digits, exponent when tiny")
    func numbers() {
        #expect(HTMLText.number(0.722222) == "0.7222")
        #expect(HTMLText.number(28.8) == "28.8")
        #expect(HTMLText.number(1234.56) == "1235")
        #expect(HTMLText.number(1_234_567) == "1234567")
        #expect(HTMLText.number(-0.0) == "0")
        #expect(HTMLText.number(0.0000025) == "2.5e-6")
        #expect(HTMLText.number(.nan) == "NaN")
        #expect(HTMLText.metric(12.5, unit: "ms") == "12.5 ms")
        #expect(HTMLText.metric(3, unit: "") == "3")
    }

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
