import Foundation
import Testing
import WorkbookCore
@testable import WorkbookSite

/// The passes and the writer, on whole chapter bodies (exact HTML for a Markdown input).
@Suite struct SiteBuilderTests {
    func body(_ source: String, outputs: [String] = [], figures: [[String]] = []) throws -> String {
        TestBook.body(try TestBook.site([TestBook.verified(source, outputs: outputs, figures: figures)]))
    }

    @Test func outputIsEscapedNotInjected() throws {
        let source = "# Escaping\n\n```swift\nprint(\"<script>alert(1)</script>\")\n```\n\n```output\n<script>alert(1)</script>\n```\n"
        let got = try body(source, outputs: ["<script>alert(1)</script>\n"])
        #expect(got == """
            <div class="snippet short">
            <pre class="code" tabindex="0"><code class="language-swift">print(<span class="str">"&lt;script&gt;alert(1)&lt;/script&gt;"</span>)
            </code></pre>
            <pre class="output" tabindex="0" aria-label="Output"><samp>&lt;script&gt;alert(1)&lt;/script&gt;
            </samp></pre>
            </div>

            """)
    }

    @Test func controlCharactersNeverMakeInvalidXML() throws {
        let source = "# Control\n\n```swift\nprint(\"\\u{1B}[1mbold\\u{7}\")\n```\n\n```output\n\u{1B}[1mbold\u{7}\n```\n"
        let files = try TestBook.site([TestBook.verified(source, outputs: ["\u{1B}[1mbold\u{7}\n"])])
        #expect(TestBook.body(files).contains("<samp>\u{241B}[1mbold\u{2407}\n</samp>"))
        #expect(SiteValidator.problems(in: files) == [])
    }

    @Test func solutionsAreFoldedWithTheirOutput() throws {
        let source = "# Ex\n\n```swift\nprint(1)\n```\n\n```output\n1\n```\n\n## Exercises\n\n1. Two?\n\n```swift solution\nprint(2)\n```\n\n```output\n2\n```\n"
        let got = try body(source, outputs: ["1\n", "2\n"])
        #expect(got == """
            <div class="snippet short">
            <pre class="code" tabindex="0"><code class="language-swift">print(<span class="num">1</span>)
            </code></pre>
            <pre class="output" tabindex="0" aria-label="Output"><samp>1
            </samp></pre>
            </div>
            <h2 id="exercises"><span class="secno">1.1</span> Exercises <a class="anchor" href="#exercises" aria-label="Link to section 1.1">#</a></h2>
            <ol>
            <li>Two?</li>
            </ol>
            <details class="solution"><summary>Solution</summary>
            <div class="snippet short">
            <pre class="code" tabindex="0"><code class="language-swift">print(<span class="num">2</span>)
            </code></pre>
            <pre class="output" tabindex="0" aria-label="Output"><samp>2
            </samp></pre>
            </div>
            </details>

            """)
    }

    @Test func figuresAreNumberedLinkableAndReferencedWithAPreview() throws {
        let svg = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><title>Loss &amp; epochs</title></svg>\n"
        let source = "# Figs\n\n```swift\nshow()\n```\n\nAs {@fig:loss-epochs} shows.\n"
        let got = try body(source, outputs: [""], figures: [[svg]])
        #expect(got == """
            <div class="snippet short">
            <pre class="code" tabindex="0"><code class="language-swift">show()
            </code></pre>
            <figure class="plot" id="figure-1-1">
            <div class="figure-scroll" tabindex="0" role="region" aria-label="Figure 1.1"><svg xmlns="http://www.w3.org/2000/svg"><title>Loss &amp; epochs</title></svg></div>
            <figcaption><a class="figure-number" href="#figure-1-1">Figure 1.1</a> Loss &amp; epochs</figcaption>
            </figure>
            </div>
            <p>As <a class="xref" href="#figure-1-1">Figure\u{A0}1.1<span class="xref-preview" aria-hidden="true">Loss &amp; epochs</span></a> shows.</p>

            """)
    }

    @Test func headingsAreNumberedOnceWithAnchors() throws {
        let source = "# Gates\n\n## The cell {#sec:cell}\n\n### A `code` part\n\n## The cell\n"
        let got = try body(source)
        #expect(got == """
            <h2 id="sec:cell"><span class="secno">1.1</span> The cell <a class="anchor" href="#sec:cell" aria-label="Link to section 1.1">#</a></h2>
            <h3 id="a-code-part"><span class="secno">1.1.1</span> A <code>code</code> part <a class="anchor" href="#a-code-part" aria-label="Link to section 1.1.1">#</a></h3>
            <h2 id="the-cell"><span class="secno">1.2</span> The cell <a class="anchor" href="#the-cell" aria-label="Link to section 1.2">#</a></h2>

            """)
    }

    @Test func aHandWrittenNumberFailsTheBuildAtItsLine() throws {
        #expect(try TestBook.problems("# T\n\nText.\n\n## 4.1 Numbered\n") == [
            "5:1: heading starts with the number \"4.1\"; the site numbers headings itself, so remove it",
        ])
        #expect(try TestBook.problems("# T\n\nText.\n\n## The 4.1 release\n") == [])
    }

    @Test func pipeTablesWithInlineMarkdownMathAndCRLF() throws {
        let source = "# Tables\r\n\r\n| gate | what |\r\n| --- | ---: |\r\n| *forget* | $\\sigma$ |\r\n"
        let got = try body(source)
        #expect(got == """
            <div class="table-scroll" tabindex="0" role="region" aria-label="Table">
            <table>
            <thead>
            <tr><th>gate</th><th class="align-right">what</th></tr>
            </thead>
            <tbody>
            <tr><td><em>forget</em></td><td class="align-right"><span class="math-inline">\(try MathML.render("\\sigma", display: .inline))</span></td></tr>
            </tbody>
            </table>
            </div>

            """)
    }

    @Test func noMathInCodeAndCRLFTeXErrorsAtTheirLine() throws {
        let source = "# Math\r\n\r\n~~~text\r\n$a*b*c$\r\n~~~\r\n\r\nA `$x$` span.\r\n\r\n$$\r\na = 1\r\n\\frobnicate{x}\r\n$$\r\n"
        let got = try TestBook.problems(source)
        #expect(got == ["11:1: unsupported TeX command \\frobnicate"])
        let fine = "# Math\r\n\r\n~~~text\r\n$a*b*c$\r\n~~~\r\n\r\nA `$x$` span and $a*b*c$.\r\n"
        let got2 = try body(fine)
        #expect(got2 == """
            <pre class="code" tabindex="0"><code class="language-text">$a*b*c$
            </code></pre>
            <p>A <code>$x$</code> span and <span class="nowrap"><span class="math-inline">\(try MathML.render("a*b*c", display: .inline))</span>.</span></p>

            """)
    }

    @Test func displayMathBrokenByABlockIsReported() throws {
        let got = try TestBook.problems("# Math\n\n$$\na\n+ b\n$$\n")
        #expect(got == ["3:1: display math $$ is not closed in its paragraph (a line inside it may start a list, a heading or a quote; write \\$ for a dollar sign)",
                        // cmark counts a lazy continuation line's columns from the list item's content.
                        "6:3: display math $$ is not closed in its paragraph (a line inside it may start a list, a heading or a quote; write \\$ for a dollar sign)"])
    }

    @Test func unsupportedTeXFailsAtTheMarkdownLine() throws {
        let problems = try TestBook.problems("# Math\n\nFine so far.\n\nThen $\\frobnicate{x}$ breaks.\n")
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("5:7: ") == true)
        #expect(problems.first?.contains("frobnicate") == true)
    }

    @Test func displayMathIsNumberedLinkableAndSplitsItsParagraph() throws {
        let source = "# Refs\n\n## The cell {#sec:cell}\n\nThe cell:\n$$c = f c + i g \\label{eq:cell}$$\nand then\n\n$$x$$\n\nSee {@eq:cell} in {@sec:cell} of {@ch:test}.\n"
        let cell = try MathML.render("c = f c + i g", display: .block)
        let x = try MathML.render("x", display: .block)
        let got = try body(source)
        #expect(got == """
            <h2 id="sec:cell"><span class="secno">1.1</span> The cell <a class="anchor" href="#sec:cell" aria-label="Link to section 1.1">#</a></h2>
            <p>The cell:</p>
            <div class="equation" id="eq:cell">
            <div class="math-display" tabindex="0" role="region" aria-label="Equation 1.1">\(cell)</div>
            <a class="equation-number" href="#eq:cell" aria-label="Link to equation 1.1">(1.1)</a>
            </div>
            <p>and then</p>
            <div class="equation" id="equation-1-2">
            <div class="math-display" tabindex="0" role="region" aria-label="Equation 1.2">\(x)</div>
            <a class="equation-number" href="#equation-1-2" aria-label="Link to equation 1.2">(1.2)</a>
            </div>
            <p>See <a class="xref" href="#eq:cell">Equation\u{A0}1.1<span class="xref-preview" aria-hidden="true">\(cell)</span></a> in <a class="xref" href="#sec:cell">Section\u{A0}1.1<span class="xref-preview" aria-hidden="true">The cell</span></a> of <a class="xref" href="#chapter-title">Chapter\u{A0}1<span class="xref-preview" aria-hidden="true">Refs</span></a>.</p>

            """)
    }

    @Test func printPageHasContentsAndPrefixedIDsThatStartWithALetter() throws {
        let source = "# Refs\n\n## The cell\n\n$$c \\label{eq:cell}$$\n\nSee {@eq:cell}.\n"
        let print = try TestBook.site([TestBook.verified(source, outputs: [])])["print.html"] ?? ""
        #expect(print.contains("<nav class=\"print-toc\" aria-label=\"Contents\">\n<h2 id=\"contents\">Contents</h2>\n<ol class=\"toc\">\n<li><a class=\"toc-chapter\" href=\"#ch1\"><span class=\"secno\">1</span> Refs</a>\n<ol class=\"toc-sections\">\n<li><a href=\"#ch1-the-cell\"><span class=\"secno\">1.1</span> The cell</a></li>\n</ol>\n</li>\n</ol>\n</nav>"))
        #expect(print.contains("<h1 id=\"ch1-chapter-title\">Refs</h1>"))
        #expect(print.contains("<a class=\"xref\" href=\"#ch1-eq:cell\">"))
        #expect(print.contains("<div class=\"equation\" id=\"ch1-eq:cell\">"))
    }

    @Test func everyReferenceAndLinkProblemIsReportedAtItsLine() throws {
        let source = """
            # Refs

            $$a = b \\label{eq:ab}$$

            $$c \\label{eq:ab}$$

            See {@eq:ab} and {@eq:missing}, `{@eq:in-code}`.

            [out](https://example.com), [bad](javascript:alert(1)), ![img](x.png), [dead](#nowhere), [other](02-none.md).
            """
        let got = try TestBook.problems(source)
        #expect(got == [
            "5:5: label 'eq:ab' is defined twice; first as Equation 1.1 at chapters/01-test.md:3",
            "9:1: link to 'https://example.com' leaves the book; links may point to '#anchor' or to a chapter ('03-lstm.md#anchor')",
            "9:29: link to 'javascript:alert(1)' leaves the book; links may point to '#anchor' or to a chapter ('03-lstm.md#anchor')",
            "9:57: image 'x.png' is not supported; figures come from the code (show(…) from the Figures module)",
            "7:18: unknown cross-reference {@eq:missing}; defined labels: eq:ab",
            "9:72: link to 01-test.html#nowhere points to no anchor on that page",
            "9:90: link to 02-none.html points to no chapter of the book",
        ])
        let links = "# Refs\n\nSee {@eq:missing}.\n\n[out](https://example.com), [bad](javascript:alert(1)), ![img](x.png), [dead](#nowhere), [other](02-none.md).\n"
        let got2 = try TestBook.problems(links)
        #expect(got2 == [
            "5:1: link to 'https://example.com' leaves the book; links may point to '#anchor' or to a chapter ('03-lstm.md#anchor')",
            "5:29: link to 'javascript:alert(1)' leaves the book; links may point to '#anchor' or to a chapter ('03-lstm.md#anchor')",
            "5:57: image 'x.png' is not supported; figures come from the code (show(…) from the Figures module)",
            "3:5: unknown cross-reference {@eq:missing}",
            "5:72: link to 01-test.html#nowhere points to no anchor on that page",
            "5:90: link to 02-none.html points to no chapter of the book",
        ])
    }

    @Test func summaryDoesNotStopAtAnInitial() {
        #expect(ChapterSummary.firstSentence("In Ghajini (A. R. Murugadoss, 2008), he forgets. Then more.") == "In Ghajini (A. R. Murugadoss, 2008), he forgets.")
        #expect(ChapterSummary.firstSentence("One sentence only") == "One sentence only")
    }

    @Test func pagesAreDeterministicAndValid() throws {
        let source = "# Gates\n\nThe forget gate $f_t = \\sigma(W x_t)$ decides.\n\n## The cell\n\n```swift\nprint(\"kept\")\n```\n\n```output\nkept\n```\n"
        let chapter = try TestBook.verified(source, outputs: ["kept\n"])
        let first = try TestBook.site([chapter])
        #expect(first == (try TestBook.site([chapter])))
        #expect(first.keys.sorted() == ["01-test.html", "assets/book.css", "assets/book.js", "assets/favicon.svg",
                                        "assets/fonts/STIX-Math-OFL.txt", "assets/fonts/stix-math.woff2", "assets/search-index.js",
                                        "assets/xref.css", "index.html", "print.html", "programs/01-test.swift"])
        #expect(SiteValidator.problems(in: first) == [])
    }
}

/// The search index is a second walk of the page tree: one entry per section, prose and code.
@Suite struct SearchSectionsTests {
    @Test func sectionsHoldTheirProseInlineMathAndCodeButNotDisplayMath() throws {
        let source = "# Gates\n\nIntro $\\sigma$ text.\n\n## The cell\n\nKeep `it` {@ch:test}.\n\n```swift\nprint(1)\n```\n\n```output\n1\n```\n\n$$y$$\n"
        let book = try SiteBuilder.book([TestBook.verified(source, outputs: ["1\n"])], frontMatter: TestBook.front, warnings: { _ in })
        let entries = SearchSections.of(book.chapters[0])
        #expect(entries.map { [$0.page, $0.pageTitle, $0.anchor, $0.title, $0.text, $0.code] } == [
            ["01-test.html", "Gates", "", "Gates", "Intro σ text.", ""],
            ["01-test.html", "Gates", "the-cell", "1.1 The cell", "Keep it Chapter 1.", "print(1)\n"],
        ])
    }
}
