import Testing
@testable import WorkbookSite

@Suite struct SiteValidatorLinkTests {
    @Test func schemesAreFoundOnlyBeforeThePath() {
        #expect(SiteValidator.hasScheme("https://example.org/"))
        #expect(SiteValidator.hasScheme("javascript:alert(1)"))
        #expect(SiteValidator.hasScheme("mailto:a@b"))
        #expect(!SiteValidator.hasScheme("03-lstm.html#eq:cell"), "a colon in the fragment is not a scheme")
        #expect(!SiteValidator.hasScheme("assets/a:b.css"))
        #expect(!SiteValidator.hasScheme("index.html"))
    }

    @Test func linksThatLeaveTheSiteAreReported() {
        let page = { (href: String) in
            "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><meta http-equiv=\"Content-Security-Policy\" content=\"\(PageTemplate.contentSecurityPolicy)\"/></head><body><a href=\"\(href)\">x</a><p id=\"eq:cell\">y</p></body></html>"
        }
        #expect(SiteValidator.problems(in: ["index.html": page("https://example.org/")]) == ["index.html: href=\"https://example.org/\" leaves the site"])
        #expect(SiteValidator.problems(in: ["index.html": page("index.html#eq:cell")]) == [])
    }
}
