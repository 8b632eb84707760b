import Foundation
import Testing
@testable import WorkbookSite

/// A two-chapter book whose content exercises escaping, math, a snippet and a figure.
enum Fixture {
    static let svg = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- made by the figures module -->
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><path d="M0 0L10 10" stroke="var(--fig-series-1)"/></svg>
        """

    static let rnn = "# Recurrent networks\n\nMemory.\n\n## Memory\n\nCarry the past.\n\n```swift\nprint(\"<script>alert(1)</script>\")\n```\n\n```output\n<script>alert(1)</script>\n```\n"
    static let lstm = "# The LSTM\n\nThree gates.\n\n## Gates & cells\n\n### Forget\n\n$$\\mathbf{c}_t = \\mathbf{f}_t \\odot \\mathbf{c}_{t-1} \\label{eq:cell}$$\n\nSee [memory](01-rnn.md#memory) and {@eq:cell}.\n\n```swift\nlet x = 1\nprint(x)\n```\n\n```output\n1\n```\n"

    static var book: Book {
        let chapters = [
            try! TestBook.verified(rnn, path: "chapters/01-rnn.md", outputs: ["<script>alert(1)</script>\n"]),
            try! TestBook.verified(lstm, path: "chapters/02-lstm.md", outputs: ["1\n"], figures: [[svg]]),
        ]
        let front = SiteBuilder.FrontMatter(title: "Sequence Models & Swift", subtitle: "Every number checked", pitchMarkdown: "Films and gates.")
        return try! SiteBuilder.book(chapters, frontMatter: front, warnings: { _ in })
    }

    static func site() throws -> [String: String] {
        let book = book
        var files: [String: String] = [
            "index.html": PageTemplate.indexPage(of: book),
            "print.html": PageTemplate.printPage(of: book),
            "assets/search-index.js": SearchIndex(sections: []).javaScript(),
        ]
        for i in book.chapters.indices {
            files[book.chapters[i].fileName] = PageTemplate.chapterPage(i, of: book)
            files[book.chapters[i].programFileName] = book.chapters[i].program
        }
        for (path, contents) in try SiteAssets.files() { files[path] = contents }
        for (path, _) in try SiteAssets.binaryFiles() { files[path] = "" }
        return files
    }
}

@Suite struct PageTemplateTests {
    @Test func everyPageIsWellFormedAndEveryLinkResolves() throws {
        #expect(SiteValidator.problems(in: try Fixture.site()) == [])
    }

    @Test func contentSecurityPolicyForbidsTheNetwork() {
        #expect(PageTemplate.contentSecurityPolicy == "default-src 'none'; script-src 'self' 'sha256-DC9w7PwLoELFvV9zg7KQ7d3gDhoy81kwDZhDwtDxcDk='; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; base-uri 'none'; form-action 'none'")
    }

    @Test func printedMarkupIsShownLiterally() {
        let page = PageTemplate.chapterPage(0, of: Fixture.book)
        #expect(page.contains("<pre class=\"output\" tabindex=\"0\" aria-label=\"Output\"><samp>&lt;script&gt;alert(1)&lt;/script&gt;\n</samp></pre>"))
        #expect(!page.contains("<script>alert"))
    }

    @Test func runBoxAndPager() {
        let chapter = Fixture.book.chapters[1]
        #expect(PageTemplate.runBox(chapter) == """
            <aside class="run-box" aria-label="How to run this chapter">
            <p><span class="run-label">Run this chapter</span> <code>swift run lstm</code> <a class="program-link" href="programs/02-lstm.swift" download="02-lstm.swift">Download the whole program</a> <span class="program-note">(every snippet, hidden lines included)</span></p>
            <p class="verified">Every output on this page was printed by this code and is verified by <code>swift test</code>.</p>
            </aside>

            """)
        #expect(PageTemplate.pagerLink(rel: "next", label: "Next", href: "02-lstm.html", title: "2. The LSTM")
            == "<a class=\"pager-next\" rel=\"next\" href=\"02-lstm.html\"><span class=\"pager-direction\">Next</span><span class=\"pager-title\">2. The LSTM</span></a>\n")
    }

    @Test func chapterPageHasNavigationAndTheRunBox() {
        let page = PageTemplate.chapterPage(1, of: Fixture.book)
        let expectedPieces = [
            "<title>2. The LSTM · Sequence Models &amp; Swift</title>",
            "<link rel=\"prev\" href=\"01-rnn.html\"/>",
            "<li class=\"current\"><a href=\"02-lstm.html\" aria-current=\"page\"><span class=\"secno\">2</span> The LSTM</a>",
            "<li><a href=\"01-rnn.html#memory\"><span class=\"secno\">1.1</span> Memory</a></li>",
            "<li class=\"toc-level-3\"><a href=\"#forget\"><span class=\"secno\">2.1.1</span> Forget</a></li>",
            "<a class=\"pager-prev\" rel=\"prev\" href=\"01-rnn.html\"><span class=\"pager-direction\">Previous</span><span class=\"pager-title\">1. Recurrent networks</span></a>",
        ]
        #expect(expectedPieces.filter { !page.contains($0) } == [])
        #expect(!page.contains("rel=\"next\""))
    }

    @Test func assetsAreLocalOnly() throws {
        let files = try SiteAssets.files()
        #expect(files.map(\.path) == ["assets/book.css", "assets/xref.css", "assets/book.js", "assets/favicon.svg",
                                       "assets/fonts/STIX-Math-OFL.txt"])
        let css = files[0].contents, js = files[2].contents
        #expect(!files[1].contents.contains("url(") && !files[1].contents.contains("://"))
        // The one url() is the math font, shipped with the site.
        #expect(css.components(separatedBy: "url(").count == 2 && css.contains("url(\"fonts/stix-math.woff2\") format(\"woff2\")"))
        #expect(!css.contains("@import") && !css.contains("://"))
        // The math font is WOFF2, with its licence (SIL OFL 1.1) beside it.
        let font = try SiteAssets.binaryFiles()
        #expect(font.map(\.path) == ["assets/fonts/stix-math.woff2"] && font[0].contents.prefix(4) == Data("wOF2".utf8))
        #expect(files[4].contents.contains("SIL OPEN FONT LICENSE Version 1.1") && files[4].contents.contains("STI Pub Companies"))
        #expect(!js.contains("http") && !js.contains("://") && !js.contains("fetch("))
        // The figure variables exist in the light theme, the dark theme (twice: toggle and system) and print.
        #expect(css.components(separatedBy: "--fig-series-8:").count - 1 == 4)
    }
}

@Suite struct SiteValidatorTests {
    @Test func reportsEveryKindOfProblem() {
        let page = """
            <html><body><p id="a">x</p><p id="a">dup</p>
            <a href="#a">ok</a><a href="#nope">bad fragment</a><a href="https://example.com">net</a>
            <a href="other.html">missing</a><a href="b.html#zzz">no id</a><a href="b.html#b">ok</a>
            <img src="data:image/png;base64,AA"/><script src="//cdn.example/x.js"></script></body></html>
            """
        let problems = SiteValidator.problems(in: [
            "a.html": page,
            "b.html": "<html><head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\"/></head><body id=\"b\"></body></html>",
            "c.html": "<html><body><p>unclosed</body></html>",
            "d.html": "<a>&nbsp;</a>",
        ])
        #expect(problems == [
            "a.html: duplicate id \"a\"",
            "a.html: href=\"#nope\" points to no id on the page",
            "a.html: href=\"b.html#zzz\" points to no id in b.html",
            "a.html: href=\"https://example.com\" leaves the site",
            "a.html: href=\"other.html\" points to missing file other.html",
            "a.html: no Content-Security-Policy starting with default-src 'none'",
            "a.html: src=\"//cdn.example/x.js\" leaves the site",
            "c.html:1:31: not well-formed XML (libxml2 error 76)",
            "d.html:1:10: not well-formed XML (libxml2 error 26)",
        ])
    }

    @Test func resolvesRelativePaths() {
        #expect(SiteValidator.resolve("../assets/book.css", from: "chapters/01.html") == "assets/book.css")
        #expect(SiteValidator.resolve("assets/book.js", from: "index.html") == "assets/book.js")
    }
}
